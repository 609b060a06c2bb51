"""A Chinese-chess event as a Swiss tournament, through the officials' pages: the plan (7
rounds by default, the bye's points), pairing numbers by lot, each round paired by the Dutch
engine, its whole sheet entered on one form and confirmed as a whole by a second official,
absences and a withdrawal, standings with their tie-break columns, the pairing sheet and
the crosstable printed, the TRF file that FIDE's endorsed checker (bbpPairings) accepts,
medals once the last round is confirmed. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import Entry, Match, MatchStage, Registration, RegistrationStatus, ResultChange
from services.results import swiss_rounds, swiss_table
from services.results.swiss import check, dutch, trf
from tests.support import bbp, worlds
from tests.support import factories as f
from tests.support.pdfs import page_texts
from tests.support.races import Person, at_once


@pytest.fixture
def chess(app, make_client):
    ev = f.event()
    comp = f.competition(ev, "Cờ tướng cá nhân nam", sport="Cờ tướng")
    f.entries(ev, comp, 6, per_unit=2)  # 12 players of 6 units
    seventh = f.unit("U07")  # a 13th, of a 7th unit: an odd number, a bye in a round all play
    db.session.add_all([Registration(event=ev, unit=seventh, status=RegistrationStatus.APPROVED),
                        Entry(competition=comp, unit=seventh)])  # fmt: skip
    return comp, worlds.results_desk(comp, make_client)


PLAN = {"format": "swiss", "preset": "chess", "best_of": 1, "groups": 1, "advance_per_group": 2, "third_place": "shared",
        "points_win": 2, "points_draw": 1, "points_loss": 0, "points_forfeit": 0, "rounds": 5, "bye_points": "1",
        "tie_1": "DE", "tie_2": "BH", "tie_3": "WIN", "tie_4": "BPG", "tie_5": "BWG"}  # fmt: skip


def _games(comp, round_no=None) -> list[Match]:
    db.session.expire_all()
    query = select(Match).where(Match.competition_id == comp.id, Match.stage == MatchStage.SWISS)
    if round_no:
        query = query.where(Match.round_no == round_no)
    return list(db.session.scalars(query.order_by(Match.round_no, Match.position)))


def _enter(client, comp, round_no, pick) -> str:
    """Every board's result by ``pick(board)`` (a code of swiss_table.RESULTS)."""
    url = f"/results/competitions/{comp.id}/swiss/rounds/{round_no}"
    client.get(url)
    form = {}
    for m in _games(comp, round_no):
        if m.away_entry_id:
            form[f"version-{m.id}"] = m.version
            form[f"result-{m.id}"] = pick(m.position)
    return client.post(url, form, follow_redirects=True).get_data(as_text=True)


def _confirm(client, comp, round_no) -> str:
    form = {f"version-{m.id}": m.version for m in _games(comp, round_no) if m.away_entry_id}
    url = f"/results/competitions/{comp.id}/swiss/rounds/{round_no}/confirm"
    return client.post(url, form, follow_redirects=True).get_data(as_text=True)


def _start(comp, admin):
    base = f"/results/competitions/{comp.id}"
    page = admin.get(base + "/plan").get_data(as_text=True)
    assert 'selected value="swiss"' in page and 'name="rounds"' in page and 'value="7"' in page  # the sport's default
    saved = admin.post(base + "/plan", PLAN | {"officials": [u.id for u in comp.officials]}, follow_redirects=True)
    assert "Đã lưu thể thức thi đấu." in saved.get_data(as_text=True)
    admin.post(base + "/draw", {"seed": 11}, follow_redirects=True)
    admin.post(base + "/publish", {}, follow_redirects=True)
    db.session.commit()
    assert comp.plan.draw["initial"] in ("w", "b") and len(comp.plan.draw["swiss"]) == 13


def test_a_swiss_tournament_from_the_plan_to_the_medals(chess, tmp_path):
    comp, people = chess
    admin, tt1, tt2 = people["admin"], people["tt1"], people["tt2"]
    _start(comp, admin)
    base = f"/results/competitions/{comp.id}/swiss"
    assert "Các vòng đấu hệ Thụy Sĩ" in admin.get(f"/results/competitions/{comp.id}").get_data(as_text=True)
    ids = comp.plan.draw["swiss"]

    # round 1: one absent; pair, print, enter with a mistake-free sheet, confirm by the other official
    page = tt1.post(base + "/pair", {"absent": [ids[3]]}, follow_redirects=True).get_data(as_text=True)
    assert "Đã ghép cặp vòng 1." in page
    one = _games(comp, 1)
    assert len([m for m in one if m.away_entry_id]) == 6 and not [m for m in one if m.away_entry_id is None]
    assert ids[3] not in {e for m in one for e in (m.home_entry_id, m.away_entry_id)}  # 12 present: no bye
    again = tt2.post(base + "/pair", {}, follow_redirects=True).get_data(as_text=True)
    assert "còn ván chưa được xác nhận" in again and len(_games(comp)) == 6

    sheet = tt1.get(base + "/rounds/1.pdf")
    assert sheet.mimetype == "application/pdf"
    text = page_texts(sheet.data)[0]
    assert "Vòng 1 / 5" in text and "Bàn" in text and "Đỏ" in text and "Vắng (0 điểm)" in text

    refused = _enter(tt1, comp, 1, lambda b: "2-0" if b == 3 else "1-0")
    assert "Kết quả không hợp lệ ở ván" in refused
    assert all(m.entered_at is None for m in _games(comp, 1))  # nothing half saved
    saved = _enter(tt1, comp, 1, lambda b: ["1-0", "½-½", "0-1", "+/-", "1-0", "0-1"][b - 1])
    assert "Đã lưu 6 ván" in saved
    work = tt2.get("/results/").get_data(as_text=True)  # "chờ tôi xác nhận" leads to the round's sheet
    assert work.count(f'href="/results/competitions/{comp.id}/swiss/rounds/1"') == 6
    own = _confirm(tt1, comp, 1)
    assert "không thể tự xác nhận" in own
    assert "Đã xác nhận cả vòng 1 (6 ván)." in _confirm(tt2, comp, 1)
    assert db.session.scalar(select(db.func.count()).select_from(ResultChange).where(
        ResultChange.competition_id == comp.id, ResultChange.action == "confirm")) == 6  # fmt: skip

    # rounds 2–5: everyone paired (a bye each round: 13 players), one withdraws after round 3
    for round_no in range(2, 6):
        form = {"withdrawn": [ids[5]]} if round_no >= 4 else {}
        assert f"Đã ghép cặp vòng {round_no}." in tt1.post(base + "/pair", form, follow_redirects=True).get_data(
            as_text=True)  # fmt: skip
        games = _games(comp, round_no)
        byes = [m for m in games if m.away_entry_id is None]
        assert len(byes) == (1 if round_no < 4 else 0) and all(m.confirmed_at for m in byes)
        _enter(tt2, comp, round_no, lambda b: ["1-0", "0-1", "½-½"][b % 3])
        assert "Đã xác nhận cả vòng" in _confirm(tt1, comp, round_no)
    done = tt1.post(base + "/pair", {}, follow_redirects=True).get_data(as_text=True)
    assert "Đã ghép cặp đủ 5 vòng." in done

    games = _games(comp)
    met = [frozenset((m.home_entry_id, m.away_entry_id)) for m in games if m.away_entry_id and not m.forfeited_by]
    assert len(met) == len(set(met))  # nobody met twice
    byes = [m.home_entry_id for m in games if m.away_entry_id is None]
    assert len(byes) == len(set(byes))  # never two byes to one player
    assert ids[5] not in {e for m in games if m.round_no >= 4 for e in (m.home_entry_id, m.away_entry_id)}

    overview = admin.get(base).get_data(as_text=True)
    assert "Bảng xếp hạng" in overview and ">DE<" in overview and ">BH<" in overview
    table = swiss_table.standings(comp.plan, games, ids)
    assert [r.place for r in table] == sorted(r.place for r in table) and table[0].points >= table[1].points
    assert sum(r.points for r in table) == Decimal(6 + 7 + 7 + 6 + 6)  # a point a board, the byes of rounds 2, 3

    public = admin.get(f"/board/{comp.event.slug}/competitions/{comp.id}").get_data(as_text=True)
    assert "swiss-standings" in public and "Vòng 5" in public and "½–½" in public  # the board shows the games
    cross = admin.get(base + "/crosstable.pdf")
    texts = " ".join(page_texts(cross.data))
    assert "Bảng tổng hợp" in texts and "V5" in texts and "BWG" in texts

    # medals follow the final standings (places shared after every tie-break wait for lots)
    db.session.expire_all()
    ranks = swiss_table.final_ranks(comp.plan, games, ids)
    assert ranks and ranks[0][1] == 1

    # the TRF: FIDE's endorsed checker finds every round paired as the Dutch rules pair it
    trf_text = admin.get(base + ".trf").get_data(as_text=True)
    assert trf_text.startswith("012 ") and "XXR 5" in trf_text and len(re.findall(r"^001 ", trf_text, re.M)) == 13
    path = tmp_path / "giai.trf"
    path.write_text(trf_text)
    ours = admin.post("/results/trf-check", {"file": (io.BytesIO(trf_text.encode()), "giai.trf")},
                      content_type="multipart/form-data").get_data(as_text=True)  # fmt: skip
    assert "Cả 5 vòng đều ghép đúng luật." in ours and 'data-same="no"' not in ours
    checked = bbp.run("--dutch", str(path), "-c", cwd=tmp_path)
    assert checked.returncode == 0 and "Round #5" in checked.stdout, checked.stdout + checked.stderr
    assert "Checker pairings" not in checked.stdout, checked.stdout  # its table of pairs that differ


def test_two_officials_pairing_at_once_pair_the_round_once(chess, served):
    comp, people = chess
    _start(comp, people["admin"])
    tt1, tt2 = Person(served, "tt1", f.PASSWORD), Person(served, "tt2", f.PASSWORD)
    url = f"/results/competitions/{comp.id}/swiss/pair"
    for round_no in (1, 2):
        answers = at_once(lambda: tt1.post(url), lambda: tt2.post(url))
        assert all(a.status_code == 302 for a in answers)
        said = [tt1.flashes(answers[0]), tt2.flashes(answers[1])]
        assert sum(f"Đã ghép cặp vòng {round_no}." in page for page in said) == 1
        assert {m.round_no for m in _games(comp)} == set(range(1, round_no + 1))
        assert len(_games(comp, round_no)) == 7  # 6 boards and a bye, once
        _enter(people["tt1"], comp, round_no, lambda b: "½-½")
        _confirm(people["tt2"], comp, round_no)


def test_a_stale_round_sheet_is_refused_and_nothing_changes(chess):
    comp, people = chess
    _start(comp, people["admin"])
    people["tt1"].post(f"/results/competitions/{comp.id}/swiss/pair", {}, follow_redirects=True)
    url = f"/results/competitions/{comp.id}/swiss/rounds/1"
    stale = {f"version-{m.id}": m.version for m in _games(comp, 1) if m.away_entry_id}
    _enter(people["tt1"], comp, 1, lambda b: "1-0")
    board = next(m for m in _games(comp, 1) if m.position == 1)
    answer = people["tt2"].post(url, stale | {f"result-{board.id}": "0-1"}, follow_redirects=True)
    assert "đã được người khác thay đổi" in answer.get_data(as_text=True)
    assert swiss_table.result_code(next(m for m in _games(comp, 1) if m.position == 1)) == "1-0"


@pytest.mark.parametrize("value", ["2-2", "", "1-0' OR 1=1", "x" * 5000])
def test_a_hostile_result_never_breaks_the_round(chess, value):
    comp, people = chess
    _start(comp, people["admin"])
    people["tt1"].post(f"/results/competitions/{comp.id}/swiss/pair", {}, follow_redirects=True)
    answer = _enter(people["tt1"], comp, 1, lambda b: value)
    assert "Internal Server Error" not in answer
    assert all(m.entered_at is None for m in _games(comp, 1) if m.away_entry_id)


def test_a_late_entry_gets_the_next_pairing_number_and_plays_from_the_next_round(chess):
    comp, people = chess
    _start(comp, people["admin"])
    base = f"/results/competitions/{comp.id}/swiss"
    people["tt1"].post(base + "/pair", {}, follow_redirects=True)
    _enter(people["tt1"], comp, 1, lambda b: "1-0")
    _confirm(people["tt2"], comp, 1)
    late = f.unit("U08")
    entry = Entry(competition=comp, unit=late)
    db.session.add_all([Registration(event=comp.event, unit=late, status=RegistrationStatus.APPROVED), entry])
    db.session.commit()
    assert "Đã ghép cặp vòng 2." in people["tt1"].post(base + "/pair", {}, follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert comp.plan.draw["swiss"][-1] == entry.id and len(comp.plan.draw["swiss"]) == 14
    two = _games(comp, 2)
    assert entry.id in {e for m in two for e in (m.home_entry_id, m.away_entry_id)}
    assert len([m for m in two if m.away_entry_id]) == 7  # 14 players, no bye


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\x00\xff" * 4000, "Tệp không có dòng người chơi nào"),
        (b"001    1      A" + b" " * 80 + b"xx", "không hợp lệ"),
        (b"0" * (2 * 1024 * 1024 + 1), "lớn hơn 2 MB"),
        (trf.dump(trf.Tournament([trf.Player(1, "An", games=[trf.Game(9999, "w", "1")])])), "không có đối thủ số 9999"),
    ],
)
def test_a_hostile_trf_is_refused_with_what_and_where(chess, content, said):
    _comp, people = chess
    data = content.encode() if isinstance(content, str) else content
    page = people["tt1"].post("/results/trf-check", {"file": (io.BytesIO(data), "x.trf")},
                              content_type="multipart/form-data")  # fmt: skip
    assert page.status_code == 200 and said in page.get_data(as_text=True)


def _rounds_played(comp, people, rounds: int) -> trf.Tournament:
    """The competition started, its first ``rounds`` rounds paired, every white winning,
    confirmed; its TRF as exported."""
    _start(comp, people["admin"])
    base = f"/results/competitions/{comp.id}/swiss"
    for round_no in range(1, rounds + 1):
        people["tt1"].post(base + "/pair", {}, follow_redirects=True)
        _enter(people["tt1"], comp, round_no, lambda b: "1-0")
        _confirm(people["tt2"], comp, round_no)
    return trf.parse(people["admin"].get(base + ".trf").get_data(as_text=True))


def test_a_round_paired_against_the_rules_is_named(chess):
    comp, people = chess
    t = _rounds_played(comp, people, 2)
    by_number = {p.number: p for p in t.players}
    (w1, b1), (w2, b2) = check.pairing(t, 2).boards[:2]
    for white, black in ((w1, b2), (w2, b1)):  # two boards' black players swapped
        by_number[white].games[1] = trf.Game(black, "w", "1")
        by_number[black].games[1] = trf.Game(white, "b", "0")
    page = people["tt1"].post("/results/trf-check", {"file": (io.BytesIO(trf.dump(t).encode()), "sua.trf")},
                              content_type="multipart/form-data").get_data(as_text=True)  # fmt: skip
    assert "1 / 2 vòng ghép khác luật." in page and 'data-round="2" data-same="no"' in page


def test_a_tie_no_tie_break_splits_is_settled_by_the_lots_the_admin_records(chess):
    comp, people = chess
    admin = people["admin"]
    base = f"/results/competitions/{comp.id}"
    admin.get(base + "/plan")
    admin.post(base + "/plan", PLAN | {"rounds": 1, "officials": [u.id for u in comp.officials]})
    admin.post(base + "/draw", {"seed": 3})
    admin.post(base + "/publish", {})
    people["tt1"].post(base + "/swiss/pair", {}, follow_redirects=True)
    _enter(people["tt1"], comp, 1, lambda b: "1-0")  # every white wins: the winners level on everything
    _confirm(people["tt2"], comp, 1)
    db.session.expire_all()
    ids = comp.plan.draw["swiss"]
    waiting = swiss_table.undecided(comp.plan, _games(comp), ids)
    shared = {row.number: row.place for row in swiss_table.standings(comp.plan, _games(comp), ids)}
    ranked = dict(swiss_table.final_ranks(comp.plan, _games(comp), ids))
    assert len(waiting) >= 2 and not set(waiting) & set(ranked)  # no medal while the place is shared
    page = admin.get(base).get_data(as_text=True)
    assert 'id="lots-form"' in page
    drawn = {f"lot-{e}": n for n, e in enumerate(waiting, start=1)}
    assert "Đã ghi kết quả bốc thăm phân hạng." in admin.post(base + "/lots", drawn, follow_redirects=True).get_data(
        as_text=True)  # fmt: skip
    db.session.expire_all()
    ranks = dict(swiss_table.final_ranks(comp.plan, _games(comp), ids))
    assert ranks[waiting[0]] == shared[waiting[0]]  # the first lot takes the first place the tie shared
    assert set(waiting) <= set(ranks)


def test_a_published_tournaments_trf_shows_its_tie_break_columns(chess):
    """The Women's World Rapid 2024 (tests/unit/test_swiss_tiebreaks.py): the check page's
    standings give Koneru Humpy (no. 10) the published BH-C1 63 and BH 67."""
    _comp, people = chess
    data = (Path(__file__).resolve().parents[1] / "data" / "swiss" / "wwrc2024.trf").read_bytes()
    page = people["tt1"].post("/results/trf-check", {"file": (io.BytesIO(data), "wwrc2024.trf")},
                              content_type="multipart/form-data").get_data(as_text=True)  # fmt: skip
    row = re.search(r'<tr data-number="10">.*?</tr>', page, re.S).group(0)
    assert "Koneru, Humpy" in row and "8½" in row
    assert 'data-code="BH-C1">63<' in row and 'data-code="BH">67<' in row
    assert page.count('data-round="') == 11


def _play_elsewhere(t: trf.Tournament, round_no: int, pick) -> None:
    """Another FIDE program pairs ``round_no`` (here: the Dutch rules) and scores it into the file."""
    scoring = check.points(t)
    everyone = [dutch.Entrant(e.number, e.past) for e in check.entrants(t, round_no, scoring)]
    pairing = dutch.pair(everyone, dutch.Rules(rounds=check.planned_rounds(t), initial=check.initial_colour(t)))
    by_number = {p.number: p for p in t.players}
    for p in t.players:
        p.games.append(trf.Game(None, "-", "Z"))
    for board, (white, black) in enumerate(pairing.boards, start=1):
        w, b = {"1-0": ("1", "0"), "½-½": ("=", "="), "0-1": ("0", "1")}[pick(board)]
        by_number[white].games[-1], by_number[black].games[-1] = trf.Game(black, "w", w), trf.Game(white, "b", b)
    if pairing.bye:
        by_number[pairing.bye].games[-1] = trf.Game(None, "-", "U")


def test_rounds_played_in_another_program_come_back_from_its_trf(chess):
    comp, people = chess
    base = f"/results/competitions/{comp.id}/swiss"
    t = _rounds_played(comp, people, 2)
    _play_elsewhere(t, 3, lambda b: "0-1")
    _play_elsewhere(t, 4, lambda b: "½-½")
    page = people["tt1"].post(base + "/import", {"file": (io.BytesIO(trf.dump(t).encode()), "venue.trf")},
                              content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "Đã nhập vòng 3, 4 từ tệp" in page and "khác luật" not in page
    three, four = _games(comp, 3), _games(comp, 4)
    assert {swiss_table.result_code(m) for m in three if m.away_entry_id} == {"0-1"}
    assert {swiss_table.result_code(m) for m in four if m.away_entry_id} == {"½-½"}
    assert all(m.entered_at and not m.confirmed_at for m in three + four if m.away_entry_id)
    again = people["tt1"].post(base + "/import", {"file": (io.BytesIO(trf.dump(t).encode()), "venue.trf")},
                               content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "không có vòng nào sau vòng 4" in again and len(_games(comp)) == len(three + four) + 14  # nothing twice
    for round_no in (3, 4):
        assert "Đã xác nhận cả vòng" in _confirm(people["tt2"], comp, round_no)
    assert "Đã ghép cặp vòng 5." in people["tt1"].post(base + "/pair", {}, follow_redirects=True).get_data(
        as_text=True)  # fmt: skip


def test_a_trf_of_other_players_is_refused_and_nothing_changes(chess):
    comp, people = chess
    base = f"/results/competitions/{comp.id}/swiss"
    t = _rounds_played(comp, people, 1)
    t.players[0].name = "Người lạ"
    _play_elsewhere(t, 2, lambda b: "1-0")
    page = people["tt1"].post(base + "/import", {"file": (io.BytesIO(trf.dump(t).encode()), "x.trf")},
                              content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "không thuộc nội dung này (so theo tên): 1 Người lạ" in page and len(_games(comp)) == 7


def test_a_correction_and_a_confirmation_of_one_round_at_once_are_one_or_the_other(chess, served):
    """The round's games are locked while one official corrects and another confirms: the whole
    round confirmed as the page showed it, or corrected and waiting — never half of each."""
    comp, people = chess
    _start(comp, people["admin"])
    people["tt1"].post(f"/results/competitions/{comp.id}/swiss/pair", {}, follow_redirects=True)
    url = f"/results/competitions/{comp.id}/swiss/rounds/1"
    tt1, tt2 = Person(served, "tt1", f.PASSWORD), Person(served, "tt2", f.PASSWORD)
    enterer = db.session.scalar(select(f.User).where(f.User.username == "tt1"))
    codes = ["1-0", "0-1"]
    for attempt in range(8):
        shown_code, other = codes[attempt % 2], codes[(attempt + 1) % 2]
        boards = [m for m in _games(comp, 1) if m.away_entry_id]
        db.session.commit()  # SQLite: write in a transaction of its own, not one begun by reading
        swiss_rounds.enter_round(comp, 1, {m.id: shown_code for m in boards}, {}, enterer)  # as the pages show it
        db.session.commit()
        boards = [m for m in _games(comp, 1) if m.away_entry_id]
        shown = {f"version-{m.id}": m.version for m in boards}
        corrected = shown | {f"result-{m.id}": other for m in boards}
        at_once(lambda: tt1.post(url, corrected), lambda: tt2.post(url + "/confirm", shown))  # noqa: B023
        after = [m for m in _games(comp, 1) if m.away_entry_id]
        assert len({m.confirmed_at is not None for m in after}) == 1  # all or none confirmed
        expected = shown_code if after[0].confirmed_at else other
        assert {swiss_table.result_code(m) for m in after} == {expected}
        if after[0].confirmed_at:  # back to entered, for the next race
            for m in after:
                m.confirmed_at = m.confirmed_by_id = None
            db.session.commit()
