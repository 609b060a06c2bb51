"""The event-wide scheduler on random events (hypothesis): whatever it returns keeps every
hard rule, checked independently (services/schedule/check.py); fixed matches stay; a
re-plan after a court runs late keeps what did not have to move; an event that cannot fit
is refused with a reason and no placement."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.schedule import reasons, windows
from services.schedule.check import check
from services.schedule.greedy import greedy
from services.schedule.problem import FINAL_SESSIONS, Court, Game, Problem
from services.schedule.solver import solve

pytestmark = __import__("pytest").mark.unit

SPORTS = ("badminton", "chess", "volleyball")
HOURS = ((7 * 60, 11 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30))


@st.composite
def events(draw, max_games: int = 40):
    """Courts at two venues, competitions as knockouts (rounds feeding rounds) or round robins,
    people who play in several competitions, rest, travel between venues, some finals on the
    last day, its morning or its afternoon."""
    days = draw(st.integers(1, 3))
    courts = [
        Court(i, 1 + i % 2, f"Sân {i}", frozenset({draw(st.sampled_from(SPORTS))}) if i > 1 else frozenset(), HOURS)
        for i in range(1, draw(st.integers(2, 5)) + 1)
    ]
    people = draw(st.integers(4, 14))
    games: list[Game] = []
    for comp in range(draw(st.integers(1, 4))):
        sport = draw(st.sampled_from(SPORTS))
        minutes, rest = draw(st.sampled_from((20, 30, 45))), draw(st.sampled_from((0, 10, 30)))
        players = draw(st.lists(st.integers(0, people - 1), min_size=2, max_size=8, unique=True))
        session = draw(st.sampled_from(FINAL_SESSIONS))
        if draw(st.booleans()):  # a knockout: each round after the one before
            level = [frozenset({p}) for p in players]
            feeders: list[int | None] = [None] * len(level)
            while len(level) > 1 and len(games) < max_games:
                nxt, nxt_feeders = [], []
                for i in range(0, len(level) - 1, 2):
                    gid = len(games) + 1
                    after = tuple(f for f in (feeders[i], feeders[i + 1]) if f)
                    final = len(level) <= 2
                    games.append(
                        Game(gid, comp, sport, minutes, rest, level[i] | level[i + 1], after, session if final else "")
                    )
                    nxt.append(level[i] | level[i + 1])
                    nxt_feeders.append(gid)
                if len(level) % 2:
                    nxt.append(level[-1])
                    nxt_feeders.append(feeders[-1])
                level, feeders = nxt, nxt_feeders
        else:  # a round robin
            for i, a in enumerate(players):
                for b in players[i + 1 :]:
                    if len(games) < max_games:
                        games.append(Game(len(games) + 1, comp, sport, minutes, rest, frozenset({a, b})))
    return Problem(days, courts, games, travel=draw(st.sampled_from((0, 30, 45))))


def _assert_kept(problem: Problem, outcome) -> None:
    if outcome.fits:
        broken = check(problem, outcome.placements)
        assert broken.total == 0, vars(broken)
    else:
        assert outcome.placements == {} and outcome.reasons and all(isinstance(r, str) for r in outcome.reasons)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_whatever_it_returns_keeps_every_rule(problem):
    _assert_kept(problem, solve(problem, time_limit=5))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(max_games=25), st.data())
def test_a_replan_keeps_fixed_matches_and_every_rule(problem, data):
    first = solve(problem, time_limit=5)
    if not first.fits or not problem.games:
        return
    games_by_id = {g.id: g for g in problem.games}
    # At 09:00 on the first day what had started is fixed where it was (some of it: the rest
    # was pinned by nobody and may move); the first court runs 40 minutes late from 09:00.
    now = 9 * 60
    started = [g.id for g in problem.games if first.placements[g.id].start < now]
    played = set(data.draw(st.lists(st.sampled_from(started), unique=True))) if started else set()
    late = problem.courts[0].id
    on_late_court = [
        first.placements[g].start + games_by_id[g].minutes for g in played if first.placements[g].court_id == late
    ]
    blocker = Game(10_000, -1, "", 40, 0, frozenset(), fixed=(max([now, *on_late_court]), late))
    games = [
        Game(g.id, g.competition_id, g.sport, g.minutes, g.rest, g.people, g.after, g.final_session,
             (first.placements[g.id].start, first.placements[g.id].court_id) if g.id in played else None)
        for g in problem.games
    ] + [blocker]  # fmt: skip
    previous = {gid: (pl.start, pl.court_id) for gid, pl in first.placements.items() if gid not in played}
    again = Problem(
        problem.days, problem.courts, games, previous=previous, earliest=now, travel=problem.travel
    )  # nothing into the past
    outcome = solve(again, time_limit=5)
    _assert_kept(again, outcome)
    if outcome.fits:
        for gid in played:
            assert outcome.placements[gid] == first.placements[gid]
    else:  # a re-plan that cannot fit says so (a delay that pushes a round past the last day)
        assert outcome.reasons


def test_a_match_no_court_hosts_is_refused_by_name():
    problem = Problem(
        1,
        [Court(1, 1, "Sân 1", frozenset({"badminton"}), HOURS)],
        [Game(1, 7, "chess", 60, 0, frozenset({1, 2}))],
        names={("competition", 7): "Cờ tướng cá nhân nam"},
    )
    outcome = solve(problem, time_limit=2)
    assert outcome.placements == {}
    assert outcome.reasons == ["Cờ tướng cá nhân nam: không sân nào nhận môn này trong giờ mở cửa đủ 60 phút liền."]


def test_more_match_hours_than_court_hours_says_how_many_are_missing_where():
    # 30 one-hour matches, one court open 8.5 hours a day for 2 days: 13 hours short.
    problem = Problem(
        2,
        [Court(1, 5, "Sân 1", frozenset(), HOURS)],
        [Game(i, 3, "volleyball", 60, 0, frozenset({i})) for i in range(1, 31)],
        names={("competition", 3): "Bóng chuyền hơi nam", ("venue", 5): "Nhà thi đấu tỉnh"},
    )
    outcome = solve(problem, time_limit=2)
    assert outcome.placements == {}
    assert outcome.reasons == [
        "Thiếu khoảng 13 giờ sân tại Nhà thi đấu tỉnh: Bóng chuyền hơi nam cần 30 giờ, "
        "các sân đó chỉ mở 17 giờ trong các ngày của sự kiện."
    ]


def test_rounds_that_cannot_follow_each_other_in_the_days_name_the_competition():
    # Three rounds in a row, each 230 minutes and an hour's rest: one 10-hour day is not enough.
    games = [Game(1, 9, "chess", 230, 60, frozenset({1, 2}))]
    for r in range(2, 4):
        games.append(Game(r, 9, "chess", 230, 60, frozenset({1, 2}), after=(r - 1,)))
    problem = Problem(
        1, [Court(i, 1, f"Bàn {i}", frozenset(), ((7 * 60, 17 * 60),)) for i in (1, 2)], games,
        names={("competition", 9): "Cờ tướng cá nhân nữ"},
    )  # fmt: skip
    outcome = solve(problem, time_limit=3)
    assert outcome.placements == {}
    assert outcome.reasons and outcome.reasons[0].startswith("Cờ tướng cá nhân nữ: các vòng đấu nối tiếp")


def test_a_person_at_two_venues_gets_the_travel_time_and_at_one_venue_only_the_rest():
    courts = [Court(1, 1, "Sân cầu lông", frozenset({"badminton"}), HOURS),
              Court(2, 2, "Bàn cờ", frozenset({"chess"}), HOURS),
              Court(3, 1, "Bàn cờ nhà thi đấu", frozenset({"chess"}), HOURS)]  # fmt: skip
    singles = Game(1, 1, "badminton", 30, 0, frozenset({"An"}))
    for chess_court, travel_kept in ((2, True), (3, False)):
        only = [c for c in courts if c.id in (1, chess_court)]
        problem = Problem(1, only, [singles, Game(2, 2, "chess", 30, 0, frozenset({"An"}))], travel=45)
        outcome = solve(problem, time_limit=3)
        assert check(problem, outcome.placements).total == 0
        first, second = sorted(outcome.placements.values(), key=lambda pl: pl.start)
        gap = second.start - (first.start + 30)
        assert (gap >= 45) if travel_kept else (gap == 0), (chess_court, gap)


def test_a_final_goes_in_the_session_asked_or_is_refused():
    games = [Game(1, 4, "volleyball", 60, 0, frozenset({1, 2})),
             Game(2, 4, "volleyball", 60, 0, frozenset({3, 4})),
             Game(3, 4, "volleyball", 60, 30, frozenset({1, 2, 3, 4}), after=(1, 2))]  # fmt: skip
    court = Court(1, 1, "Sân 1", frozenset(), HOURS)
    for session, bounds in (("day", (1440, 2880)), ("morning", (1440, 1440 + 720)), ("afternoon", (1440 + 720, 2880))):
        final = Game(3, 4, "volleyball", 60, 30, games[2].people, (1, 2), session)
        problem = Problem(2, [court], [*games[:2], final])
        outcome = solve(problem, time_limit=3)
        assert check(problem, outcome.placements).total == 0
        assert bounds[0] <= outcome.placements[3].start < bounds[1], session
    afternoon_only = Court(1, 1, "Sân 1", frozenset(), ((13 * 60 + 30, 17 * 60 + 30),))
    final = Game(3, 4, "volleyball", 60, 30, games[2].people, (1, 2), "morning")
    outcome = solve(Problem(2, [afternoon_only], [*games[:2], final], names={("competition", 4): "Bóng chuyền nữ"}), 3)
    assert outcome.placements == {}
    assert outcome.reasons == [
        "Bóng chuyền nữ: trận chung kết không xếp được vào buổi sáng ngày cuối: không sân nào của môn mở đủ 60 phút"
        " liền trong buổi đó."
    ]


def test_a_final_session_that_the_rounds_before_cannot_reach_is_named():
    # The court is open 07:00–09:00 and 13:30–17:30: both semi-finals fill the morning, so the
    # final (30 minutes' rest after them) can only be in the afternoon.
    court = Court(1, 1, "Sân 1", frozenset(), ((7 * 60, 9 * 60), (13 * 60 + 30, 17 * 60 + 30)))
    semis = [Game(1, 4, "volleyball", 60, 30, frozenset({1, 2})), Game(2, 4, "volleyball", 60, 30, frozenset({3, 4}))]
    final = Game(3, 4, "volleyball", 60, 30, frozenset({1, 2, 3, 4}), (1, 2), "morning")
    outcome = solve(Problem(1, [court], [*semis, final], names={("competition", 4): "Bóng chuyền nữ"}), 3)
    assert outcome.placements == {}
    assert outcome.reasons == [
        "Bóng chuyền nữ: trận chung kết không xếp được vào buổi sáng ngày cuối (giờ mở cửa của sân, các vòng trước"
        " và thời gian nghỉ). Hãy chọn buổi khác cho chung kết hoặc thêm giờ."
    ]


def test_when_the_first_fit_runs_out_of_days_it_says_how_much_is_missing_where():
    # One player, four 45-minute rounds an hour's rest apart: six hours in a 4.5-hour morning.
    games = [Game(1, 2, "chess", 45, 60, frozenset({"An"}))]
    games += [Game(r, 2, "chess", 45, 60, frozenset({"An"}), after=(r - 1,)) for r in range(2, 5)]
    problem = Problem(
        1, [Court(1, 3, "Bàn 1", frozenset(), ((7 * 60, 11 * 60 + 30),))], games,
        names={("competition", 2): "Cờ tướng nam", ("venue", 3): "Nhà văn hoá"},
    )  # fmt: skip
    placed, stuck = greedy(problem, windows.eligible(problem))
    assert placed is None and stuck.id == 4
    assert reasons.full_courts(problem, windows.eligible(problem), stuck) == (
        "Không đủ giờ sân: xếp lần lượt thì 1 trận (Cờ tướng nam) rơi ra ngoài các ngày của sự kiện, cần thêm khoảng"
        " 1 ngày; thiếu 0.8 giờ sân tại Nhà văn hoá. Hãy thêm sân, giờ mở cửa hoặc ngày."
    )


def test_a_closure_over_a_match_under_way_moves_the_others_not_the_match():
    # 09:00, Sân 1 runs 40 minutes late: the match started there at 08:40 goes on; the next
    # one waits until 09:40 or goes to Sân 2. A pin at 18:00, after hours, stays too.
    courts = [Court(1, 1, "Sân 1", frozenset(), HOURS), Court(2, 1, "Sân 2", frozenset(), HOURS)]
    under_way = Game(1, 1, "badminton", 45, 0, frozenset({"A", "B"}), fixed=(8 * 60 + 40, 1))
    pinned = Game(2, 1, "badminton", 45, 0, frozenset({"E", "F"}), fixed=(18 * 60, 1))
    waiting = [Game(i, 1, "badminton", 45, 0, frozenset({f"P{i}", f"Q{i}"})) for i in range(3, 7)]
    problem = Problem(1, courts, [under_way, pinned, *waiting], closed={1: [(9 * 60, 9 * 60 + 40)]}, earliest=9 * 60)
    outcome = solve(problem, time_limit=3)
    assert outcome.fits, outcome.reasons
    assert check(problem, outcome.placements).total == 0
    on_1 = [pl.start for gid, pl in outcome.placements.items() if gid > 2 and pl.court_id == 1]
    assert all(start >= 9 * 60 + 40 for start in on_1)
