"""A sprint run in heats then a final, through the officials' pages: the plan's lanes and
qualifying rule, heats drawn with a unit's athletes apart, one heat sheet per heat (a bad mark
refuses the whole sheet by lane), confirmed as a whole by a second official, the final drawn
from the qualifiers once every heat is confirmed, medals from the final (ties to the hundredth
shared). On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from extensions import db
from models import Performance, ResultChange
from services.results import board, drawing, follow_up, planning, recording
from tests.support import factories as f
from tests.support import worlds
from tests.support.pdfs import page_texts
from tests.support.races import Person, at_once


@pytest.fixture
def sprint(app, make_client):
    ev = f.event()
    comp = f.competition(ev, "Chạy 100 m nam", sport="Chạy")
    f.entries(ev, comp, 7, per_unit=2)  # 14 athletes of 7 units
    return comp, worlds.results_desk(comp, make_client)


def _lanes(comp, round_no, heat_no):
    db.session.expire_all()
    return sorted(
        db.session.scalars(
            select(Performance).where(
                Performance.competition_id == comp.id, Performance.round_no == round_no, Performance.heat_no == heat_no
            )
        ),
        key=lambda p: p.lane,
    )


def _sheet(client, comp, round_no, heat_no, marks):
    url = f"/results/competitions/{comp.id}/heats/{round_no}/{heat_no}"
    client.get(url)
    form = {}
    for p, value in zip(_lanes(comp, round_no, heat_no), marks, strict=True):
        form[f"version-{p.id}"] = p.version
        form[f"value-{p.id}" if value not in ("dns", "dnf", "dq") else f"status-{p.id}"] = value
    return client.post(url, form, follow_redirects=True).get_data(as_text=True)


def _confirm(client, comp, round_no, heat_no):
    url = f"/results/competitions/{comp.id}/heats/{round_no}/{heat_no}"
    form = {f"version-{p.id}": p.version for p in _lanes(comp, round_no, heat_no)}
    return client.post(url + "/confirm", form, follow_redirects=True).get_data(as_text=True)


def test_heats_then_a_final_from_the_heat_sheets_to_the_medals(sprint):
    comp, people = sprint
    admin, tt1, tt2 = people["admin"], people["tt1"], people["tt2"]
    base = f"/results/competitions/{comp.id}"
    admin.get(base + "/plan")
    plan = admin.post(
        base + "/plan",
        {"format": "ranked", "preset": "score", "best_of": 3, "groups": 1, "advance_per_group": 2,
         "third_place": "shared", "points_win": 3, "points_draw": 1, "points_loss": 0, "points_forfeit": 0,
         "lanes": 6, "qualify_place": 3, "qualify_time": 2, "officials": [u.id for u in comp.officials]},
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert "Đã lưu thể thức thi đấu." in plan
    refused = admin.post(base + "/draw", {"seed": 5}, follow_redirects=True).get_data(as_text=True)
    assert "3 lượt × 3 người đầu mỗi lượt + 2 thành tích tốt nhất = 11 người vào chung kết, nhiều hơn 6 làn" in refused
    db.session.expire_all()
    data = planning.plan_or_default(comp)
    data.lanes, data.qualify_place, data.qualify_time = 8, 3, 2
    planning.save_plan(comp, data, None)
    db.session.commit()
    admin.post(base + "/draw", {"seed": 5})
    admin.post(base + "/publish")
    heat_1, heat_2 = _lanes(comp, 1, 1), _lanes(comp, 1, 2)
    assert [p.lane for p in heat_1] == list(range(1, 8)) and len(heat_2) == 7  # 14 in two heats of 7
    for heat in (heat_1, heat_2):  # the two athletes of each unit run in different heats
        assert len({p.entry.unit_id for p in heat}) == 7

    page = tt1.get(base).get_data(as_text=True)
    assert "Lượt 1 vòng loại" in page and "Chung kết được lập khi mọi lượt vòng loại đã xác nhận." in page
    bad = _sheet(tt1, comp, 1, 1, ["11.90", "12.1x", "12.20", "12.341", "12.35", "dns", "13.00"])
    assert "Chưa lưu gì: bảng thành tích có lỗi." in bad and "Làn 2: Thành tích" in bad
    assert 'value="12.1x"' in bad and 'value="12.341"' in bad  # what was typed is still there to correct
    assert 'id="confirm-heat"' not in bad
    assert all(p.entered_at is None for p in _lanes(comp, 1, 1))  # nothing half-saved
    done = _sheet(tt1, comp, 1, 1, ["11.90", "12.10", "12.20", "12.341", "12.35", "dns", "13.00"])
    assert "Đã lưu 7 làn" in done
    assert f"{base}/heats/1/1" in tt2.get("/results/").get_data(as_text=True)  # "chờ tôi xác nhận" leads to the sheet
    assert "không thể tự xác nhận" in _confirm(tt1, comp, 1, 1)  # not the one who entered
    assert "Đã xác nhận cả lượt (7 làn)." in _confirm(tt2, comp, 1, 1)
    _sheet(tt1, comp, 1, 2, ["12.00", "12.15", "12.25", "12.60", "12.70", "dnf", "dq"])
    assert not _lanes(comp, 2, 1)  # no final before every heat is confirmed
    _confirm(tt2, comp, 1, 2)

    final = _lanes(comp, 2, 1)
    labels = board.event_results(comp.event).label
    # Q: heat 1's 11.90, 12.10, 12.20; heat 2's 12.00, 12.15, 12.25; q: 12.341 and 12.35 (both 12.35)
    by_lane = {p.lane: p.entry_id for p in final}
    heat_entry = {str(p.value): p.entry_id for p in _lanes(comp, 1, 1) + _lanes(comp, 1, 2) if p.value is not None}
    assert by_lane[4] == heat_entry["11.900"] and by_lane[5] == heat_entry["12.000"]  # the best in the middle
    assert sorted(by_lane) == list(range(1, 9))
    assert {heat_entry["12.341"], heat_entry["12.350"]} <= set(by_lane.values())
    assert heat_entry["12.600"] not in by_lane.values()
    assert "Chung kết" in tt1.get(base).get_data(as_text=True)

    # A heat is not corrected once the final has marks.
    _sheet(tt1, comp, 2, 1, ["11.80", "11.842", "11.85", "12.00", "12.10", "12.20", "12.30", "dnf"])
    late = _sheet(tt1, comp, 1, 1, ["11.95", "12.10", "12.20", "12.341", "12.35", "dns", "13.00"])
    assert "Chung kết đã có thành tích: không sửa được các lượt chạy vòng loại." in late
    _confirm(tt2, comp, 2, 1)
    places = board.event_results(comp.event).competition(comp.id).ranked
    ranks = [(labels(p.entry_id), rank) for p, rank in places]
    assert [rank for _label, rank in ranks] == [1, 2, 2, 4, 5, 6, 7]  # 11.842 is 11.85: silver shared
    history = db.session.scalars(select(ResultChange).where(ResultChange.competition_id == comp.id)).all()
    assert (
        sum(1 for h in history if h.action == "enter") == 7 + 7 + 8
        and sum(h.action == "confirm" for h in history) == 22
    )
    public = people["admin"].get(f"/board/hoi-thao-2024/competitions/{comp.id}").get_data(as_text=True)
    assert re.search(r"11[.,]85", public)
    pdf = people["admin"].get(f"/board/hoi-thao-2024/competitions/{comp.id}/result-sheet.pdf").data
    sheet = " ".join(" ".join(page_texts(pdf)).split())
    for text in ("Lượt 1 vòng loại", "Lượt 2 vòng loại", "Chung kết", "Vào chung kết", "DNS", "DNF", "DQ", "11.900 Q"):
        assert text in sheet, text  # the printed sheet: every heat lane by lane, who went through, the final


@pytest.fixture
def heat_entered(app, served):
    """Eight sprinters in one heat of a published 8-lane final, every lane entered by tt1."""
    ev = f.event()
    comp = f.competition(ev, "Chạy 60 m nữ", sport="Chạy")
    f.entries(ev, comp, 8)
    tt1 = worlds.officiated(comp, seed=2, lanes=8)
    lanes = _lanes(comp, 2, 1)
    recording.enter_heat(
        comp, 2, 1, [recording.LaneMark(p.id, f"8.{10 + p.lane}") for p in lanes], tt1
    )  # fmt: skip
    db.session.commit()
    return comp, Person(served, "tt1", f.PASSWORD), Person(served, "tt2", f.PASSWORD)


def test_a_final_drawn_straight_from_the_entries_is_confirmed_and_ranked(heat_entered):
    comp, _tt1, _tt2 = heat_entered
    lanes = _lanes(comp, 2, 1)
    assert len(lanes) == 8 and not _lanes(comp, 1, 1)  # eight on eight lanes: no heats
    confirmer = db.session.scalar(select(f.User).where(f.User.username == "tt2"))
    assert recording.confirm_heat(comp, 2, 1, {p.id: p.version for p in lanes}, confirmer) == 8
    db.session.commit()
    places = board.event_results(comp.event).competition(comp.id).ranked
    assert [rank for _p, rank in places] == list(range(1, 9))


def test_a_correction_and_a_confirmation_of_one_heat_at_once_are_one_or_the_other(heat_entered):
    comp, tt1, tt2 = heat_entered
    url = f"/results/competitions/{comp.id}/heats/2/1"
    enterer = db.session.scalar(select(f.User).where(f.User.username == "tt1"))
    for _ in range(10):
        lanes = _lanes(comp, 2, 1)
        values, versions = [p.value for p in lanes], [p.version for p in lanes]  # as the pages showed them
        shown = {f"version-{p.id}": p.version for p in lanes}
        corrected = shown | {f"value-{p.id}": f"{p.value + 1}" for p in lanes}
        at_once(lambda: tt1.post(url, corrected), lambda: tt2.post(url + "/confirm", shown))  # noqa: B023
        after = _lanes(comp, 2, 1)
        assert len({p.confirmed for p in after}) == 1  # the whole heat or none of it, never half
        if after[0].confirmed:  # the confirmation went first: the correction, on the old page, was refused
            assert [p.value for p in after] == values
        else:  # the correction went first: corrected, waiting for a confirmation of what it now says
            assert [p.value for p in after] == [v + 1 for v in values]
        assert [p.version for p in after] == [v + 1 for v in versions]  # one change each
        # back to entered and not confirmed, for the next race
        marks = [recording.LaneMark(p.id, f"{p.value + Decimal('0.01')}", version=p.version) for p in after]
        recording.enter_heat(comp, 2, 1, marks, enterer)
        db.session.commit()


def test_a_heat_sheet_made_stale_by_another_official_is_refused_not_overwritten(heat_entered):
    comp, tt1, tt2 = heat_entered
    url = f"/results/competitions/{comp.id}/heats/2/1"
    lanes = _lanes(comp, 2, 1)
    shown = {f"version-{p.id}": p.version for p in lanes}  # both opened the sheet
    tt2.post(url, shown | {f"value-{p.id}": "9.99" for p in lanes})
    late = tt1.post(url, shown | {f"value-{p.id}": "7.77" for p in lanes})
    assert "đã được người khác thay đổi" in tt1.flashes(late)
    db.session.commit()  # end the test's own snapshot: see what the requests wrote
    assert {p.value for p in _lanes(comp, 2, 1)} == {Decimal("9.99")}  # the later page changed nothing


def test_a_final_redrawn_with_some_of_the_same_qualifiers_keeps_one_row_each(sprint):
    """When who goes through changes while the final has no marks, the final is drawn again;
    the athletes in both finals keep one row each (the old rows go first)."""
    comp, _people = sprint
    data = planning.plan_or_default(comp)
    data.format, data.lanes, data.qualify_place, data.qualify_time = "ranked", 8, 3, 2
    admin = db.session.scalar(select(f.User).where(f.User.username == "admin"))
    planning.save_plan(comp, data, admin)
    drawing.make_draw(comp, admin, seed=5)
    drawing.publish(comp, admin)
    tt1, tt2 = (db.session.scalar(select(f.User).where(f.User.username == n)) for n in ("tt1", "tt2"))
    for heat_no in (1, 2):
        lanes = _lanes(comp, 1, heat_no)
        marks = [recording.LaneMark(p.id, f"{11 + heat_no + p.lane / 10:.2f}") for p in lanes]
        recording.enter_heat(comp, 1, heat_no, marks, tt1)
        recording.confirm_heat(comp, 1, heat_no, {p.id: p.version for p in _lanes(comp, 1, heat_no)}, tt2)
    db.session.commit()
    before = {p.entry_id for p in _lanes(comp, 2, 1)}
    comp.plan.qualify_time = 1  # the rule read again: one fewer through by time, the rest the same
    follow_up.results_changed(comp, confirmed_changed=True)
    db.session.commit()
    after = [p.entry_id for p in _lanes(comp, 2, 1)]
    assert len(after) == len(set(after)) == 7 and set(after) < before
