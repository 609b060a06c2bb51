"""Draws, fixtures, results with a second official's confirmation, corrections and placements,
through the services on the real database (services/results/: drawing, recording, placements)."""

import re

from sqlalchemy import func, select

from extensions import db
from models import (
    Certificate,
    CompetitionFormat,
    MatchStage,
    ResultFormat,
    UserRole,
)
from services.certificates import issue as certificates
from services.results import drawing, recording, tally
from tests.support import factories, results


def test_a_three_way_tie_is_shown_and_settled_by_the_drawing_of_lots_the_admin_records(app, officials, make_client):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    entries = factories.entries(ev, comp, 3)
    results.plan(comp, tt1, ResultFormat.ROUND_ROBIN)
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    beats = {(entries[0].id, entries[1].id), (entries[1].id, entries[2].id), (entries[2].id, entries[0].id)}
    for m in results.matches(comp):  # A beats B, B beats C, C beats A, all 21–10, 21–10
        home_won = (m.home_entry_id, m.away_entry_id) in beats
        sets = [(21, 10), (21, 10)] if home_won else [(10, 21), (10, 21)]
        recording.enter_result(m, tt1, recording.ResultInput(sets=sets))
        recording.confirm_result(m, tt2)
    db.session.commit()
    # Level after every tie-breaker: no place, no medal, no certificate until lots are drawn
    # (it used to give three golds).
    assert results.places(comp) == []
    factories.user("bantochuc", role=UserRole.ADMIN)
    admin = make_client()
    admin.login("bantochuc")
    certificates.sync(ev)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Certificate).where(Certificate.kind == "award")) == 0
    board = make_client().get(f"/board/{ev.slug}/competitions/{comp.id}").get_data(as_text=True)
    assert board.count("chờ bốc thăm / quyết định của BTC") == 4  # the places list and each tied row
    medals = make_client().get(f"/board/{ev.slug}").get_data(as_text=True)
    assert 'id="awaiting-decision"' in medals
    assert sum(t.gold + t.silver + t.bronze for t in tally.event_tally(ev)[0].medal_table) == 0
    home = admin.get("/results/").get_data(as_text=True)
    assert 'id="decisions-waiting"' in home and f'data-competition="{comp.id}"' in home.split("decisions-waiting")[1]
    page = admin.get(f"/results/competitions/{comp.id}").get_data(as_text=True)
    assert 'id="lots-form"' in page and page.count("cần bốc thăm") == 3
    # Each tied entry by its own label with the number it drew (never by unit codes, which two
    # players of one unit would share).
    for e in entries:
        assert re.search(rf'<label class="flex-grow-1" for="lot-{e.id}">{e.unit.name}</label>', page)
    lots = f"/results/competitions/{comp.id}/lots"
    for drawn, words in (
        ((1, 1, 2), "Thứ tự bốc thăm phải là 1, 2, 3 … không trùng."),
        ((1, "", 2), "Ghi số bốc được (1, 2, 3 …) cho mọi đội, VĐV đang bằng nhau."),
        ((1, "²", 2), "Ghi số bốc được (1, 2, 3 …) cho mọi đội, VĐV đang bằng nhau."),
    ):
        form = {f"lot-{e.id}": n for e, n in zip(entries, drawn, strict=True)}
        assert words in admin.post(lots, form, follow_redirects=True).get_data(as_text=True)
        assert results.places(comp) == []  # nothing recorded
    admin.post(lots, {f"lot-{entries[2].id}": 1, f"lot-{entries[0].id}": 2, f"lot-{entries[1].id}": 3})
    db.session.expire_all()
    assert [(p.entry_id, p.place) for p in results.places(comp)] == [
        (entries[2].id, 1),
        (entries[0].id, 2),
        (entries[1].id, 3),
    ]
    certificates.sync(ev)  # what printing the certificates does
    awards = db.session.execute(
        select(Certificate.entry_id, Certificate.place).where(
            Certificate.kind == "award", Certificate.revoked_at.is_(None)
        )
    ).all()
    assert sorted(awards) == sorted([(entries[2].id, 1), (entries[0].id, 2), (entries[1].id, 3)])
    medals = make_client().get(f"/board/{ev.slug}").get_data(as_text=True)
    assert 'id="awaiting-decision"' not in medals
    assert [t.medals for t in tally.event_tally(ev)[0].medal_table] == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    assert 'id="decisions-waiting"' not in admin.get("/results/").get_data(as_text=True)


def test_auto_schedule_never_puts_an_entry_twice_in_a_slot_and_plays_the_knockout_after_the_groups(
    app, officials, make_client
):
    from datetime import timedelta

    from models import Venue
    from services.i18n import to_local

    tt1, _tt2 = officials
    ev = factories.event()
    hall = Venue(event=ev, name="Nhà thi đấu tỉnh")
    db.session.add(hall)
    comp = factories.competition(ev, "Bóng chuyền nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền hơi")
    factories.entries(ev, comp, 8)
    results.plan(comp, tt1, ResultFormat.GROUPS_KNOCKOUT, groups=2)
    drawing.make_draw(comp, tt1, seed=8)
    drawing.publish(comp, tt1)
    factories.user("bantochuc", role=UserRole.ADMIN)
    admin = make_client()
    admin.login("bantochuc")
    admin.get(f"/results/competitions/{comp.id}")
    form = {"venue_id": hall.id, "first_at": "26/08/2024 16:00", "courts": "3", "minutes": "45"}
    assert admin.post(f"/results/competitions/{comp.id}/schedule", form | {"minutes": "2"}).status_code == 302
    assert all(m.starts_at is None for m in results.matches(comp))  # 2 minutes a match: refused, nothing placed
    admin.post(f"/results/competitions/{comp.id}/schedule", form)
    db.session.expire_all()
    matches = results.matches(comp)
    assert all(m.starts_at and m.venue_id == hall.id and m.court in {"1", "2", "3"} for m in matches)
    by_slot: dict = {}
    for m in matches:
        by_slot.setdefault(m.starts_at, []).append(m)
    for slot in by_slot.values():
        assert len(slot) <= 3 and len({m.court for m in slot}) == len(slot)
        playing = [e for m in slot for e in (m.home_entry_id, m.away_entry_id) if e]
        assert len(playing) == len(set(playing))  # nobody twice at once
    last_group = max(m.starts_at for m in matches if m.stage == MatchStage.GROUP)
    semis = [m for m in matches if m.stage == MatchStage.KNOCKOUT and m.round_no == 1]
    final = next(m for m in matches if m.stage == MatchStage.KNOCKOUT and m.round_no == 2)
    assert all(s.starts_at > last_group for s in semis) and final.starts_at > max(s.starts_at for s in semis)
    first = to_local(min(m.starts_at for m in matches))
    assert (first.hour, first.minute) == (16, 0)
    assert any(
        to_local(m.starts_at).date() == first.date() + timedelta(days=1) for m in matches
    )  # past 17:00: next day
    assert all(to_local(m.starts_at).time() >= first.time() for m in matches)  # each day starts at 16:00


def test_a_volleyball_competition_gets_fivbs_precedence_and_the_admin_can_reorder_it(app, make_client):
    ev = factories.event()
    comp = factories.competition(ev, "Bóng chuyền nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền")
    factories.user("bantochuc", role=UserRole.ADMIN)
    admin = make_client()
    admin.login("bantochuc")
    page = admin.get(f"/results/competitions/{comp.id}/plan").get_data(as_text=True)
    assert 'name="match_points" type="text" value="3-0=3/0, 3-1=3/0, 3-2=2/1, 2-0=3/0, 2-1=2/1"' in page
    tie_1 = page.split('name="tie_1"')[1].split("</select>")[0]
    assert '<option selected value="matches_won">' in tie_1
    form = {
        "format": "round_robin",
        "preset": "volleyball",
        "best_of": "3",
        "groups": "1",
        "advance_per_group": "2",
        "third_place": "shared",
        "points_win": "3",
        "points_draw": "0",
        "points_loss": "0",
        "points_forfeit": "0",
        "match_points": "2-0=3/0, 2-1=2/1",
        "tie_1": "points",
        "tie_2": "matches_won",
        "tie_3": "set_ratio",
        "tie_4": "head_to_head",
        "tie_5": "lots",
    }
    assert admin.post(f"/results/competitions/{comp.id}/plan", form).status_code == 302
    db.session.expire_all()
    assert comp.plan.tie_breakers == ["points", "matches_won", "set_ratio", "head_to_head", "lots"]
    assert comp.plan.points_by_score == [[2, 0, 3, 0], [2, 1, 2, 1]]
    bad = admin.post(f"/results/competitions/{comp.id}/plan", form | {"match_points": "1-2=3/0"})
    assert "tỉ số ghi bên thắng trước" in bad.get_data(as_text=True)
