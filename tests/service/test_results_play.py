"""Draws, results with a second official's confirmation, corrections and placements through the services on the real database (services/results/: drawing, recording, placements)."""

import random
from collections import Counter

import pytest
from sqlalchemy import select

from cli import rehearsal
from extensions import db
from models import (
    CompetitionFormat,
    Match,
    MatchStage,
    Performance,
    Registration,
    RegistrationStatus,
    ResultChange,
    ResultFormat,
    ThirdPlace,
)
from services.errors import DomainError
from services.results import display, drawing, draws, placements, planning, recording
from tests.support import factories, results


@pytest.mark.parametrize("count", [5, 6, 7, 12])
def test_knockouts_of_5_6_7_and_12_entries_play_through_with_byes(app, officials, count):
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    entries = factories.entries(ev, comp, count)
    results.plan(comp, officials[0], ResultFormat.KNOCKOUT)
    drawing.make_draw(comp, officials[0], seed=count)
    drawing.publish(comp, officials[0])
    size = 8 if count <= 8 else 16
    first = [m for m in results.matches(comp) if m.round_no == 1]
    assert len(first) == size // 2
    assert sum("BYE" in (m.home_source, m.away_source) for m in first) == size - count
    report_matches = rehearsal._play_matches(comp, *officials, random.Random(count))
    assert report_matches == count - 1  # every match but the byes eliminates one entry
    places = results.places(comp)
    assert Counter(p.place for p in places) == {1: 1, 2: 1, 3: 2}  # third place shared by default
    assert {p.entry_id for p in places} <= {e.id for e in entries}


def test_draw_is_recorded_reproducible_and_keeps_a_units_entries_apart(app, officials):
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nữ", sport="Cầu lông")
    factories.entries(ev, comp, 4, per_unit=2)  # 8 entries, 2 from each of 4 units
    results.plan(comp, officials[0], ResultFormat.KNOCKOUT)
    plan = drawing.make_draw(comp, officials[0], seed=12345)
    first = plan.draw["bracket"]
    unit_of = {e.id: e.unit_id for e in drawing.drawable_entries(comp)}
    assert all(unit_of[a] != unit_of[b] for a, b in first)
    assert plan.seed == 12345
    again = drawing.make_draw(comp, officials[0], seed=12345)
    assert again.draw["bracket"] == first
    history = db.session.scalars(select(ResultChange).where(ResultChange.action == "draw")).all()
    assert [h.new["seed"] for h in history] == [12345, 12345]


def test_groups_are_balanced_seeded_by_snake_and_separate_units_where_possible():
    rng = random.Random(1)
    pool = [draws.DrawEntry(i, unit_id=i % 3) for i in range(1, 10)]  # 9 entries, 3 units of 3
    groups = draws.draw_groups(pool, 3, seeds=[1, 2, 3, 4], rng=rng)
    assert [len(g) for g in groups] == [3, 3, 3]
    assert [groups[0][0].id, groups[1][0].id, groups[2][0].id, groups[2][1].id] == [1, 2, 3, 4]
    for g in groups:  # three units, three groups: one of each unit per group
        assert len({e.unit_id for e in g}) == 3
    assert draws.group_sizes(7, 2) == [4, 3]
    assert draws.knockout_from_groups(2, 2) == [("A1", "B2"), ("B1", "A2")]
    assert draws.knockout_from_groups(4, 2) == [("A1", "B2"), ("C1", "D2"), ("B1", "A2"), ("D1", "C2")]


def test_only_approved_entries_are_drawn_and_the_draw_can_be_swapped_until_published(app, officials):
    ev = factories.event()
    comp = factories.competition(ev, "Bóng chuyền nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền hơi")
    factories.entries(ev, comp, 4)
    late = factories.unit("LATE")
    db.session.add(Registration(event=ev, unit=late, status=RegistrationStatus.SUBMITTED))
    db.session.add(factories.Entry(competition=comp, unit=late))
    db.session.flush()
    results.plan(comp, officials[0], ResultFormat.ROUND_ROBIN)
    plan = drawing.make_draw(comp, officials[0], seed=3)
    drawn = plan.draw["groups"][0]
    assert len(drawn) == 4 and late.id not in {e.unit_id for e in drawing.drawable_entries(comp)}
    assert len(results.matches(comp)) == 6  # everyone plays everyone once
    drawing.swap_entries(comp, drawn[0], drawn[1], officials[0])
    assert comp.plan.draw["groups"][0][:2] == [drawn[1], drawn[0]]
    drawing.publish(comp, officials[0])
    with pytest.raises(DomainError, match="trước khi công bố"):
        drawing.swap_entries(comp, drawn[0], drawn[1], officials[0])
    with pytest.raises(DomainError, match="không thể bốc thăm lại"):
        drawing.make_draw(comp, officials[0])


def test_the_official_who_entered_cannot_confirm_and_only_confirmed_results_count(app, officials):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    factories.entries(ev, comp, 2)
    results.plan(comp, tt1, ResultFormat.KNOCKOUT)
    drawing.make_draw(comp, tt1, seed=1)
    (final,) = results.matches(comp)
    with pytest.raises(DomainError, match="chưa được công bố"):
        recording.enter_result(final, tt1, recording.ResultInput(sets=[(21, 10), (21, 12)]))
    drawing.publish(comp, tt1)
    with pytest.raises(DomainError, match="Ván 2: 21–20"):
        recording.enter_result(final, tt1, recording.ResultInput(sets=[(21, 10), (21, 20)]))
    recording.enter_result(final, tt1, recording.ResultInput(sets=[(21, 10), (21, 12)]))
    assert results.places(comp) == []  # entered, not confirmed: nothing counts yet
    with pytest.raises(DomainError, match="không thể tự xác nhận"):
        recording.confirm_result(final, tt1)
    recording.confirm_result(final, tt2)
    assert [(p.entry_id, p.place) for p in results.places(comp)] == [(final.home_entry_id, 1), (final.away_entry_id, 2)]
    assert final.confirmed_by_id == tt2.id


def test_a_correction_keeps_history_and_is_refused_once_a_later_round_has_a_result(app, officials):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    factories.entries(ev, comp, 4)
    results.plan(comp, tt1, ResultFormat.KNOCKOUT, third_place=ThirdPlace.MATCH)
    drawing.make_draw(comp, tt1, seed=2)
    drawing.publish(comp, tt1)
    semi1, semi2, final, third = (
        *[m for m in results.matches(comp) if m.stage == MatchStage.KNOCKOUT],
        next(m for m in results.matches(comp) if m.stage == MatchStage.THIRD_PLACE),
    )
    home_wins = recording.ResultInput(sets=[(21, 15), (21, 18)])
    for semi in (semi1, semi2):
        recording.enter_result(semi, tt1, home_wins)
        recording.confirm_result(semi, tt2)
    assert (final.home_entry_id, final.away_entry_id) == (semi1.home_entry_id, semi2.home_entry_id)
    assert (third.home_entry_id, third.away_entry_id) == (semi1.away_entry_id, semi2.away_entry_id)

    # Correcting a semi-final before the final is played: history kept, the final's side changes.
    away_wins = recording.ResultInput(sets=[(15, 21), (21, 19), (18, 21)])
    recording.enter_result(semi1, tt2, away_wins)
    change = db.session.scalars(select(ResultChange).where(ResultChange.action == "correct")).one()
    assert change.old["sets"] == [[21, 15], [21, 18]] and change.old["confirmed"] is True
    assert change.new["sets"] == [[15, 21], [21, 19], [18, 21]] and change.new["confirmed"] is False
    assert change.user_id == tt2.id
    assert final.home_entry_id is None  # waiting for the corrected semi-final's confirmation
    recording.confirm_result(semi1, tt1)
    assert final.home_entry_id == semi1.away_entry_id

    recording.enter_result(final, tt1, home_wins)
    db.session.commit()
    with pytest.raises(DomainError, match="Chung kết đã có kết quả"):
        recording.enter_result(semi1, tt1, home_wins)
    db.session.rollback()
    assert db.session.get(Match, semi1.id).winner_entry_id == semi1.away_entry_id  # nothing half-saved


def test_groups_then_semi_finals_fill_from_group_places(app, officials):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Bóng chuyền nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền hơi")
    factories.entries(ev, comp, 6)
    results.plan(comp, tt1, ResultFormat.GROUPS_KNOCKOUT, groups=2)
    plan = drawing.make_draw(comp, tt1, seed=6)
    drawing.publish(comp, tt1)
    semis = [m for m in results.matches(comp) if m.stage == MatchStage.KNOCKOUT and m.round_no == 1]
    assert [(m.home_source, m.away_source) for m in semis] == [("A1", "B2"), ("B1", "A2")]
    assert all(m.home_entry_id is None for m in semis)
    a, b = plan.draw["groups"]
    # Group A: the first drawn wins everything, the second is runner-up; group B the same.
    for group in (a, b):
        best, second, third = group
        for m in results.matches(comp):
            if m.stage != MatchStage.GROUP or {m.home_entry_id, m.away_entry_id} - set(group):
                continue
            winner = best if best in (m.home_entry_id, m.away_entry_id) else second
            home_won = m.home_entry_id == winner
            recording.enter_result(
                m, tt1, recording.ResultInput(sets=[(21, 15), (21, 18)] if home_won else [(15, 21), (18, 21)])
            )
            recording.confirm_result(m, tt2)
    assert [(m.home_entry_id, m.away_entry_id) for m in semis] == [(a[0], b[1]), (b[0], a[1])]


def test_byes_after_three_groups_go_to_the_best_group_winners_once_every_group_has_finished(app, officials):
    """3 groups, 2 through: 6 in a bracket of 8, so two group winners rest in round one. They are
    the best two winners across the groups (matches won, match points, set ratio, point ratio,
    each per match), known only when the last group ends: here C's, then B's; A's plays."""
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Bóng chuyền hơi nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền hơi")
    factories.entries(ev, comp, 9)
    results.plan(comp, tt1, ResultFormat.GROUPS_KNOCKOUT, groups=3)
    plan = drawing.make_draw(comp, tt1, seed=3)
    drawing.publish(comp, tt1)
    first = [m for m in results.matches(comp) if m.stage == MatchStage.KNOCKOUT and m.round_no == 1]
    assert [(m.home_source, m.away_source) for m in first] == [
        ("*1.1", "BYE"),
        ("*2.2", "*3.2"),
        ("*2.1", "BYE"),
        ("*3.1", "*1.2"),
    ]
    assert display.source_label("*2.1") == "Đội nhất bảng xếp thứ 2 (so giữa các đội nhất)"
    # The winner's sets in each group (gas volleyball: sets to 21): A's winner drops a set
    # against its runner-up (2 match points, not 3), B's wins 21–15, C's 21–10 (the better
    # point ratio).
    winner_sets = {0: [(21, 15), (15, 21), (15, 10)], 1: [(21, 15), (21, 15)], 2: [(21, 10), (21, 10)]}
    groups = plan.draw["groups"]
    for g, group in enumerate(groups):
        best, second, _third = group
        for m in results.matches(comp):
            if m.stage != MatchStage.GROUP or {m.home_entry_id, m.away_entry_id} - set(group):
                continue
            winner = best if best in (m.home_entry_id, m.away_entry_id) else second
            sets = winner_sets[g] if winner == best else [(21, 17), (21, 17)]
            if m.home_entry_id != winner:
                sets = [(b, a) for a, b in sets]
            recording.enter_result(m, tt1, recording.ResultInput(sets=sets))
            recording.confirm_result(m, tt2)
        db.session.commit()
        if g < 2:  # until the last group ends, no one is placed in the ranked slots
            assert all(m.home_entry_id is None for m in results.matches(comp) if m.id in {f.id for f in first})
    a, b, c = groups
    placed = {m.id: (m.home_entry_id, m.away_entry_id) for m in results.matches(comp)}
    assert [placed[m.id] for m in first] == [(c[0], None), (b[1], a[1]), (b[0], None), (a[0], c[1])]
    second_round = [m for m in results.matches(comp) if m.stage == MatchStage.KNOCKOUT and m.round_no == 2]
    assert [m.home_entry_id for m in second_round] == [c[0], b[0]]  # the byes went through


def test_ranked_event_times_lower_is_better_with_a_second_officials_confirmation(app, officials):
    tt1, tt2 = officials
    ev = factories.event()
    comp = factories.competition(ev, "Nhảy bao bố tiếp sức", fmt=CompetitionFormat.TEAM, sport="Nhảy bao bố")
    factories.entries(ev, comp, 3)
    data = planning.default_plan(comp)
    assert (data.format, data.higher_is_better) == (ResultFormat.RANKED, False)  # a race: the lowest time wins
    planning.save_plan(comp, data, tt1)
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    perfs = db.session.scalars(select(Performance).where(Performance.competition_id == comp.id)).all()
    with pytest.raises(DomainError, match="không hợp lệ"):
        recording.enter_performance(perfs[0], tt1, "1:2x")
    for perf, time in zip(perfs, ["1:05.30", "58.2", "1:05,30"], strict=True):
        recording.enter_performance(perf, tt1, time)
    with pytest.raises(DomainError, match="không thể tự xác nhận"):
        recording.confirm_performance(perfs[0], tt1)
    for perf in perfs:
        recording.confirm_performance(perf, tt2)
    places = {p.entry_id: p.place for p in placements.ranked_placements(comp.plan, perfs)}
    assert places == {perfs[1].entry_id: 1, perfs[0].entry_id: 2, perfs[2].entry_id: 2}  # 65.30 s twice: shared
