"""A Swiss competition's games read as the Swiss services take them (pure: plan and match
rows in, no queries): each entry's rounds, its pairing number, the standings with their
tie-break columns, the final ranks, and the tournament as a FIDE TRF file.

A game is a Match of stage SWISS: ``home`` plays white (Red in Chinese chess, who moves
first), ``away`` black; the scores are half points (2–0, 1–1, 0–2); ``forfeited_by`` "home",
"away" or "both" for a game not played; a row with no ``away`` is the pairing bye. An entry
in no game of a round was absent from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from models import MatchStage
from services.results.swiss import tiebreaks, trf
from services.results.swiss.players import BLACK, WHITE, Past, Rules

HALF = Decimal("0.5")
# what an official picks for a game → (white's half points, black's, who forfeited)
RESULTS = {"1-0": (2, 0, ""), "½-½": (1, 1, ""), "0-1": (0, 2, ""), "+/-": (2, 0, "away"), "-/+": (0, 2, "home"),
           "-/-": (0, 0, "both")}  # fmt: skip


# each code as a TRF writes it: (white's mark, black's mark); swiss_import reads them back
TRF_MARKS = {"1-0": ("1", "0"), "½-½": ("=", "="), "0-1": ("0", "1"), "+/-": ("+", "-"), "-/+": ("-", "+"),
             "-/-": ("-", "-")}  # fmt: skip


def result_code(m) -> str:
    """The code of a game's result ("" when none)."""
    if m.home_score is None:
        return ""
    return next((c for c, (h, a, f) in RESULTS.items() if (h, a, f) == (m.home_score, m.away_score, m.forfeited_by)),
                "")  # fmt: skip


def games(matches: Sequence) -> list:
    return sorted((m for m in matches if m.stage == MatchStage.SWISS), key=lambda m: (m.round_no, m.position))


def paired_rounds(matches: Sequence) -> int:
    return max((m.round_no for m in games(matches)), default=0)


def order(plan, entry_ids: Sequence[int] = ()) -> list[int]:
    """Entry ids by pairing number: the draw's order, then entries that came later, by id."""
    drawn = list((plan.draw or {}).get("swiss", []))
    return drawn + sorted(set(entry_ids) - set(drawn))


def rules(plan) -> Rules:
    return Rules(rounds=plan.rounds, initial=(plan.draw or {}).get("initial", WHITE))


def pasts(plan, matches: Sequence, entry_ids: Sequence[int], rounds: int, confirmed_only: bool = True) -> dict:
    """Each entry's first ``rounds`` rounds (entry ids as numbers), from its games."""
    by_round: dict[tuple[int, int], Past] = {}
    for m in games(matches):
        if m.round_no > rounds or (confirmed_only and m.confirmed_at is None) or m.home_score is None:
            continue
        if m.away_entry_id is None:  # the pairing bye
            by_round[(m.round_no, m.home_entry_id)] = Past(None, "", Decimal(m.home_score) * HALF, True)
            continue
        played = not m.forfeited_by
        for entry, opponent, colour, score in ((m.home_entry_id, m.away_entry_id, WHITE, m.home_score),
                                               (m.away_entry_id, m.home_entry_id, BLACK, m.away_score)):  # fmt: skip
            by_round[(m.round_no, entry)] = Past(opponent, colour if played else "", Decimal(score) * HALF, True)
    absent = Past(None, "", Decimal(0), False)
    return {e: [by_round.get((r, e), absent) for r in range(1, rounds + 1)] for e in entry_ids}


def complete_rounds(matches: Sequence) -> int:
    """Rounds whose every game is confirmed, from the first."""
    done = 0
    for r in range(1, paired_rounds(matches) + 1):
        if all(m.confirmed_at is not None for m in games(matches) if m.round_no == r):
            done = r
        else:
            break
    return done


def standings(plan, matches: Sequence, entry_ids: Sequence[int]) -> list[tiebreaks.Standing]:
    """Points, then the plan's tie-breaks, then the lots the admin recorded, over the rounds
    whose every game is confirmed."""
    done = complete_rounds(matches)
    order_ = [t for t in plan.tie_breakers if t in tiebreaks.CATALOGUE]
    lots = {int(k): v for k, v in (plan.lots or {}).items()} or None
    return tiebreaks.standings(pasts(plan, matches, entry_ids, done), rules(plan), order_, lots)


def final_ranks(plan, matches: Sequence, entry_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(entry, place) once the last round is confirmed; players sharing a place have none
    (lots decide, as in a round robin)."""
    if not plan.rounds or complete_rounds(matches) < plan.rounds:
        return []
    table = standings(plan, matches, entry_ids)
    shared = {row.place for row in table if sum(r.place == row.place for r in table) > 1}
    return [(row.number, row.place) for row in table if row.place not in shared]


def undecided(plan, matches: Sequence, entry_ids: Sequence[int]) -> list[int]:
    """Entries still sharing a place that decides a medal (or consolation prize) once the last
    round is confirmed: their places wait for the drawing of lots, the last tie-break."""
    if not plan.rounds or complete_rounds(matches) < plan.rounds:
        return []
    decisive = 4 if plan.consolation else 3
    table = standings(plan, matches, entry_ids)
    shared = {row.place for row in table if sum(r.place == row.place for r in table) > 1}
    return [row.number for row in table if row.place in shared and row.place <= decisive]


@dataclass
class Named:
    entry_id: int
    name: str
    rating: int = 0


def to_trf(plan, matches: Sequence, entries: Sequence[Named], title: str, dates: tuple[str, str]) -> str:
    """The tournament's confirmed rounds as FIDE's TRF: what any endorsed program reads to check
    the pairings (absent: "0000 - Z", the pairing bye "U" worth BBU)."""
    ids = order(plan, [e.entry_id for e in entries])
    number = {e: n for n, e in enumerate(ids, start=1)}
    named = {e.entry_id: e for e in entries}
    rounds = complete_rounds(matches)
    cells: dict[int, list[trf.Game]] = {e: [trf.Game(None, "-", "Z") for _ in range(rounds)] for e in ids}
    for m in games(matches):
        if m.round_no > rounds:
            continue
        if m.away_entry_id is None:  # the pairing bye ("U", worth BBU)
            cells[m.home_entry_id][m.round_no - 1] = trf.Game(None, "-", "U")
            continue
        code = result_code(m)
        white, black = TRF_MARKS.get(code, (" ", " "))
        cells[m.home_entry_id][m.round_no - 1] = trf.Game(number[m.away_entry_id], "w", white)
        cells[m.away_entry_id][m.round_no - 1] = trf.Game(number[m.home_entry_id], "b", black)
    table = {row.number: row for row in standings(plan, matches, ids)}
    players = [
        trf.Player(
            number[e],
            named[e].name if e in named else str(e),
            named[e].rating if e in named else 0,
            table[e].points if e in table else Decimal(0),
            table[e].place if e in table else 0,
            games=cells[e],
        )  # fmt: skip
        for e in ids
    ]
    initial = "white1" if rules(plan).initial == WHITE else "black1"
    records = [f"012 {title}", f"042 {dates[0]}", f"052 {dates[1]}", "092 Individual: Swiss-System (FIDE Dutch)",
               f"XXR {plan.rounds}", f"XXC {initial}"]  # fmt: skip
    if plan.bye_points != 1:
        records.append(f"BBU {Decimal(plan.bye_points):4.1f}")
    body = trf.dump(trf.Tournament(players, [], "\n", True))
    return "\n".join(records) + "\n" + body
