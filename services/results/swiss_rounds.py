"""A Swiss competition round by round: pair it, enter it, confirm it, then the next.

Rules kept here:
- the draw gives pairing numbers (the seeds first — by rating —, then by lot) and the initial
  colour by lot (drawing.make_draw); entries approved later join at the end;
- a round is paired (services/results/swiss/dutch.py, FIDE's Dutch system) only when every
  game of the round before is confirmed, never beyond the plan's rounds; the plan row is
  locked while pairing, so two officials pairing at once pair the round once;
- players marked absent for a round (or withdrawn) are not paired in it and score 0; the
  pairing bye scores the plan's bye points and is confirmed with the pairing;
- the last round can be unpaired while none of its games has a result (a player forgotten);
- the whole round is entered on one form (1–0, ½–½, 0–1, a forfeit either way or both),
  each game carrying the version its page showed; a second official confirms the round as a
  whole, every game having a result; one history row per game that really changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Competition, CompetitionPlan, Match, MatchStage, ResultFormat, User, utcnow
from services.errors import DomainError
from services.lookup import locked
from services.results import drawing, follow_up, recording, swiss_table
from services.results.display import snapshot
from services.results.swiss import dutch

WITHDRAWN = "withdrawn"  # plan.absent's key for players who left the tournament


def swiss_plan(comp: Competition, lock: bool = False) -> CompetitionPlan:
    plan = comp.plan
    if plan is None or plan.format != ResultFormat.SWISS:
        raise DomainError(_("Nội dung này không thi đấu theo hệ Thụy Sĩ."))
    if plan.drawn_at is None:
        raise DomainError(_("Hãy bốc thăm số thứ tự trước khi ghép cặp."))
    if lock:
        plan = db.session.scalar(locked(select(CompetitionPlan).where(CompetitionPlan.id == plan.id)))
    return plan


def matches(comp: Competition) -> list[Match]:
    return list(
        db.session.scalars(
            select(Match)
            .where(Match.competition_id == comp.id, Match.stage == MatchStage.SWISS)
            .order_by(Match.round_no, Match.position)
        )
    )


def entry_ids(comp: Competition) -> list[int]:
    """Every entry by pairing number (the approved ones who came after the draw at the end)."""
    return swiss_table.order(comp.plan, [e.id for e in drawing.drawable_entries(comp)])


def absent_in(plan: CompetitionPlan, round_no: int) -> set[int]:
    return set(plan.absent.get(str(round_no), [])) | set(plan.absent.get(WITHDRAWN, []))


def set_absent(comp: Competition, round_no: int, absent: list[int], withdrawn: list[int], actor: User) -> None:
    """Who is not paired in ``round_no`` (absent) and from it on (withdrawn); only for a round
    not paired yet."""
    plan = swiss_plan(comp, lock=True)
    if round_no != swiss_table.paired_rounds(matches(comp)) + 1:
        raise DomainError(_("Chỉ đánh dấu vắng cho vòng sắp ghép cặp."))
    known = set(entry_ids(comp))
    if not set(absent) | set(withdrawn) <= known:
        raise DomainError(_("Có người không thuộc nội dung này."), field="absent")
    old = dict(plan.absent)
    plan.absent = {**old, str(round_no): sorted(set(absent)), WITHDRAWN: sorted(set(withdrawn))}
    if plan.absent != old:
        follow_up.record(comp, actor, "swiss_absent", old=old, new=plan.absent)


def pair_next(comp: Competition, actor: User) -> int:
    """Pair the next round; its number."""
    plan = swiss_plan(comp, lock=True)
    games = matches(comp)
    round_no = swiss_table.paired_rounds(games) + 1
    if round_no > plan.rounds:
        raise DomainError(_("Đã ghép cặp đủ %(n)d vòng.", n=plan.rounds))
    if swiss_table.complete_rounds(games) < round_no - 1:
        raise DomainError(_("Vòng %(n)d còn ván chưa được xác nhận: chưa ghép được vòng sau.", n=round_no - 1))
    drawable = {e.id for e in drawing.drawable_entries(comp)}  # a unit returned since: not paired
    ids = swiss_table.order(plan, sorted(drawable))
    if plan.draw.get("swiss") != ids:
        plan.draw = {**plan.draw, "swiss": ids}  # late entries get the next pairing numbers
    number = {e: n for n, e in enumerate(ids, start=1)}
    entry = {n: e for e, n in number.items()}
    absent = absent_in(plan, round_no)
    past = swiss_table.pasts(plan, games, ids, round_no - 1)
    entrants = [
        dutch.Entrant(
            number[e],
            tuple(dutch.Past(number.get(g.opponent), g.colour, g.points, g.paired) for g in past[e]),
            e in drawable and e not in absent,
        )  # fmt: skip
        for e in ids
    ]
    pairing = dutch.pair(entrants, swiss_table.rules(plan))
    for board, (white, black) in enumerate(pairing.boards, start=1):
        add_game(comp, round_no, board, entry[white], entry[black])
    if pairing.bye is not None:
        add_bye(comp, round_no, len(pairing.boards) + 1, entry[pairing.bye], actor)
    db.session.flush()
    follow_up.record(comp, actor, "swiss_pair", new={"round": round_no, "boards": [[entry[w], entry[b]] for w, b in
                     pairing.boards], "bye": None if pairing.bye is None else entry[pairing.bye]})  # fmt: skip
    return round_no


def add_game(comp: Competition, round_no: int, board: int, white: int, black: int | None) -> Match:
    game = Match(competition_id=comp.id, stage=MatchStage.SWISS, round_no=round_no, position=board,
                 home_entry_id=white, away_entry_id=black)  # fmt: skip
    db.session.add(game)
    return game


def add_bye(comp: Competition, round_no: int, board: int, entry_id: int, actor: User) -> Match:
    """The pairing bye: the plan's points, confirmed as the pairing makes it."""
    bye = add_game(comp, round_no, board, entry_id, None)
    bye.away_source, bye.home_score, bye.away_score = "BYE", int(swiss_plan(comp).bye_points * 2), 0
    bye.entered_by_id = bye.confirmed_by_id = actor.id
    bye.entered_at = bye.confirmed_at = utcnow()
    return bye


def unpair_last(comp: Competition, actor: User) -> int:
    """Undo the last round's pairing while none of its games has a result; its number."""
    swiss_plan(comp, lock=True)
    games = matches(comp)
    round_no = swiss_table.paired_rounds(games)
    last = [m for m in games if m.round_no == round_no]
    if not last:
        raise DomainError(_("Chưa ghép cặp vòng nào."))
    if any(m.entered_at is not None and m.away_entry_id is not None for m in last):
        raise DomainError(_("Vòng %(n)d đã có kết quả: không huỷ ghép cặp được.", n=round_no))
    for m in last:
        db.session.delete(m)
    db.session.flush()
    follow_up.record(comp, actor, "swiss_unpair", old={"round": round_no})
    return round_no


def round_games(comp: Competition, round_no: int) -> list[Match]:
    """The round's games, locked (the bye last)."""
    return list(
        db.session.scalars(
            locked(
                select(Match)
                .where(Match.competition_id == comp.id, Match.stage == MatchStage.SWISS, Match.round_no == round_no)
                .order_by(Match.position)
            )  # fmt: skip
        )
    )


def enter_round(
    comp: Competition, round_no: int, results: dict[int, str], versions: dict[int, int], actor: User
) -> int:
    """The round's results as one form gave them (game id → code of swiss_table.RESULTS, ""
    left as it is); games changed. Nothing is saved if one game is refused."""
    plan = swiss_plan(comp)
    if plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    games = {m.id: m for m in round_games(comp, round_no) if m.away_entry_id is not None}
    if not games:
        raise DomainError(_("Vòng %(n)d chưa được ghép cặp.", n=round_no))
    unknown = [str(g) for g, code in results.items() if code and (g not in games or code not in swiss_table.RESULTS)]
    if unknown:
        raise DomainError(_("Kết quả không hợp lệ ở ván: %(g)s.", g=", ".join(unknown)), field="results")
    changed = 0
    for game_id, code in results.items():
        m = games.get(game_id)
        if m is None or not code or code == swiss_table.result_code(m):
            continue
        recording.check_version(m, versions.get(game_id))
        if m.confirmed_at is not None:
            raise DomainError(
                _("Bàn %(b)d đã được xác nhận: xoá kết quả trên trang ván đấu rồi nhập lại.", b=m.position)
            )
        old = snapshot(m) if m.entered_at else {}
        m.home_score, m.away_score, m.forfeited_by = swiss_table.RESULTS[code]
        m.winner_entry_id = m.home_entry_id if m.home_score > m.away_score else (
            m.away_entry_id if m.away_score > m.home_score else None)  # fmt: skip
        m.entered_by_id, m.entered_at, m.clear_requested = actor.id, utcnow(), False
        recording.bump_version(m)
        follow_up.record(comp, actor, "correct" if old else "enter", match=m, old=old, new=snapshot(m))
        changed += 1
    return changed


def confirm_round(comp: Competition, round_no: int, versions: dict[int, int], actor: User) -> int:
    """A second official confirms the whole round as shown; games confirmed."""
    games = [m for m in round_games(comp, round_no) if m.away_entry_id is not None]
    if not games:
        raise DomainError(_("Vòng %(n)d chưa được ghép cặp.", n=round_no))
    missing = [str(m.position) for m in games if m.entered_at is None]
    if missing:
        raise DomainError(_("Các bàn chưa có kết quả: %(b)s.", b=", ".join(missing)))
    confirmed = 0
    for m in games:
        if m.confirmed_at is not None:
            continue
        if m.clear_requested:  # a confirmed result an official asked to clear: confirming clears it
            recording.confirm_result(m, actor, versions.get(m.id))
            confirmed += 1
            continue
        recording.check_version(m, versions.get(m.id))
        old = snapshot(m)
        recording.confirm_entered(m, actor)
        recording.bump_version(m)
        follow_up.record(comp, actor, "confirm", match=m, old=old, new=snapshot(m))
        confirmed += 1
    if confirmed:
        follow_up.results_changed(comp, confirmed_changed=True)
    return confirmed


@dataclass
class RoundState:
    number: int
    games: list[Match]  # boards in order, the bye last
    entered: int  # games with a result (the bye aside)
    confirmed: int

    @property
    def boards(self) -> int:
        return sum(1 for m in self.games if m.away_entry_id is not None)

    @property
    def done(self) -> bool:
        return self.confirmed == self.boards


@dataclass
class Summary:
    rounds: list[RoundState]
    planned: int
    next_round: int  # 0: all paired
    can_pair: bool  # the round before is confirmed
    absent: set[int]  # for the next round
    withdrawn: set[int]
    entry_ids: list[int]  # by pairing number
    standings: list

    @property
    def games(self) -> list[Match]:
        """Every game of every round, in order."""
        return [m for r in self.rounds for m in r.games]


def summary(comp: Competition) -> Summary:
    """What the Swiss page shows: each round's state, the next one, the standings."""
    plan = swiss_plan(comp)
    games = matches(comp)
    states = []
    for r in range(1, swiss_table.paired_rounds(games) + 1):
        mine = [m for m in games if m.round_no == r]
        boards = [m for m in mine if m.away_entry_id is not None]
        states.append(RoundState(r, mine, sum(m.entered_at is not None for m in boards),
                                 sum(m.confirmed_at is not None for m in boards)))  # fmt: skip
    paired = len(states)
    next_round = paired + 1 if paired < plan.rounds else 0
    ids = entry_ids(comp)
    return Summary(
        states,
        plan.rounds,
        next_round,
        bool(next_round) and swiss_table.complete_rounds(games) == paired,
        set(plan.absent.get(str(next_round), [])),
        set(plan.absent.get(WITHDRAWN, [])),
        ids,
        swiss_table.standings(plan, games, ids),
    )
