"""The draw: groups, knockout brackets and round-robin rounds. Pure: entries in, places out.

Random with a seed the caller records, so a draw can be shown to be the one made. Entries
of the same unit are kept apart in groups and in first knockout rounds wherever the
numbers allow; seeded entries (best first) are spread before the others are drawn.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from services.results.brackets import first_round, ranked_source, seed_order


@dataclass(frozen=True)
class DrawEntry:
    id: int
    unit_id: int


def group_sizes(entries: int, groups: int) -> list[int]:
    """As even as possible, bigger groups first: 7 in 2 → [4, 3]."""
    return [entries // groups + (1 if g < entries % groups else 0) for g in range(groups)]


def draw_groups(
    entries: Sequence[DrawEntry], groups: int, seeds: Sequence[int], rng: random.Random
) -> list[list[DrawEntry]]:
    """Seeds snake across the groups (1 → A, 2 → B, … back again); the rest are drawn at
    random, each into the open group with the fewest entries of its unit."""
    sizes = group_sizes(len(entries), groups)
    by_id = {e.id: e for e in entries}
    placed: list[list[DrawEntry]] = [[] for _ in range(groups)]
    seeded = [by_id[s] for s in seeds if s in by_id]
    snake = [
        g
        for lap in range(len(seeded) // groups + 1)
        for g in (range(groups) if lap % 2 == 0 else reversed(range(groups)))
    ]
    for entry, g in zip(seeded, snake, strict=False):
        placed[g].append(entry)
    rest = [e for e in entries if e.id not in set(seeds)]
    rng.shuffle(rest)
    units = Counter(e.unit_id for e in rest)
    rest.sort(key=lambda e: -units[e.unit_id])  # the units with most entries are hardest to spread: first
    for entry in rest:
        open_groups = [g for g in range(groups) if len(placed[g]) < sizes[g]]
        clashes = {g: sum(1 for other in placed[g] if other.unit_id == entry.unit_id) for g in open_groups}
        fewest = min(clashes.values())
        candidates = [g for g in open_groups if clashes[g] == fewest]
        smallest = min(len(placed[g]) for g in candidates)
        g = rng.choice([g for g in candidates if len(placed[g]) == smallest])
        placed[g].append(entry)
    return placed


def _pair_clashes(pairs: list[list[DrawEntry | None]]) -> list[int]:
    return [i for i, (a, b) in enumerate(pairs) if a and b and a.unit_id == b.unit_id]


def draw_bracket(
    entries: Sequence[DrawEntry], seeds: Sequence[int], rng: random.Random
) -> list[tuple[DrawEntry | None, DrawEntry | None]]:
    """First-round pairs (None: a bye, given to the best seeds). Unseeded entries are drawn at
    random, then swapped between pairs to keep two of one unit from meeting at once."""
    by_id = {e.id: e for e in entries}
    seeded = [by_id[s] for s in seeds if s in by_id]
    rest = [e for e in entries if e.id not in {s.id for s in seeded}]
    rng.shuffle(rest)
    pairs = [list(p) for p in first_round(seeded + rest)]
    fixed = {e.id for e in seeded}
    for i in _pair_clashes(pairs):
        if i not in _pair_clashes(pairs):
            continue
        side = 1 if pairs[i][1] and pairs[i][1].id not in fixed else 0
        mover = pairs[i][side]
        if mover is None or mover.id in fixed:
            continue
        for j in rng.sample(range(len(pairs)), len(pairs)):
            if j == i:
                continue
            for k in (0, 1):
                other = pairs[j][k]
                if other is None or other.id in fixed:
                    continue
                partner_i, partner_j = pairs[i][1 - side], pairs[j][1 - k]
                if other.unit_id != (partner_i.unit_id if partner_i else None) and mover.unit_id != (
                    partner_j.unit_id if partner_j else None
                ):
                    pairs[i][side], pairs[j][k] = other, mover
                    break
            else:
                continue
            break
    return [(a, b) for a, b in pairs]


def round_robin(entries: Sequence[int]) -> list[list[tuple[int, int]]]:
    """Rounds in which everyone plays once, by the FIDE Berger tables (Handbook C.05, Annex 1):
    entries numbered 1…n in the order given (an odd number adds a sit-out n), the last one on
    board 1 black in odd rounds and white in even ones, board 1's other player moving on n/2
    places each round, board k pairing the places k−1 after and before it (the first white).
    Each entry is listed first (home, white, red) in half its matches, one more or less."""
    players: list[int | None] = list(entries)
    if len(players) % 2:
        players.append(None)
    n = len(players)
    m = n - 1
    rounds = []
    for r in range(1, n):
        first = (r - 1) * (n // 2) % m  # board 1's other player, 0-based
        boards = [(players[first], players[-1]) if r % 2 else (players[-1], players[first])]
        boards += [(players[(first + k) % m], players[(first - k) % m]) for k in range(1, n // 2)]
        rounds.append([(a, b) for a, b in boards if a is not None and b is not None])
    return rounds


def knockout_from_groups(groups: int, advance: int) -> list[tuple[str, str]]:
    """First knockout round after groups, as sources ("A1" = winner of group A, "BYE").

    The qualifiers are seeded group winners first (A1, B1, …), then runners-up, and so on.
    Entries of one group are kept apart for as long as the bracket allows: never in the same
    first-round match where it can be avoided, and in opposite halves (they meet in the final
    at the earliest) where the numbers allow. Two per group from 2, 4, 8 groups: A1–B2,
    C1–D2, …, B1–A2, D1–C2.

    When the number of qualifiers is not a power of two, byes go to the top seeds: the best
    group winners, ranked across the groups once all are finished. The groups are then named
    by their winner's rank instead of their letter ("*1.1" for "A1", "*2.2" for "B2": see
    brackets.ranked_source), so the same crossing keeps each group's entries apart.
    """
    letters = [chr(ord("A") + g) for g in range(groups)]
    if advance == 2 and groups in (1, 2, 4, 8, 16):
        top = [(f"{letters[g]}1", f"{letters[g ^ 1]}2") for g in range(0, groups, 2)]
        bottom = [(f"{letters[g ^ 1]}1", f"{letters[g]}2") for g in range(0, groups, 2)]
        return top + bottom if groups > 1 else [("A1", "A2")]
    winners = [f"{letters[g]}1" for g in range(groups)]
    others = [f"{letters[g]}{place}" for place in range(2, advance + 1) for g in range(groups)]
    seeded = winners + _kept_apart(winners, others)
    pairs = [(a or "BYE", b or "BYE") for a, b in first_round(seeded)]
    if not any("BYE" in pair for pair in pairs):
        return pairs
    return [(_by_winner_rank(a), _by_winner_rank(b)) for a, b in pairs]


def _by_winner_rank(code: str) -> str:
    """ "B2" → "*2.2" (the group whose winner ranks 2nd); a bye stays a bye."""
    return code if code == "BYE" else ranked_source(ord(code[0]) - ord("A") + 1, int(code[1:]))


def _meeting_round(i: int, j: int) -> int:
    """The round in which bracket slots i and j (0-based) can first meet: 1 = first round."""
    return (i ^ j).bit_length()


def _kept_apart(winners: list[str], others: list[str], tries: int = 20000) -> list[str]:
    """The order of the non-winners that keeps each group's qualifiers apart longest (the
    earliest meeting of two entries of one group as late as possible); a bounded search over
    orders, the first best found kept (deterministic)."""
    from itertools import islice, permutations

    size = 1
    while size < len(winners) + len(others):
        size *= 2
    slots = {seed: slot for slot, seed in enumerate(seed_order(size))}

    def cost(order: tuple[str, ...]) -> tuple:
        seeded = winners + list(order)
        by_group: dict[str, list[int]] = {}
        for seed, code in enumerate(seeded, start=1):
            by_group.setdefault(code[0], []).append(slots[seed])
        meetings = sorted(
            _meeting_round(a, b) for places in by_group.values() for i, a in enumerate(places) for b in places[i + 1 :]
        )
        return tuple(meetings)  # compared lexicographically: the earliest meetings first, later is better

    best, best_cost = tuple(others), cost(tuple(others))
    for order in islice(permutations(others), tries):
        c = cost(order)
        if c > best_cost:
            best, best_cost = order, c
    return list(best)
