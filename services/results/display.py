"""How results read on pages and sheets: round names, match titles, sources, scores."""

from __future__ import annotations

from flask_babel import gettext as _

from models import Match, MatchStage
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
    }


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
    """ "Bảng A – lượt 2", "Bán kết 1", "Tranh hạng ba"."""
    if m.stage == MatchStage.GROUP:
        return _("Bảng %(g)s – lượt %(r)d", g=chr(ord("A") + m.group_no - 1), r=m.round_no)
    if m.stage == MatchStage.THIRD_PLACE:
        return _("Tranh hạng ba")
    name = round_name(m.round_no, rounds)
    return name if m.round_no == rounds else f"{name} {m.position}"


def source_label(code: str) -> str:
    """ "A1" → "Nhất bảng A", "W1.2" → "Thắng trận 1.2"."""
    if code == "BYE":
        return _("Miễn đấu")
    if code[:1] in "WL" and "." in code:
        return (_("Thắng trận %(m)s", m=code[1:])) if code[0] == "W" else _("Thua trận %(m)s", m=code[1:])
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
