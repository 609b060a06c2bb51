"""FIDE's tournament report file (TRF): one player a line ("001"), fixed columns, each round
ten characters (opponent's starting rank, colour, result); other records (the tournament's
name "012", the pairing system "092", points "BBW"…, rounds "XXR"…) kept as they are.

``parse`` refuses a damaged line by its number (Vietnamese message, nothing half read);
``dump(parse(text)) == text`` for any file it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from services.errors import DomainError, ValidationErrors

ROUND_START, ROUND_WIDTH = 91, 10  # 0-based: round 1 starts in column 92
COLOURS = ("w", "b", "-", " ")
RESULTS = ("1", "0", "=", "+", "-", "W", "D", "L", "H", "F", "U", "Z", " ")
UNPLAYED = ("+", "-", "H", "F", "U", "Z", " ")  # forfeits, byes, absence: no game on the board
MAX_BYTES = 2 * 1024 * 1024
MAX_PLAYERS = 9999


@dataclass
class Game:
    opponent: int | None  # the opponent's starting rank; None: no opponent (a bye, an absence)
    colour: str  # "w", "b", "-" (none)
    result: str  # RESULTS

    @property
    def played(self) -> bool:
        return self.opponent is not None and self.result not in UNPLAYED


@dataclass
class Player:
    number: int  # starting rank (pairing number)
    name: str
    rating: int = 0
    points: Decimal = Decimal(0)
    rank: int = 0
    sex: str = " "
    title: str = ""
    federation: str = ""
    fide_id: str = ""
    birth: str = ""
    games: list[Game] = field(default_factory=list)


@dataclass
class Tournament:
    players: list[Player]
    records: list[tuple[int, str]] = field(default_factory=list)  # (line index, line) not a player's
    newline: str = "\n"
    trailing: bool = True  # the file ends with a newline

    @property
    def rounds(self) -> int:
        return max((len(p.games) for p in self.players), default=0)


def _field(line: str, start: int, end: int) -> str:
    return line[start:end] if len(line) > start else ""


def _player(line: str, where: str) -> Player:
    number_text = _field(line, 4, 8).strip()
    if not number_text.isdigit() or not 1 <= int(number_text) <= MAX_PLAYERS:
        raise DomainError(where + _("số thứ tự (cột 5–8) phải là số từ 1 đến 9999."))
    rating_text = _field(line, 48, 52).strip()
    if rating_text and not rating_text.isdigit():
        raise DomainError(where + _("hệ số (cột 49–52) phải là số."))
    try:
        points = Decimal(_field(line, 80, 84).strip() or "0")
    except InvalidOperation:
        raise DomainError(where + _("điểm (cột 81–84) không hợp lệ.")) from None
    rank_text = _field(line, 85, 89).strip()
    if rank_text and not rank_text.isdigit():
        raise DomainError(where + _("hạng (cột 86–89) phải là số."))
    games = []
    for r, start in enumerate(range(ROUND_START, len(line), ROUND_WIDTH), start=1):
        cell = line[start : start + ROUND_WIDTH].ljust(8)
        opponent, colour, result = cell[0:4].strip(), cell[5], cell[7]
        if not re.fullmatch(r"\d{1,4}|", opponent) or colour not in COLOURS or result not in RESULTS:
            raise DomainError(where + _("ván %(r)d (cột %(c)d–%(e)d) không hợp lệ: “%(v)s”.", r=r, c=start + 1,
                                         e=start + 10, v=cell.strip()))  # fmt: skip
        games.append(Game(int(opponent) or None if opponent else None, colour, result))
    return Player(
        int(number_text),
        _field(line, 14, 47).strip(),
        int(rating_text or 0),
        points,
        int(rank_text or 0),
        _field(line, 9, 10) or " ",
        _field(line, 10, 13).strip(),
        _field(line, 53, 56).strip(),
        _field(line, 57, 68).strip(),
        _field(line, 69, 79).strip(),
        games,
    )


def parse(text: str) -> Tournament:
    """A TRF's players and other records; ValidationErrors naming each damaged line."""
    if len(text.encode()) > MAX_BYTES:
        raise DomainError(_("Tệp TRF lớn hơn 2 MB."))
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    lines = text.split(newline)
    trailing = bool(lines) and lines[-1] == ""
    if trailing:
        lines = lines[:-1]
    players, records, problems = [], [], []
    for i, line in enumerate(lines):
        if line.startswith("001"):
            try:
                players.append(_player(line, _("Dòng %(n)d: ", n=i + 1)))
            except DomainError as error:
                problems.append(error.message)
        else:
            records.append((i, line))
    if problems:  # the lines first: an opponent on a damaged line is not known yet
        raise ValidationErrors(_("Tệp TRF có lỗi, chưa đọc gì:"), problems)
    numbers = [p.number for p in players]
    if len(set(numbers)) != len(numbers):
        problems.append(_("Hai dòng người chơi trùng số thứ tự."))
    known = set(numbers)
    for p in players:
        for r, g in enumerate(p.games, start=1):
            if g.opponent is not None and g.opponent not in known:
                problems.append(
                    _("Người số %(p)d, ván %(r)d: không có đối thủ số %(o)d.", p=p.number, r=r, o=g.opponent)
                )
    if problems:
        raise ValidationErrors(_("Tệp TRF có lỗi, chưa đọc gì:"), problems)
    return Tournament(players, records, newline, trailing)


def _player_line(p: Player) -> str:
    head = (
        f"001 {p.number:4d} {p.sex[:1] or ' '}{p.title[:3]:>3} {p.name[:33]:<33} "
        f"{(str(p.rating) if p.rating else ''):>4} {p.federation[:3]:>3} {p.fide_id[:11]:>11} {p.birth[:10]:>10} "
        f"{p.points:4.1f} {(str(p.rank) if p.rank else ''):>4}"
    )
    cells = "".join(f"  {(g.opponent or 0):04d} {g.colour} {g.result}" if g.opponent is None
                    else f"  {g.opponent:4d} {g.colour} {g.result}" for g in p.games)  # fmt: skip
    return (head + cells).rstrip() if not p.games else head + cells


def dump(t: Tournament) -> str:
    """The tournament as a TRF, its records where they were, players in their places."""
    total = len(t.records) + len(t.players)
    records = dict(t.records)
    players = iter(t.players)
    lines = [records[i] if i in records else _player_line(next(players)) for i in range(total)]
    return t.newline.join(lines) + (t.newline if t.trailing else "")
