"""How results read on pages and sheets: round names, match titles, sources, scores."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import CompetitionFormat, Entry, EntryMember, Match, MatchStage, Person
from services.results import brackets, scoring


def snapshot(m: Match) -> dict:
    """A match's result as the history keeps it (old → new)."""
    return {
        "sets": m.sets or [],
        "home_score": m.home_score,
        "away_score": m.away_score,
        "shootout": m.shootout,
        "forfeited_by": m.forfeited_by,
        "winner_entry_id": m.winner_entry_id,
        "confirmed": m.confirmed,
        "clear_requested": m.clear_requested,
    } | ({"chess": True} if m.stage == MatchStage.SWISS else {})


def round_name(round_no: int, rounds: int) -> str:
    left = rounds - round_no
    if left == 0:
        return _("Chung kết")
    if left == 1:
        return _("Bán kết")
    if left == 2:
        return _("Tứ kết")
    return _("Vòng %(n)d", n=round_no)


def match_title(m: Match, rounds: int) -> str:
    """ "Bảng A – lượt 2", "Bán kết 1", "Tranh hạng ba", "Vòng 3 – bàn 5" (Swiss)."""
    if m.stage == MatchStage.SWISS:
        return _("Vòng %(r)d – bàn %(b)d", r=m.round_no, b=m.position)
    if m.stage == MatchStage.GROUP:
        return _("Bảng %(g)s – lượt %(r)d", g=chr(ord("A") + m.group_no - 1), r=m.round_no)
    if m.stage == MatchStage.THIRD_PLACE:
        return _("Tranh hạng ba")
    name = round_name(m.round_no, rounds)
    return name if m.round_no == rounds else f"{name} {m.position}"


def entry_label(entry, names: list[str] | None) -> str:
    """ "Nguyễn Văn An (BMT)" for singles and pairs; the unit's name for teams (Đội 2 if more).
    ``entry`` with its unit and competition loaded; ``names`` its members in order."""
    if entry.competition.format != CompetitionFormat.TEAM and names:
        return f"{' – '.join(names)} ({entry.unit.code})"
    return entry.unit.name + (f" ({entry.team_no})" if entry.team_no > 1 else "")


def entry_labels(entry_ids) -> dict[int, str]:
    """Labels of these entries, in two queries (an official's list across competitions)."""
    ids = [i for i in set(entry_ids) if i] or [-1]
    entries = db.session.scalars(
        select(Entry).where(Entry.id.in_(ids)).options(joinedload(Entry.unit), joinedload(Entry.competition))
    ).all()
    names: dict[int, list[str]] = {}
    for entry_id, full_name in db.session.execute(
        select(EntryMember.entry_id, Person.full_name)
        .join(Person, Person.id == EntryMember.person_id)
        .where(EntryMember.entry_id.in_(ids))
        .order_by(EntryMember.id)
    ):
        names.setdefault(entry_id, []).append(full_name)
    return {e.id: entry_label(e, names.get(e.id)) for e in entries}


def source_label(code: str, rounds: int = 0) -> str:
    """ "A1" → "Hạng 1 bảng A"; "W1.2" → "Thắng Bán kết 2" when the bracket's ``rounds`` are
    known (else "Thắng trận 1.2")."""
    if code == "BYE":
        return _("Miễn đấu")
    if code[:1] in "WL" and "." in code:
        round_no, position = (int(x) for x in code[1:].split("."))
        match = f"{round_name(round_no, rounds)} {position}" if rounds else _("trận %(m)s", m=code[1:])
        return _("Thắng %(m)s", m=match) if code[0] == "W" else _("Thua %(m)s", m=match)
    ranked = brackets.parse_ranked(code)
    if ranked:
        if ranked[1] == 1:
            return _("Đội nhất bảng xếp thứ %(k)d (so giữa các đội nhất)", k=ranked[0])
        return _("Hạng %(p)d bảng có đội nhất xếp thứ %(k)d", p=ranked[1], k=ranked[0])
    if code:
        return _("Hạng %(p)s bảng %(g)s", p=code[1:], g=code[0])
    return ""


def score_text(m: Match) -> str:
    """ "2–1 (25–20, 18–25, 15–11)", "3–0 (bỏ cuộc)", "1–1 (thắng luân lưu: đội 2)"."""
    return snapshot_text(snapshot(m)) if m.has_result else ""


def snapshot_text(result: dict) -> str:
    """A result as stored in the history (``snapshot``), written as on a result sheet."""
    if not result or result.get("home_score") is None:
        return "—"
    if result.get("chess"):
        return chess_text(result["home_score"], result["away_score"], result.get("forfeited_by", ""))
    text = f"{result['home_score']}–{result['away_score']}"
    if result.get("forfeited_by"):
        return text + " (" + _("bỏ cuộc") + ")"
    if result.get("shootout"):
        side = _("đội 1") if result["shootout"] == scoring.HOME else _("đội 2")
        return text + " (" + _("thắng luân lưu: %(s)s", s=side) + ")"
    sets = result.get("sets") or []
    if any(max(s) > 1 for s in sets):
        return text + " (" + ", ".join(f"{h}–{a}" for h, a in sets) + ")"
    return text


HALVES = {0: "0", 1: "½", 2: "1"}


def chess_text(home: int, away: int, forfeited_by: str = "") -> str:
    """A game's result from half points: "1–0", "½–½", "0–1"; a forfeit "+/−" (bỏ cuộc)."""
    if forfeited_by:
        white, black = ("+" if home else "−"), ("+" if away else "−")
        return f"{white}/{black} (" + _("bỏ cuộc") + ")"
    return f"{HALVES.get(home, home)}–{HALVES.get(away, away)}"


def points_text(value) -> str:
    """Chess points as written: "2½", "½", "0"; a value in quarters (Sonneborn-Berger) "12,25"."""
    value = Decimal(value)
    if (value * 2) % 1:
        return f"{value.normalize():f}".replace(".", ",")
    whole, half = divmod(value * 2, 2)
    return (str(int(whole)) if whole or not half else "") + ("½" if half else "")
