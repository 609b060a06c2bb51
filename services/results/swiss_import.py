"""Rounds of a Swiss competition brought back from a TRF: the venue lost its connection, the
arbiters paired and scored the next rounds in another FIDE program from the file this one
exported (swiss_table.to_trf), and now the file comes back.

Rules kept here:
- a file's player is the entry whose name (as exported: the label, cut to the TRF's 33
  characters) is the same, case and spacing aside; every player must be found, once;
- the rounds already here must be in the file exactly as they are (the same boards and bye),
  and be confirmed; the file's later rounds are added: its boards (in the rules' board order),
  its results entered in the importing official's name and waiting, round by round, for a
  second official's confirmation as if typed on the round's sheet; its pairing bye confirmed
  as a pairing makes it; a player in no board of a round is absent from it;
- a round the file pairs otherwise than FIDE's Dutch rules would is imported all the same
  (an arbiter's decision) and named in the answer; nothing is saved if anything is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from extensions import db
from models import Competition, User, utcnow
from services.errors import DomainError
from services.results import follow_up, swiss_rounds, swiss_table
from services.results.display import snapshot
from services.results.swiss import check, trf
from services.text import name_key

# the file's result marks (white's, black's) → the code of swiss_table.RESULTS; W, D, L are
# the older TRF's marks for the same results
RESULTS = {marks: code for code, marks in swiss_table.TRF_MARKS.items()} | {
    ("W", "L"): "1-0", ("D", "D"): "½-½", ("L", "W"): "0-1"}  # fmt: skip


@dataclass
class Imported:
    rounds: list[int] = field(default_factory=list)
    not_by_the_rules: list[int] = field(default_factory=list)


def _entries(t: trf.Tournament, labels: dict[int, str]) -> dict[int, int]:
    """The file's player numbers → entry ids, by name."""
    by_name: dict[str, int] = {}
    for entry_id, label in labels.items():
        by_name.setdefault(name_key(label[:33]), entry_id)
    found: dict[int, int] = {}
    unknown: list[str] = []
    for p in t.players:
        match = by_name.get(name_key(p.name))
        if match is None:
            unknown.append(f"{p.number} {p.name}")
        else:
            found[p.number] = match
    if unknown:
        raise DomainError(_("Tệp có người không thuộc nội dung này (so theo tên): %(n)s.", n="; ".join(unknown[:10])))
    if len(set(found.values())) != len(found):
        raise DomainError(_("Hai dòng của tệp là cùng một người."))
    return found


def _boards(t: trf.Tournament, round_no: int, entry: dict[int, int]) -> tuple[list[tuple[int, int, str]], int | None]:
    """The round's boards as (white, black, result code or "") in entry ids, the bye's entry."""
    pairing = check.pairing(t, round_no)
    by_number = {p.number: p for p in t.players}
    boards = []
    for white, black in pairing.boards:
        marks = (by_number[white].games[round_no - 1].result, by_number[black].games[round_no - 1].result)
        boards.append((entry[white], entry[black], RESULTS.get(marks, "")))
    return boards, None if pairing.bye is None else entry[pairing.bye]


def import_rounds(comp: Competition, data: bytes, labels: dict[int, str], actor: User) -> Imported:
    """The file's rounds after the ones already here; ``labels``: entry id → its name."""
    plan = swiss_rounds.swiss_plan(comp, lock=True)
    if plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    t = check.read(data)
    entry = _entries(t, labels)
    games = swiss_rounds.matches(comp)
    paired = swiss_table.paired_rounds(games)
    if t.rounds > plan.rounds:
        raise DomainError(_("Tệp có %(n)d vòng, nội dung này đấu %(m)d vòng.", n=t.rounds, m=plan.rounds))
    if t.rounds <= paired:
        raise DomainError(_("Tệp không có vòng nào sau vòng %(n)d đã ghép ở đây.", n=paired))
    if swiss_table.complete_rounds(games) < paired:
        raise DomainError(_("Vòng %(n)d còn ván chưa được xác nhận: xác nhận xong rồi mới nhập vòng sau.", n=paired))
    for r in range(1, paired + 1):
        here = {(m.home_entry_id, m.away_entry_id) for m in games if m.round_no == r}
        boards, bye = _boards(t, r, entry)
        if here != {(w, b) for w, b, _code in boards} | ({(bye, None)} if bye else set()):
            raise DomainError(_("Vòng %(n)d trong tệp khác vòng %(n)d đã ghép ở đây.", n=r))
    out = Imported()
    checked = {c.number: c for c in check.check(t)}
    for r in range(paired + 1, t.rounds + 1):
        boards, bye = _boards(t, r, entry)
        if not boards:
            raise DomainError(_("Vòng %(n)d trong tệp chưa có cặp nào.", n=r))
        score = {e: sum((g.points for g in gs), Decimal(0))
                 for e, gs in swiss_table.pasts(plan, games, list(labels), r - 1, confirmed_only=False).items()}  # fmt: skip
        boards.sort(key=lambda b: (-max(score.get(b[0], 0), score.get(b[1], 0)), -min(score.get(b[0], 0),
                                   score.get(b[1], 0)), min(b[0], b[1])))  # fmt: skip
        for board, (white, black, code) in enumerate(boards, start=1):
            m = swiss_rounds.add_game(comp, r, board, white, black)
            if code:
                m.home_score, m.away_score, m.forfeited_by = swiss_table.RESULTS[code]
                m.winner_entry_id = white if m.home_score > m.away_score else (black if m.away_score > m.home_score
                                                                               else None)  # fmt: skip
                m.entered_by_id, m.entered_at = actor.id, utcnow()
                db.session.flush()
                follow_up.record(comp, actor, "enter", match=m, new=snapshot(m))
        if bye is not None:
            swiss_rounds.add_bye(comp, r, len(boards) + 1, bye, actor)
        there = {e for w, b, _code in boards for e in (w, b)} | {bye}
        plan.absent = {**plan.absent, str(r): sorted(set(labels) - there)}
        games = swiss_rounds.matches(comp)
        out.rounds.append(r)
        if not checked[r].same:
            out.not_by_the_rules.append(r)
    follow_up.record(comp, actor, "swiss_import", new={"rounds": out.rounds, "not_by_the_rules": out.not_by_the_rules})
    return out
