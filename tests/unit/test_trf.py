"""FIDE's tournament report file (services/results/swiss/trf.py) against the FIDE-endorsed
engine bbpPairings (../shared/tools/bbpPairings): tournaments it generates (byes, forfeits,
withdrawals, half-point byes) read and written back byte for byte, and a file we write is
one its checker accepts round by round. Skipped, saying why, where the binary cannot run."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.errors import ValidationErrors
from services.results.swiss import trf
from tests.support import bbp

pytestmark = pytest.mark.unit


def _generated(tmp_path, seed: int, players: int, rounds: int) -> str:
    return bbp.generate(tmp_path, seed, players, rounds)


def test_generated_tournaments_are_read_and_written_back_byte_for_byte(tmp_path):
    kinds = set()
    for seed in range(1, 41):
        text = _generated(tmp_path, seed, players=9 + seed % 40, rounds=5 + seed % 5)
        if not text:
            continue
        tournament = trf.parse(text)
        assert trf.dump(tournament) == text, seed
        for p in tournament.players:
            kinds |= {g.result for g in p.games}
            played = sum(Decimal({"1": 1, "=": "0.5", "+": 1, "U": 1, "F": 1, "H": "0.5", "W": 1, "D": "0.5"}.get(g.result, 0))
                         for g in p.games)  # fmt: skip
            assert played == p.points, (seed, p.number)  # the points column is the results' sum
    assert {"1", "0", "=", "U"} <= kinds and kinds & {"+", "-"} and kinds & {"H", "Z"}, kinds  # the variety


def test_a_file_we_write_passes_the_engines_checker(tmp_path):
    text = _generated(tmp_path, 77, players=24, rounds=7)
    tournament = trf.parse(text)
    ours = tmp_path / "ours.trf"
    ours.write_bytes(trf.dump(tournament).encode())
    checked = bbp.run("--dutch", str(ours), "-c", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Round #7" in checked.stdout


def test_a_damaged_line_is_refused_by_its_number():
    good = "012 Giải cờ tướng\n001    1      Nguyễn Văn An                     1800                             1.0    1     2 w 1\n"
    other = "001    2      Trần Văn Bình                     1700                             0.0    2     1 b 0\n"
    assert [p.name for p in trf.parse(good + other).players] == ["Nguyễn Văn An", "Trần Văn Bình"]
    with pytest.raises(ValidationErrors) as refused:
        trf.parse(good + other.replace("    1 b 0", "    x b 0") + "001 abcd\n")
    assert refused.value.problems == [
        "Dòng 3: ván 1 (cột 92–101) không hợp lệ: “x b 0”.",
        "Dòng 4: số thứ tự (cột 5–8) phải là số từ 1 đến 9999.",
    ]
    with pytest.raises(ValidationErrors) as unknown:
        trf.parse(good)
    assert unknown.value.problems == ["Người số 1, ván 1: không có đối thủ số 2."]
