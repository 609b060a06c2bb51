"""The weighted matching under the Dutch pairing (dutch.py): a graph of the players still to
pair, each compatible pair an edge whose weight encodes the pairing criteria, and a maximum
weight matching of it.

The weights are the ones bbpPairings (the FIDE-endorsed engine) uses: one wide integer whose
bit fields, from the highest, hold the criteria in the rules' order, wide enough that a sum
over a matching never carries from one field into the next — so the heaviest matching is the
best one criterion by criterion. Here a weight is kept as two parts: ``high`` (every field
above the last ones, all ≥ 0) and ``low`` (the last fields, which the engine nudges up and
down while it settles a bracket; may be negative).

Such a weight runs to a few hundred bits; rustworkx's matching (compiled, ~2 ms for 60 players)
takes integers under 2^127. So each solve packs the weights afresh: a field no edge uses is
left out, and each field used gets just the bits its sum over a matching can reach (its
largest value times the pairs that can hold it). Every weight keeps the same order between
matchings of the most pairs, which the top field (completion) makes the only candidates.
Where even that does not fit, networkx's matching (pure Python) takes the exact weights.
"""

from __future__ import annotations

import networkx
import rustworkx

MAX_BITS = 120  # rustworkx's matching works in i128; well clear of its limit


def bits(value: int) -> int:
    return value.bit_length()


class Graph:
    """A weighted graph on vertices 0…n−1 (players in pairing order) with ``solve``."""

    def __init__(self, n: int, segments: list[tuple[int, int]], low_bits: int):
        self.n = n
        self.segments = segments  # (offset, width) of each field within ``high``
        self.low_bits = low_bits  # the exact weight is high << low_bits + low
        self.weights: dict[tuple[int, int], tuple[int, int]] = {}  # (i, j), i < j → (high, low)
        self.removed: dict[int, int] = {}  # a finalised pair's vertices → each other
        self._packed: dict[tuple[int, int], int] | None = None  # high, packed; None: to pack
        self._packed_bits = 0

    def set(self, i: int, j: int, weight: tuple[int, int] | None) -> None:
        """An edge's weight; None (or a zero weight): no edge."""
        key = (i, j) if i < j else (j, i)
        if weight is None or weight == (0, 0):
            self.weights.pop(key, None)
            return
        old = self.weights.get(key)
        if old is None or old[0] != weight[0]:
            self._packed = None
        self.weights[key] = weight

    def finalise(self, i: int, j: int) -> None:
        """Pair ``i`` with ``j`` for good: both leave the graph."""
        self.removed[i], self.removed[j] = j, i
        for key in [k for k in self.weights if k[0] in (i, j) or k[1] in (i, j)]:
            del self.weights[key]

    def _pack(self) -> None:
        """Each used field of ``high`` at the width its sum over a matching can reach."""
        used = 0
        for high, _low in self.weights.values():
            used |= high
        fields = [(off, width) for off, width in self.segments if (used >> off) & ((1 << width) - 1)]
        largest = [0] * len(fields)
        touched: list[set[int]] = [set() for _ in fields]
        for (i, j), (high, _low) in self.weights.items():
            for f, (off, width) in enumerate(fields):
                digit = (high >> off) & ((1 << width) - 1)
                if digit:
                    if digit > largest[f]:
                        largest[f] = digit
                    touched[f].add(i)
                    touched[f].add(j)
        shifts, offset = [], 0
        for f in reversed(range(len(fields))):  # from the lowest field up
            shifts.append((fields[f], offset))
            offset += bits(largest[f] * max(1, len(touched[f]) // 2))
        self._packed_bits = offset
        packed = {}
        for key, (high, _low) in self.weights.items():
            value = 0
            for (off, width), to in shifts:
                value |= ((high >> off) & ((1 << width) - 1)) << to
            packed[key] = value
        self._packed = packed

    def solve(self) -> list[int]:
        """A maximum weight matching: each vertex's mate (itself when unmatched)."""
        mate = list(range(self.n))
        for i, j in self.removed.items():
            mate[i] = j
        if not self.weights:
            return mate
        if self._packed is None:
            self._pack()
        packed = self._packed
        assert packed is not None
        lows = [low for _high, low in self.weights.values()]
        least = min(lows)
        low_width = bits((max(lows) - least) * max(1, (self.n - len(self.removed)) // 2))
        if self._packed_bits + low_width <= MAX_BITS:
            graph = rustworkx.PyGraph()
            graph.add_nodes_from(range(self.n))
            graph.add_edges_from([(i, j, (packed[(i, j)] << low_width) | (low - least))
                                  for (i, j), (_high, low) in self.weights.items()])  # fmt: skip
            pairs = rustworkx.max_weight_matching(graph, weight_fn=int)
        else:
            exact = networkx.Graph()
            exact.add_weighted_edges_from((i, j, (high << self.low_bits) + low)
                                          for (i, j), (high, low) in self.weights.items())  # fmt: skip
            pairs = networkx.max_weight_matching(exact)
        for i, j in pairs:
            mate[i], mate[j] = j, i
        return mate
