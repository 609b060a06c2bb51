"""Every award of an event with its prize money, from the one tally of confirmed results
(so the decision's appendix, the payout lists and the medal table agree), and the prize
amounts themselves: set per competition and place, or for the whole event at once.

Prize rules, in one place:
- a competition's amounts are per place: "1", "2", "3" and "kk" (khuyến khích); the overall
  ranking's (toàn đoàn) per rank;
- an award goes to an entry: a team's or a pair's amount is the entry's, not per member;
- a place two entries share (two bronzes in a knockout) gives each its full amount, unless
  the event says shared places split it (rounded down to the đồng); khuyến khích prizes are
  each their own, never split.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Competition, CompetitionFormat, Entry, Event
from services.audit import record_prizes
from services.errors import DomainError
from services.labels import place_key_label, place_label
from services.lookup import lock_row
from services.registration import teams
from services.results import tally
from services.results.placements import CONSOLATION
from services.text import text_sort_key

PLACE_KEYS = ("1", "2", "3", "kk")
MAX_PRIZE = 10_000_000_000  # 10 tỷ đồng: a typing slip beyond it, not a prize


def place_key(place: int) -> str:
    return "kk" if place == CONSOLATION else str(place)


@dataclass(frozen=True)
class Award:
    """One award: an entry's place in a competition, or a unit's overall rank."""

    competition_id: int | None  # None: the overall ranking (toàn đoàn)
    competition: str
    place: int  # 1, 2, 3 or CONSOLATION; the overall rank
    place_text: str  # "Nhất", "Khuyến khích"; "Hạng 4" in the overall ranking
    collective: bool  # tập thể (a team, a unit) or cá nhân (one person, a pair)
    recipient: str  # the person, the pair "A – B", the team "LĐLĐ huyện Lắk (2)"
    unit_id: int
    unit: str
    amount: int  # đồng
    shared_by: int = 1  # entries sharing the place
    people: int = 0  # the persons an individual award names (a pair: 2); 0 for a collective one

    @property
    def kind(self) -> str:
        return _("Tập thể") if self.collective else _("Cá nhân")


@dataclass
class CompetitionAwards:
    competition_id: int | None
    name: str
    awards: list[Award] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(a.amount for a in self.awards)


def _amount(prizes: dict, key: str, shared_by: int, split: bool) -> int:
    amount = int(prizes.get(key) or 0)
    return amount // shared_by if split and key != "kk" and shared_by > 1 else amount


def event_awards(event: Event) -> list[CompetitionAwards]:
    """Per competition (by name) the awards its confirmed results decide, by place; then the
    overall ranking's places 1–3 (and any further rank a prize is set for)."""
    tallied, entries, comps = tally.event_tally(event)
    placed = [p.entry_id for places in tallied.places.values() for p in places]
    with_members = {e.id: e for e in teams.entries_with_members(Entry.id.in_(placed or [-1]))}
    out = []
    for comp in sorted(comps, key=lambda c: text_sort_key(c.name)):
        places = sorted(tallied.places.get(comp.id, []), key=lambda p: p.place)
        if not places:
            continue
        group = CompetitionAwards(comp.id, comp.name)
        for p in places:
            entry = with_members[p.entry_id]
            shared_by = sum(1 for q in places if q.place == p.place)
            group.awards.append(
                Award(
                    comp.id,
                    comp.name,
                    p.place,
                    place_label(p.place),
                    *_recipient(comp, entry),
                    entry.unit_id,
                    entry.unit.name,
                    _amount(comp.prizes or {}, place_key(p.place), shared_by, event.shared_prize_split),
                    shared_by,
                    0 if comp.format == CompetitionFormat.TEAM else len(entry.members),
                )
            )
        out.append(group)
    overall = CompetitionAwards(None, _("Toàn đoàn"))
    prizes = event.overall_prizes or {}
    for t in tallied.overall:
        if (t.rank <= 3 or prizes.get(str(t.rank))) and (t.total or t.points):
            shared_by = sum(1 for u in tallied.overall if u.rank == t.rank)
            unit = tallied.units[t.unit_id]
            text = place_label(t.rank) if t.rank <= 3 else _("Hạng %(n)s", n=t.rank)
            amount = _amount(prizes, str(t.rank), shared_by, event.shared_prize_split)
            overall.awards.append(
                Award(None, overall.name, t.rank, text, True, unit.name, unit.id, unit.name, amount, shared_by)
            )
    if overall.awards:
        out.append(overall)
    return out


def _recipient(comp: Competition, entry: Entry) -> tuple[bool, str]:
    """(collective, name): a team is its unit (and team number); singles and pairs their people."""
    names = [m.person.full_name for m in sorted(entry.members, key=lambda m: m.id)]
    if comp.format == CompetitionFormat.TEAM or not names:
        return True, entry.unit.name + (f" ({entry.team_no})" if entry.team_no > 1 else "")
    return False, " – ".join(names)


def event_competitions(event: Event) -> list[Competition]:
    """The event's competitions as the prize page lists them (by name)."""
    comps = db.session.scalars(select(Competition).where(Competition.event_id == event.id)).all()
    return sorted(comps, key=lambda c: text_sort_key(c.name))


def total(groups: list[CompetitionAwards]) -> int:
    return sum(g.total for g in groups)


# --- setting the amounts ---------------------------------------------------------------------


@dataclass
class PrizeData:
    """What the prize page sends: amounts per competition id and place key (None: no prize),
    the overall ranking's per rank, whether shared places split, and the version it showed."""

    competitions: dict[int, dict[str, int | None]]
    overall: dict[str, int | None]
    shared_split: bool
    version: str


def _clean(amounts: dict[str, int | None]) -> dict[str, int]:
    return {k: int(v) for k, v in amounts.items() if v}


def prizes_version(event: Event) -> str:
    """A short fingerprint of every amount of the event: the page carries it, and a save from
    a page shown before another admin's save is refused instead of undoing it."""
    comps = db.session.execute(
        select(Competition.id, Competition.prizes).where(Competition.event_id == event.id).order_by(Competition.id)
    ).all()
    state = [event.overall_prizes or {}, event.shared_prize_split, [[i, p or {}] for i, p in comps]]
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


def check_amount(value: int, where: str) -> None:
    if not 0 <= value <= MAX_PRIZE:
        raise DomainError(_("%(w)s: số tiền phải từ 0 đến %(m)s đồng.", w=where, m=f"{MAX_PRIZE:,}".replace(",", ".")))


def save_prizes(event: Event, data: PrizeData, actor) -> int:
    """Store the amounts under the event's lock; returns how many records changed (one audit
    row each). Refused, changing nothing, when the page was shown before another save."""
    lock_row(Event, event.id)
    db.session.refresh(event)
    if data.version != prizes_version(event):
        raise DomainError(_("Trang này đã cũ: người khác vừa sửa tiền thưởng. Hãy tải lại trang rồi nhập lại."))
    comps = {c.id: c for c in db.session.scalars(select(Competition).where(Competition.event_id == event.id))}
    changed = 0
    for comp_id, amounts in data.competitions.items():
        comp = comps.get(comp_id)
        if comp is None:
            continue  # a competition deleted meanwhile
        for key, value in amounts.items():
            check_amount(value or 0, f"{comp.name} – {place_key_label(key)}")
        new = _clean(amounts)
        if new != (comp.prizes or {}):
            record_prizes(actor, event, comp.id, comp.name, {"prizes": [comp.prizes or {}, new]})
            comp.prizes = new
            changed += 1
    for key, value in data.overall.items():
        check_amount(value or 0, _("Toàn đoàn – hạng %(n)s", n=key))
    new_overall = _clean(data.overall)
    diff: dict[str, list] = {}
    if new_overall != (event.overall_prizes or {}):
        diff["overall_prizes"] = [event.overall_prizes or {}, new_overall]
    if data.shared_split != event.shared_prize_split:
        diff["shared_prize_split"] = [event.shared_prize_split, data.shared_split]
    if diff:
        record_prizes(actor, event, None, event.name, diff)
        event.overall_prizes, event.shared_prize_split = new_overall, data.shared_split
        changed += 1
    db.session.flush()
    return changed


def filled_in(
    event: Event, individual: dict[str, int | None], team: dict[str, int | None], every: bool, version: str
) -> PrizeData:
    """The page's data with one set of amounts for every individual (singles, pairs) and one
    for every team competition: only where no amount is set yet, or ``every`` one."""
    comps = db.session.scalars(select(Competition).where(Competition.event_id == event.id)).all()
    amounts = {
        c.id: dict(team if c.format == CompetitionFormat.TEAM else individual)
        if every or not c.prizes
        else {k: (c.prizes or {}).get(k) for k in PLACE_KEYS}
        for c in comps
    }
    return PrizeData(amounts, dict(event.overall_prizes or {}), event.shared_prize_split, version)
