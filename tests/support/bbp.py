"""bbpPairings, the FIDE-endorsed Dutch engine in ../shared/tools (see its ABOUT.txt), as the
tests' reference: it generates random tournaments (byes, forfeits, withdrawals, half-point
byes) and checks a tournament's pairings. A test that needs it is skipped, saying why, where
the binary is absent or cannot run."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.results.swiss import check, trf

BBP = Path(__file__).resolve().parents[3] / "shared" / "tools" / "bbpPairings" / "bbpPairings.exe"
CONFIG = (
    "PlayersNumber={n}\nRoundsNumber={r}\nDrawPercentage={d}\nForfeitRate={f}\nRetiredRate={w}\nHalfPointByeRate={h}\n"
)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    if not BBP.exists():
        pytest.skip(f"bbpPairings is not at {BBP} (CI has ../shared)")
    try:
        return subprocess.run([str(BBP), *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except OSError as error:
        pytest.skip(f"bbpPairings cannot run here: {error}")


def generate(tmp_path: Path, seed: int, players: int, rounds: int, draws=30, forfeits=15, retired=10, byes=10) -> str:
    """A tournament bbpPairings paired round by round, as a TRF text (rates: 1 in N games)."""
    config = tmp_path / f"rtg{seed}.txt"
    config.write_text(CONFIG.format(n=players, r=rounds, d=draws, f=forfeits, w=retired, h=byes))
    out = tmp_path / f"t{seed}.trf"
    done = run("--dutch", "-g", str(config), "-o", str(out), "-s", str(seed), cwd=tmp_path)
    if done.returncode != 0 and "No valid pairing exists" in done.stdout + done.stderr:
        return ""  # the generator's random results left no legal round: no tournament for this seed
    assert done.returncode == 0, done.stdout + done.stderr
    return out.read_bytes().decode()


def seeded(tmp_path: Path, seed: int) -> str:
    """The tournament of ``seed`` in the family the Swiss tests share: 9 to 60 players, 5 to 9
    rounds (``rounds_of(seed)``), draws, forfeits, withdrawals and half-point byes at rates
    varying with the seed."""
    return generate(tmp_path, seed, players=9 + (seed * 7) % 52, rounds=rounds_of(seed), draws=2 + seed % 50,
                    forfeits=2 + seed % 20, retired=2 + seed % 15, byes=2 + seed % 12)  # fmt: skip


def rounds_of(seed: int) -> int:
    return 5 + seed % 5


def seeded_tournaments(tmp_path: Path, seeds: range = range(1, 151)) -> Iterator[tuple[int, trf.Tournament]]:
    """(seed, tournament) for each seed that gave one (a few leave no legal round)."""
    for seed in seeds:
        if text := seeded(tmp_path, seed):
            yield seed, trf.parse(text)


SCORING = check.points(trf.Tournament([]))  # 1, ½, 0: the generator writes no scoring records
