"""Single-elimination brackets: size, seeding positions, first round with byes. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def bracket_size(entries: int) -> int:
    """The next power of two (a bracket of 5 entries is a bracket of 8 with 3 byes)."""
    if entries < 2:
        raise ValueError("a knockout needs at least two entries")
    size = 1
    while size < entries:
        size *= 2
    return size


def seed_order(size: int) -> list[int]:
    """Seeds in bracket order, so that seeds 1 and 2 can only meet in the final:
    8 → [1, 8, 4, 5, 2, 7, 3, 6]."""
    order = [1]
    while len(order) < size:
        n = 2 * len(order)
        order = [seed for s in order for seed in (s, n + 1 - s)]
    return order


def first_round(seeded: Sequence[T]) -> list[tuple[T | None, T | None]]:
    """First-round pairs, best seed first; None is a bye, and byes go to the top seeds."""
    size = bracket_size(len(seeded))
    order = seed_order(size)
    slot = [seeded[s - 1] if s <= len(seeded) else None for s in order]
    return [(slot[i], slot[i + 1]) for i in range(0, size, 2)]


def rounds(entries: int) -> int:
    """Rounds to play: 5 to 8 entries → 3 (quarter-finals, semi-finals, final)."""
    return bracket_size(entries).bit_length() - 1


# A first-round slot after groups with byes: "*2.1" is place 1 of the group whose winner ranks
# 2nd across the groups (standings.across_groups), so byes go to the best group winners and
# the crossing is known only when every group has finished.
RANKED = "*"


def ranked_source(rank: int, place: int) -> str:
    return f"{RANKED}{rank}.{place}"


def parse_ranked(code: str) -> tuple[int, int] | None:
    """ "*2.1" → (2, 1): the winner's rank across groups, the place in that group."""
    if not code.startswith(RANKED):
        return None
    rank, place = code[1:].split(".")
    return int(rank), int(place)
