"""Why an event does not fit, in Vietnamese, before and after the solver tries: a match no
court can take, a final's session no court is open in, more match-hours than court-hours
at a venue, and, when the first fit runs out of days, how many matches fall outside and
the court-hours missing where."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from flask_babel import gettext as _

from services.schedule.greedy import greedy, steps
from services.schedule.problem import DAY, STEP, Game, Problem
from services.schedule.windows import can_start


def capacity(problem: Problem, courts_of: dict[int, list]) -> list[str]:
    """What no solver can fix: a match no court can take, or more match-hours than court-hours."""
    reasons = []
    if problem.earliest >= problem.horizon and any(g.fixed is None for g in problem.games):
        return [_("Các ngày của sự kiện đã qua: không còn giờ nào để xếp các trận chưa đấu.")]
    for g in problem.games:
        if g.fixed is None and not courts_of[g.id]:
            reasons.append(
                _(
                    "%(c)s: không sân nào nhận môn này trong giờ mở cửa đủ %(m)d phút liền.",
                    c=problem.name("competition", g.competition_id),
                    m=g.minutes,
                )
            )
        elif g.fixed is None and not can_start(problem, g, courts_of[g.id]):
            session = g.final_session and can_start(problem, g, courts_of[g.id], session=False)
            reasons.append(
                _(
                    "%(c)s: trận chung kết không xếp được vào %(s)s: không sân nào của môn mở đủ %(m)d phút liền trong buổi đó.",
                    c=problem.name("competition", g.competition_id),
                    s=session_name(g.final_session),
                    m=g.minutes,
                )
                if session
                else _(
                    "%(c)s: không còn giờ sân nào từ bây giờ đến hết các ngày của sự kiện.",
                    c=problem.name("competition", g.competition_id),
                )
            )
    fixed_on: dict[int, list[Game]] = defaultdict(list)
    for g in problem.games:
        if g.fixed is not None and g.fixed[1] is not None:
            fixed_on[g.fixed[1]].append(g)
    for court_id, fixed in fixed_on.items():
        fixed.sort(key=lambda g: g.fixed[0])  # type: ignore[index]
        for a, b in zip(fixed, fixed[1:], strict=False):
            if b.fixed[0] < a.fixed[0] + a.minutes:  # type: ignore[index]
                court = next(c for c in problem.courts if c.id == court_id)
                reasons.append(
                    _(
                        "Hai trận không được dời (đã đấu, đang đấu hoặc được ghim) trùng giờ trên %(k)s: %(a)s và %(b)s.",
                        k=court.name,
                        a=problem.name("competition", a.competition_id),
                        b=problem.name("competition", b.competition_id),
                    )
                )
    pools: dict[frozenset, list[Game]] = defaultdict(list)
    for g in problem.games:
        if g.fixed is None and courts_of[g.id]:
            pools[frozenset(c.id for c in courts_of[g.id])].append(g)
    by_id = {c.id: c for c in problem.courts}
    for pool, _games in pools.items():
        inside = [g for key, gs in pools.items() if key <= pool for g in gs]
        need = sum(steps(g.minutes) * STEP for g in inside)
        have = sum(problem.days * sum(end - start for start, end in by_id[c].windows) for c in pool) - sum(
            steps(g.minutes) * STEP for g in problem.games if g.fixed and g.fixed[1] in pool
        )
        if need > have:
            venues = sorted({problem.name("venue", by_id[c].venue_id) for c in pool})
            comps = sorted({problem.name("competition", g.competition_id) for g in inside})
            reasons.append(
                _(
                    "Thiếu khoảng %(h)s giờ sân tại %(v)s: %(c)s cần %(n)s giờ, các sân đó chỉ mở %(a)s giờ trong các ngày của sự kiện.",
                    h=hours(need - have),
                    v=", ".join(venues),
                    c=", ".join(comps),
                    n=hours(need),
                    a=hours(max(have, 0)),
                )
            )
    return list(dict.fromkeys(reasons))


def hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


def full_courts(problem: Problem, courts_of, stuck: Game) -> str:
    """What is missing when the first fit ran out of time: placed over a few more days, the
    matches that fall after the last day, their court-hours at each venue."""
    extra = max(3, problem.days)
    longer = replace(
        problem, days=problem.days + extra, games=[replace(g, final_session="") for g in problem.games]
    )  # fmt: skip
    placed, _stuck = greedy(longer, courts_of)
    late = [g for g in problem.games if placed and g.fixed is None and placed[g.id].start >= problem.horizon]
    if not late:
        return _(
            "%(c)s: các sân nhận môn này không đủ giờ cho mọi trận cùng thời gian nghỉ và thứ tự vòng đấu. "
            "Hãy thêm sân, giờ mở cửa hoặc ngày.",
            c=problem.name("competition", stuck.competition_id),
        )
    venue_of = {c.id: c.venue_id for c in problem.courts}
    missing: dict[int, int] = defaultdict(int)
    for g in late:
        missing[venue_of[placed[g.id].court_id]] += steps(g.minutes) * STEP  # type: ignore[index]
    days = math.ceil((max(placed[g.id].start for g in late) + 1) / DAY) - problem.days  # type: ignore[index]
    comps = sorted({problem.name("competition", g.competition_id) for g in late})
    where = [
        _("%(h)s giờ sân tại %(v)s", h=hours(minutes), v=problem.name("venue", venue))
        for venue, minutes in sorted(missing.items())
    ]
    return _(
        "Không đủ giờ sân: xếp lần lượt thì %(n)d trận (%(c)s) rơi ra ngoài các ngày của sự kiện, cần thêm khoảng "
        "%(d)d ngày; thiếu %(h)s. Hãy thêm sân, giờ mở cửa hoặc ngày.",
        n=len(late),
        c=", ".join(comps),
        d=days,
        h="; ".join(where),
    )


def session_name(session: str) -> str:
    return {"day": _("ngày cuối"), "morning": _("buổi sáng ngày cuối"), "afternoon": _("buổi chiều ngày cuối")}[session]
