"""The draw of a competition: who is drawn, groups or bracket with a recorded seed, the
fixtures built from it, adjustments before publishing, seeds and the drawing of lots.

Rules kept here:
- only entries of approved registrations are drawn; a draw can be redone or adjusted (two
  entries swapped) until it is published, never after;
- a unit's entries are kept apart in groups and first rounds (services/results/draws.py).
"""

from __future__ import annotations

import random
import secrets

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Competition,
    CompetitionPlan,
    Entry,
    Match,
    MatchStage,
    Performance,
    Registration,
    RegistrationStatus,
    ResultFormat,
    ThirdPlace,
    User,
    utcnow,
)
from services.errors import DomainError
from services.results import brackets, draws, follow_up, heats, placements


def drawable_entries(comp: Competition) -> list[Entry]:
    """Entries of units whose registration for the event is approved."""
    return list(
        db.session.scalars(
            select(Entry)
            .join(Registration, (Registration.unit_id == Entry.unit_id) & (Registration.event_id == comp.event_id))
            .where(Entry.competition_id == comp.id, Registration.status == RegistrationStatus.APPROVED)
            .options(joinedload(Entry.unit))
            .order_by(Entry.id)
        )
    )


def require_plan(comp: Competition) -> CompetitionPlan:
    if comp.plan is None:
        raise DomainError(_("Hãy lưu thể thức thi đấu trước khi bốc thăm."))
    return comp.plan


def make_draw(comp: Competition, actor: User, seed: int | None = None) -> CompetitionPlan:
    """Draw with a recorded seed (a new random one unless given); redraws an unpublished draw."""
    plan = require_plan(comp)
    if plan.published_at:
        raise DomainError(_("Lịch đã công bố: không thể bốc thăm lại."))
    if plan.format == ResultFormat.SWISS and db.session.scalar(select(Match.id).where(Match.competition_id == comp.id)):
        raise DomainError(_("Đã ghép cặp vòng 1: không thể bốc thăm lại."))
    entries = drawable_entries(comp)
    minimum = 2 * plan.groups if plan.format == ResultFormat.GROUPS_KNOCKOUT else 2
    if plan.format == ResultFormat.RANKED:
        minimum = 1
    if plan.format == ResultFormat.SWISS and len(entries) <= plan.rounds:
        raise DomainError(
            _("Hệ Thụy Sĩ %(r)d vòng cần ít nhất %(n)d đấu thủ, mới có %(m)d: hãy giảm số vòng hoặc đấu vòng tròn.",
              r=plan.rounds, n=plan.rounds + 1, m=len(entries)),
            field="rounds",
        )  # fmt: skip
    if len(entries) < minimum:
        raise DomainError(
            _("Cần ít nhất %(n)d đội đã được duyệt để bốc thăm, mới có %(m)d.", n=minimum, m=len(entries))
        )
    if plan.format == ResultFormat.GROUPS_KNOCKOUT and plan.advance_per_group > len(entries) // plan.groups:
        raise DomainError(
            _("Số đội vào vòng trong mỗi bảng lớn hơn số đội của bảng nhỏ nhất."), field="advance_per_group"
        )
    if plan.format == ResultFormat.RANKED and plan.lanes and len(entries) > plan.lanes:
        through = heats.heat_count(len(entries), plan.lanes) * plan.qualify_place + plan.qualify_time
        if through > plan.lanes:
            raise DomainError(
                _(
                    "%(h)d lượt × %(p)d người đầu mỗi lượt + %(t)d thành tích tốt nhất = %(n)d người vào chung kết, "
                    "nhiều hơn %(l)d làn: hãy sửa thể thức.",
                    h=heats.heat_count(len(entries), plan.lanes),
                    p=plan.qualify_place,
                    t=plan.qualify_time,
                    n=through,
                    l=plan.lanes,
                ),
                field="qualify_place",
            )
    seed = seed if seed is not None else secrets.randbelow(10**9)
    rng = random.Random(seed)
    pool = [draws.DrawEntry(e.id, e.unit_id) for e in entries]
    if plan.format == ResultFormat.KNOCKOUT:
        pairs = draws.draw_bracket(pool, plan.seeds or [], rng)
        plan.draw = {"bracket": [[a.id if a else None, b.id if b else None] for a, b in pairs]}
    elif plan.format == ResultFormat.RANKED and plan.lanes and len(pool) > plan.lanes:
        plan.draw = {"heats": heats.draw_heats(pool, plan.lanes, rng)}
    elif plan.format == ResultFormat.RANKED:
        order = [e.id for e in pool]
        rng.shuffle(order)
        plan.draw = {"final": order} if plan.lanes else {"order": order}
    elif plan.format == ResultFormat.SWISS:  # pairing numbers: the seeds (by rating), then by lot
        seeded = [s for s in plan.seeds or [] if s in {e.id for e in pool}]
        rest = [e.id for e in pool if e.id not in seeded]
        rng.shuffle(rest)
        plan.draw = {"swiss": seeded + rest, "initial": rng.choice(("w", "b"))}
    else:
        groups = 1 if plan.format == ResultFormat.ROUND_ROBIN else plan.groups
        plan.draw = {"groups": [[e.id for e in g] for g in draws.draw_groups(pool, groups, plan.seeds or [], rng)]}
    plan.seed, plan.drawn_at, plan.drawn_by_id = seed, utcnow(), actor.id if actor else None
    _build_matches(comp, plan)
    follow_up.record(comp, actor, "draw", new={"seed": seed, "draw": plan.draw})
    return plan


def clear_draw(plan: CompetitionPlan) -> None:
    db.session.execute(delete(Match).where(Match.competition_id == plan.competition_id))
    db.session.execute(delete(Performance).where(Performance.competition_id == plan.competition_id))
    plan.draw, plan.drawn_at, plan.seed = {}, None, None


def _build_matches(comp: Competition, plan: CompetitionPlan) -> None:
    """Every fixture from the draw: group rounds, knockout rounds with their sources, the
    third-place match; or one performance row per entry for a ranked event."""
    db.session.execute(delete(Match).where(Match.competition_id == comp.id))
    db.session.execute(delete(Performance).where(Performance.competition_id == comp.id))
    add = db.session.add
    if plan.format == ResultFormat.RANKED:
        for heat_no, heat in enumerate(plan.draw.get("heats", []), start=1):
            for lane, entry_id in enumerate(heat, start=1):
                add(Performance(competition_id=comp.id, entry_id=entry_id, heat_no=heat_no, lane=lane))
        for lane, entry_id in enumerate(plan.draw.get("final", []), start=1):  # as many as the lanes: no heats
            add(Performance(competition_id=comp.id, entry_id=entry_id, round_no=heats.FINAL, heat_no=1, lane=lane))
        for entry_id in plan.draw.get("order", []):
            add(Performance(competition_id=comp.id, entry_id=entry_id))
        db.session.flush()
        return
    first: list[tuple[str, str, int | None, int | None]] = []
    for g, members in enumerate(plan.draw.get("groups", []), start=1):
        for round_no, pairs in enumerate(draws.round_robin(members), start=1):
            for position, (home, away) in enumerate(pairs, start=1):
                add(
                    Match(
                        competition_id=comp.id,
                        stage=MatchStage.GROUP,
                        group_no=g,
                        round_no=round_no,
                        position=position,
                        home_entry_id=home,
                        away_entry_id=away,
                    )
                )
    if plan.format == ResultFormat.KNOCKOUT:
        for home, away in plan.draw["bracket"]:
            first.append(("" if home else "BYE", "" if away else "BYE", home, away))
    elif plan.format == ResultFormat.GROUPS_KNOCKOUT:
        first = [(a, b, None, None) for a, b in draws.knockout_from_groups(plan.groups, plan.advance_per_group)]
    if first:
        total_rounds = brackets.rounds(2 * len(first))
        for position, (hs, as_, home, away) in enumerate(first, start=1):
            add(_knockout(comp, 1, position, hs, as_, home, away))
        for round_no in range(2, total_rounds + 1):
            for position in range(1, 2 ** (total_rounds - round_no) + 1):
                add(
                    _knockout(
                        comp,
                        round_no,
                        position,
                        f"W{round_no - 1}.{2 * position - 1}",
                        f"W{round_no - 1}.{2 * position}",
                    )
                )
        if plan.third_place == ThirdPlace.MATCH and total_rounds >= 2:
            semi = total_rounds - 1
            add(_knockout(comp, total_rounds, 1, f"L{semi}.1", f"L{semi}.2", stage=MatchStage.THIRD_PLACE))
    db.session.flush()
    follow_up.refresh_knockout(comp)  # byes advance at once


def _knockout(
    comp, round_no, position, home_source, away_source, home=None, away=None, stage=MatchStage.KNOCKOUT
) -> Match:
    return Match(
        competition_id=comp.id,
        stage=stage,
        round_no=round_no,
        position=position,
        home_source=home_source,
        away_source=away_source,
        home_entry_id=home,
        away_entry_id=away,
    )


def swap_entries(comp: Competition, first_id: int, second_id: int, actor: User) -> None:
    """Adjust the draw before publishing: two entries change places."""
    plan = require_plan(comp)
    if plan.published_at or not plan.drawn_at:
        raise DomainError(_("Chỉ đổi chỗ được sau khi bốc thăm và trước khi công bố."))
    if first_id == second_id:
        raise DomainError(_("Hãy chọn hai đội khác nhau."), field="second")

    def swapped(value):
        if isinstance(value, list):
            return [swapped(v) for v in value]
        return {first_id: second_id, second_id: first_id}.get(value, value)

    key = next(iter(plan.draw))
    drawn = set(placements.flatten(plan.draw[key]))
    if first_id not in drawn or second_id not in drawn:
        raise DomainError(_("Cả hai đội phải có trong kết quả bốc thăm."), field="second")
    plan.draw = {key: swapped(plan.draw[key])}
    _build_matches(comp, plan)
    follow_up.record(comp, actor, "swap", new={"entries": [first_id, second_id]})


def publish(comp: Competition, actor: User) -> None:
    plan = require_plan(comp)
    if not plan.drawn_at:
        raise DomainError(_("Chưa bốc thăm."))
    if plan.published_at:
        raise DomainError(_("Lịch đã được công bố."))
    plan.published_at = utcnow()
    follow_up.record(comp, actor, "publish")


def record_lots(comp: Competition, order: dict[int, int], actor: User) -> None:
    """The drawing of lots, as the admin recorded it: entry id → place (1 first)."""
    plan = require_plan(comp)
    if sorted(order.values()) != list(range(1, len(order) + 1)):
        raise DomainError(_("Thứ tự bốc thăm phải là 1, 2, 3 … không trùng."), field="lots")
    old = dict(plan.lots or {})
    plan.lots = {str(k): v for k, v in order.items()}
    follow_up.record(comp, actor, "record_lots", old=old, new=plan.lots)
    follow_up.results_changed(comp, confirmed_changed=True)


def _entry_code(entry: Entry) -> str:
    return entry.unit.code + (f"/{entry.team_no}" if entry.team_no > 1 else "")


def entries_by_codes(comp: Competition, text: str, field: str) -> list[int]:
    """ "BMT, GD/2" → entry ids of this competition (a unit's second team is CODE/2)."""
    known = {_entry_code(e).upper(): e.id for e in drawable_entries(comp)}
    ids = []
    for code in (c.strip().upper() for c in (text or "").replace(";", ",").split(",")):
        if not code:
            continue
        if code not in known:
            raise DomainError(_("Không có đơn vị “%(c)s” (đã được duyệt) trong nội dung này.", c=code), field=field)
        if known[code] in ids:
            raise DomainError(_("Đơn vị “%(c)s” được ghi hai lần.", c=code), field=field)
        ids.append(known[code])
    return ids


def seed_codes(comp: Competition) -> list[str]:
    by_id = {e.id: e for e in drawable_entries(comp)}
    return [_entry_code(by_id[i]) for i in (comp.plan.seeds if comp.plan else []) if i in by_id]


def set_seeds(comp: Competition, text: str) -> None:
    require_plan(comp).seeds = entries_by_codes(comp, text, "seeds")


def lots_entries(comp: Competition, undecided: list[int]) -> list[int]:
    """The entries a drawing of lots places: those waiting for it, and those it placed before
    (to correct it)."""
    placed = [int(entry_id) for entry_id in (comp.plan.lots or {})] if comp.plan else []
    return list(dict.fromkeys([*undecided, *placed]))


def record_lots_of_entries(comp: Competition, drawn: dict[int, str], actor: User) -> None:
    """The drawing of lots as recorded beside each tied entry (by name, never by a unit code
    that two players of one unit share): the number each drew, 1 placed first."""
    if len(drawn) < 2:
        raise DomainError(_("Không có đội hay VĐV nào đang chờ bốc thăm."), field="lots")
    order = {}
    for entry_id, text in drawn.items():
        text = (text or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 3):
            raise DomainError(_("Ghi số bốc được (1, 2, 3 …) cho mọi đội, VĐV đang bằng nhau."), field="lots")
        order[entry_id] = int(text)
    record_lots(comp, order, actor)
