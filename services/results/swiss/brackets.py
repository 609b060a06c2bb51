"""A Dutch round settled bracket by bracket (a score group and the players moved down to it),
the steps of bbpPairings' computeMatching (src/swisssystems/dutch.cpp): each step asks the
matching (over every player not yet paired, so the rest of the round stays pairable) one
question and fixes its answer for good:

1. which moved-down players are paired in the bracket (the highest first), and with whom;
2. how many of S1 (the remainder's top half) must be exchanged, and which: the lowest of S1
   and the highest of S2 first, as the rules' exchange order says;
3. each S1 player's opponent, the highest in S2 that still leaves the best pairing.

Between steps the weights of the bracket's edges are nudged in their last fields (``low``)
so that the best matching answers the question asked; the players left over move down.
"""

from __future__ import annotations

from services.results.swiss.criteria import Criteria
from services.results.swiss.matching import Graph

Weight = tuple[int, int] | None


class Brackets:
    def __init__(self, criteria: Criteria, graph: Graph):
        self.c, self.graph = criteria, graph
        self.score = [p.score for p in criteria.sorted]
        self.matched = [False] * len(self.score)
        self.mate: list[int] = []
        self.base: list[list[Weight]] = []
        self.vi: list[int] = []  # vertex of each player in the bracket and the next score group
        self.begin = self.begin_v = 0  # moved-down players in the bracket; its first vertex
        self.end = self.end_v = 0  # the bracket's end (index, vertex); the next group follows

    def solve(self) -> None:
        self.mate = self.graph.solve()

    def set(self, a: int, b: int, weight: Weight) -> None:
        self.graph.set(self.vi[a], self.vi[b], weight)

    def inside(self, v: int) -> bool:
        return self.begin_v <= self.mate[v] < self.end_v

    def forward(self, v: int) -> bool:
        """Paired with a later player of the bracket (``v`` is in S1)."""
        return v < self.mate[v] < self.end_v

    def ordered(self, s: int, larger: int, s_rem: int, rem_pairs: int) -> Weight:
        """The base weight plus the exchange order: fewest exchanges, then the smallest
        differences of the exchanged players' numbers."""
        w = self.base[larger][s]
        if not w:
            return w
        return (w[0], w[1] + ((((s_rem < rem_pairs) << (2 * self.c.sgsb)) - s_rem) << 1))

    def run(self) -> dict[int, int]:
        """Every pair of the round (pairing number → pairing number, both ways)."""
        sp, n, score = self.c.sorted, len(self.c.sorted), self.score
        pairs: dict[int, int] = {}
        nxt = 0
        while nxt < n and score[nxt] >= score[0]:
            nxt += 1
        self.vi = list(range(nxt))
        while len(self.vi) > 1 or nxt != n:
            self.end = len(self.vi)
            self.end_v = self.begin_v + (self.end - self.begin)
            group_start = nxt
            while nxt < n and score[nxt] >= score[group_start]:
                self.vi.append(nxt)
                nxt += 1
            self.weigh()
            self.solve()
            self.moved_down()
            rem, rem_pairs = self.remainder()
            self.exchanges(rem, rem_pairs)
            self.pair_s1(rem)
            vi, self.vi, self.begin = self.vi, [], 0
            c = self.c
            c.single_bye = bool(n % 2 and group_start != n and c.bye_score >= score[group_start])
            for pi, pv in enumerate(vi):
                if pi < self.end and self.matched[pv]:
                    pairs[sp[pv].number], pairs[sp[self.mate[pv]].number] = sp[self.mate[pv]].number, sp[pv].number
                else:
                    self.vi.append(pv)
                    self.begin += pi < self.end
                    if c.single_bye and score[self.mate[pv]] < score[group_start]:
                        c.single_bye = False
            self.begin_v = self.end_v
        return pairs

    def weigh(self) -> None:
        players = [self.c.sorted[v] for v in self.vi]
        self.base = [[] for _ in self.vi]
        for larger in range(self.begin, len(self.vi)):
            lower, current = players[larger], larger < self.end
            self.base[larger] = [self.c.weight(players[s], lower, current, not current) for s in range(larger)]
            for s in range(larger):
                self.set(larger, s, self.base[larger][s])

    def moved_down(self) -> None:
        """The moved-down players paired in the bracket (as many as can be, the highest first),
        then their opponents (the highest possible first)."""
        vi, base, score = self.vi, self.base, self.score
        remaining = remaining_matched = md_score = 0
        for pi in range(self.begin):
            if pi == 0 or score[vi[pi]] < md_score:
                md_score = score[vi[pi]]
                remaining = remaining_matched = 0
                k = pi
                while k < len(vi) and score[vi[k]] >= md_score:
                    remaining += 1
                    remaining_matched += self.inside(vi[k])
                    k += 1
            if not remaining_matched:
                continue
            pv = vi[pi]
            if remaining <= remaining_matched:
                self.matched[pv] = True
                continue
            remaining -= 1
            if not self.inside(pv):
                for oi in range(self.begin, self.end):
                    w = base[oi][pi]
                    if w:
                        self.set(pi, oi, (w[0], w[1] | 1))
                self.solve()
            if self.inside(pv):
                self.matched[pv] = True
                remaining_matched -= 1
                for oi in range(self.begin, self.end):
                    w = base[oi][pi]
                    if w:
                        self.set(pi, oi, (w[0], (w[1] | (self.end - self.begin)) + 1))
        for pi in range(self.begin):
            pv = vi[pi]
            if not self.matched[pv]:
                continue
            addend = len(vi)
            for oi in range(self.end - 1, self.begin - 1, -1):
                w = base[oi][pi]
                if not self.matched[vi[oi]] and w:
                    self.set(pi, oi, (w[0], w[1] + addend))
                    addend += 1
            self.solve()
            self.matched[self.mate[pv]] = True
            self.graph.finalise(pv, self.mate[pv])

    def remainder(self) -> tuple[list[int], int]:
        """The bracket's residents not paired with a moved-down player, and how many pairs they
        make; their edges weighted by the exchange order."""
        rem, rem_pairs = [], 0
        for pi in range(self.begin, self.end):
            pv = self.vi[pi]
            if self.mate[pv] >= self.begin_v:
                rem.append(pi)
                rem_pairs += self.mate[pv] < pv
        for b, oi in enumerate(rem):
            for a, pi in enumerate(rem[:b]):
                self.set(pi, oi, self.ordered(pi, oi, a, rem_pairs))
        self.solve()
        return rem, rem_pairs

    def exchanges(self, rem: list[int], rem_pairs: int) -> None:
        """Which S1 players go to S2 and which S2 players to S1, fixed by zeroing the edges
        that would undo it."""
        vi, base = self.vi, self.base
        count = sum(not self.forward(vi[pi]) for pi in rem[:rem_pairs])
        left, idx = count, rem_pairs
        while idx > 0 and left:  # the lowest of S1 first
            idx -= 1
            pi, pv = rem[idx], vi[rem[idx]]
            if self.forward(pv):
                for oi in rem[idx + 1 :]:
                    w = self.ordered(pi, oi, idx, rem_pairs)
                    if w:
                        self.set(pi, oi, (w[0], w[1] - 1))
                self.solve()
            exchange = not self.forward(pv)
            left -= exchange
            for oi in rem[idx + 1 :]:
                if exchange:
                    base[oi][pi] = None
                self.set(pi, oi, self.ordered(pi, oi, idx, rem_pairs))
        left = count
        for idx in range(rem_pairs, len(rem)):  # the highest of S2 first
            if left <= 1:
                break
            pi, pv = rem[idx], vi[rem[idx]]
            already = self.forward(pv)
            if not already:
                for oi in rem[idx + 1 :]:
                    w = self.ordered(pi, oi, idx, rem_pairs)
                    if w:
                        self.set(pi, oi, (w[0], w[1] + 1))
                self.solve()
            if self.forward(pv):
                left -= 1
                for oi in [*rem[:idx], *range(self.end, len(vi))]:
                    if oi < pi:
                        base[pi][oi] = None
                    else:
                        base[oi][pi] = None
                    self.set(pi, oi, None)
            if not already:
                for oi in rem[idx + 1 :]:
                    self.set(pi, oi, self.ordered(pi, oi, idx, rem_pairs))
        for a, pi in enumerate(rem):
            for oi in rem[a + 1 :]:
                if not self.forward(vi[pi]) or self.forward(vi[oi]):
                    base[oi][pi] = None
                self.set(pi, oi, base[oi][pi])

    def pair_s1(self, rem: list[int]) -> None:
        """Each S1 player's opponent: the highest of S2 the best pairing allows."""
        vi = self.vi
        for pi in rem:
            pv = vi[pi]
            if not self.forward(pv):
                continue
            addend = 0
            for oi in reversed(rem):
                if oi <= pi or self.matched[vi[oi]]:
                    continue
                w = self.base[oi][pi]
                if w:
                    self.set(pi, oi, (w[0], w[1] + addend))
                addend += 1
            self.solve()
            mv = self.mate[pv]
            self.matched[pv] = self.matched[mv] = True
            self.graph.finalise(pv, mv)
