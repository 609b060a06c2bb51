"""A Swiss tournament read from its TRF and checked against FIDE's Dutch rules (pure): each
round is paired again by dutch.py from the rounds before it — the players it had, their byes
and absences as the file records them — and compared with the file's boards, colours and
bye, as bbpPairings' checker does ("-c").

Reading a TRF round: a game has an opponent; "+"/"-" with an opponent is a forfeit (paired,
not played), "U" the pairing-allocated bye; a half-point ("H"), full-point ("F") or zero
("Z") bye, "-" without an opponent or an empty cell: not paired in that round. Points: the
file's BBW / BBD / BBL / BBF / BBZ / BBU records, else 1, ½, 0 (a bye as a win).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from services.errors import DomainError
from services.results.swiss import dutch, tiebreaks, trf
from services.results.swiss.players import BLACK, WHITE

MAX_PLAYERS = 300  # a provincial open at most; pairing them all again is ~1 s a round at 150
MAX_ROUNDS = 15


def points(t: trf.Tournament) -> dict[str, Decimal]:
    """Points of each result code, from the file's scoring records where it has them."""
    given = {}
    for _line_no, line in t.records:
        if line[:3] in ("BBW", "BBD", "BBL", "BBF", "BBZ", "BBU"):
            try:
                given[line[:3]] = Decimal(line[3:].strip())
            except InvalidOperation:
                raise DomainError(_("Dòng %(r)s: điểm không hợp lệ.", r=line[:3])) from None
    win, draw, loss = given.get("BBW", Decimal(1)), given.get("BBD", Decimal("0.5")), given.get("BBL", Decimal(0))
    return {"1": win, "W": win, "+": win, "F": win, "=": draw, "D": draw, "H": draw, "0": loss, "L": loss,
            "-": given.get("BBF", loss), "Z": given.get("BBZ", loss), " ": loss, "U": given.get("BBU", win)}  # fmt: skip


def took_part(game: trf.Game) -> bool:
    """In that round's pairing: a game, a forfeit or the pairing-allocated bye."""
    return game.opponent is not None or game.result in ("U", "+")


def _game(p: trf.Player, round_no: int) -> trf.Game:
    return p.games[round_no - 1] if len(p.games) >= round_no else trf.Game(None, "-", " ")


def past(g: trf.Game, scoring: dict[str, Decimal]) -> dutch.Past:
    """A TRF round as the Swiss services take it."""
    return dutch.Past(g.opponent, g.colour if g.played else "", scoring.get(g.result, Decimal(0)), took_part(g))


def entrants(t: trf.Tournament, round_no: int, scoring: dict[str, Decimal]) -> list[dutch.Entrant]:
    """The players before ``round_no`` as the Dutch engine takes them."""
    return [dutch.Entrant(p.number, tuple(past(_game(p, r), scoring) for r in range(1, round_no)),
                          took_part(_game(p, round_no))) for p in t.players]  # fmt: skip


def pairing(t: trf.Tournament, round_no: int) -> dutch.Pairing:
    """The round as the file has it: (white, black) boards, sorted, and the bye."""
    boards, bye = [], None
    for p in t.players:
        g = _game(p, round_no)
        if g.opponent is None and g.result == "U":
            bye = p.number
        elif g.opponent is not None and (
            g.colour == WHITE or (g.colour not in (WHITE, BLACK) and p.number < g.opponent)
        ):
            boards.append((p.number, g.opponent))
    return dutch.Pairing(sorted(boards), bye)


def initial_colour(t: trf.Tournament) -> str:
    """The XXC record's, else as round 1 shows it: the top player paired in it has it."""
    for _line_no, line in t.records:
        if line.startswith("XXC"):
            return BLACK if "black1" in line.lower() else WHITE
    paired = [p for p in t.players if took_part(_game(p, 1)) and _game(p, 1).colour in (WHITE, BLACK)]
    return _game(min(paired, key=lambda p: p.number), 1).colour if paired else WHITE


def planned_rounds(t: trf.Tournament) -> int:
    for _line_no, line in t.records:
        if line.startswith(("XXR", "142")) and line[3:].strip().isdigit():
            return max(int(line[3:].strip()), t.rounds)
    return t.rounds


@dataclass
class RoundCheck:
    number: int
    same: bool
    only_in_file: list[tuple[int, int]] = field(default_factory=list)  # (white, black) the rules would not make
    by_the_rules: list[tuple[int, int]] = field(default_factory=list)  # what the rules make instead
    bye: tuple[int | None, int | None] = (None, None)  # the file's, the rules'
    refused: str = ""  # the rules find no pairing at all


def check(t: trf.Tournament) -> list[RoundCheck]:
    """Every round of the file paired again from the rounds before it."""
    if len(t.players) > MAX_PLAYERS:
        raise DomainError(_("Tệp có %(n)d người: kiểm tra được tối đa %(m)d.", n=len(t.players), m=MAX_PLAYERS))
    if t.rounds > MAX_ROUNDS:
        raise DomainError(_("Tệp có %(n)d vòng: kiểm tra được tối đa %(m)d.", n=t.rounds, m=MAX_ROUNDS))
    scoring = points(t)
    rules = dutch.Rules(rounds=planned_rounds(t), win=scoring["1"], draw=scoring["="], loss=scoring["0"],
                        initial=initial_colour(t))  # fmt: skip
    out = []
    for round_no in range(1, t.rounds + 1):
        theirs = pairing(t, round_no)
        try:
            mine = dutch.pair(entrants(t, round_no, scoring), rules)
        except DomainError as refused:
            out.append(RoundCheck(round_no, False, theirs.boards, [], (theirs.bye, None), refused.message))
            continue
        ours = sorted(mine.boards)
        out.append(RoundCheck(round_no, ours == theirs.boards and mine.bye == theirs.bye,
                              sorted(set(theirs.boards) - set(ours)), sorted(set(ours) - set(theirs.boards)),
                              (theirs.bye, mine.bye)))  # fmt: skip
    return out


def read(data: bytes) -> trf.Tournament:
    """An uploaded TRF: at most trf.MAX_BYTES, UTF-8 (else Latin-1, as older programs write),
    every damaged line named (trf.parse)."""
    if len(data) > trf.MAX_BYTES:
        raise DomainError(_("Tệp TRF lớn hơn 2 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    t = trf.parse(text.replace("\x00", ""))
    if not t.players:
        raise DomainError(_("Tệp không có dòng người chơi nào (dòng bắt đầu bằng 001)."))
    return t


def standings(t: trf.Tournament, order=tiebreaks.VIETNAM_CHESS) -> list[tiebreaks.Standing]:
    """The file's standings after its last round: points, then ``order``, every tie-break of
    the catalogue computed (so a published crosstable's columns can be compared)."""
    scoring = points(t)
    rules = dutch.Rules(rounds=planned_rounds(t), win=scoring["1"], draw=scoring["="], loss=scoring["0"])
    games = {p.number: [past(_game(p, r), scoring) for r in range(1, t.rounds + 1)] for p in t.players}
    return tiebreaks.standings(games, rules, order)
