"""Presence defined once (services/participation/rules.present_people): a unit is present when
one of its people was admitted at a checkpoint, or played: named in an entry with a recorded
result it did not forfeit, or a recorded performance (issue 26, item 4)."""

from __future__ import annotations

from extensions import db
from models import EntryMember, ResultFormat
from services.participation import rules as participation
from services.results import drawing, recording
from tests.support import factories, results


def _states(ev) -> dict[str, str]:
    part = participation.event_participation(ev)
    return {line.unit.code: line.state.value for line in part.counting + part.others}


def test_a_unit_that_played_is_present_and_one_that_forfeited_is_not(app, officials):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    entries = factories.entries(ev, comp, 3)
    for entry in entries:
        person = factories.person(ev, entry.unit, f"Vận động viên {entry.unit.code}")
        db.session.add(EntryMember(entry=entry, person=person))
    results.plan(comp, tt1, ResultFormat.ROUND_ROBIN)
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    db.session.flush()
    assert set(_states(ev).values()) == {"approved"}  # nobody scanned, nothing played

    by_units = {frozenset((m.home_entry_id, m.away_entry_id)): m for m in results.matches(comp)}
    u1, u2, u3 = (e.id for e in entries)
    played = by_units[frozenset((u1, u2))]
    recording.enter_result(played, tt1, recording.ResultInput(sets=[(21, 10), (21, 12)]))  # entered, not confirmed
    walkover = by_units[frozenset((u1, u3))]
    side = "home" if walkover.home_entry_id == u3 else "away"
    recording.enter_result(walkover, tt1, recording.ResultInput(forfeited_by=side))  # U03 did not come
    db.session.flush()
    assert _states(ev) == {"U01": "present", "U02": "present", "U03": "approved"}
