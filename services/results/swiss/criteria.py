"""The criteria of a Dutch pairing as edge weights (after bbpPairings, the FIDE-endorsed
engine): which two players may meet at all (absolute criteria: not twice, not both with an
absolute preference for one colour), who may take the bye, and for two who may meet the
weight of pairing them in the bracket being settled — the quality criteria in the rules'
order, each in its bit field (matching.py packs them). Scores are in tenths of a point.
"""

from __future__ import annotations

from flask_babel import gettext as _

from services.errors import DomainError
from services.results.swiss.matching import Graph, bits
from services.results.swiss.players import BLACK, DOWN, NONE, UP, WHITE, Player, Rules, tenths


def no_pairing() -> DomainError:
    return DomainError(
        _("Không xếp được cặp nào cho vòng này mà không để hai người gặp lại nhau hoặc trái luật màu quân.")
    )


class Criteria:
    """The players to pair this round, the absolute criteria between two of them, and the weight
    of pairing them (bbpPairings' computeEdgeWeight, src/swisssystems/dutch.cpp)."""

    def __init__(self, players: list[Player], rules: Rules):
        self.rules = rules
        self.played_rounds = max((len(p.past) for p in players), default=0)
        self.sorted = sorted((p for p in players if p.to_pair), key=lambda p: (-p.score, p.rank))
        self.forbidden: dict[int, set[int | None]] = {p.number: set() for p in players}
        for pair in rules.forbidden:
            for a in pair:
                if a in self.forbidden:
                    self.forbidden[a] |= pair
        for p in players:
            for g in p.past:
                if g.played:
                    self.forbidden[p.number].add(g.opponent)
        win, draw = tenths(rules.win), tenths(rules.draw)
        self.top_threshold = (self.played_rounds * max(win, draw)) >> 1
        self.shift: dict[int, int] = {}
        self.group_bits: dict[int, int] = {}
        total, largest, count = 0, 0, 0
        for k in range(len(self.sorted) - 1, -1, -1):
            count += 1
            score = self.sorted[k].score
            if k == 0 or score < self.sorted[k - 1].score:
                self.shift[score], self.group_bits[score] = total, bits(count)
                largest = max(largest, count)
                total += bits(count)
                count = 0
        self.sgs, self.sgsb = total, bits(largest)
        self.bye_score = 0
        self.single_bye = False
        self.unplayed_rank: dict[int, int] = {}

    def compatible(self, a: Player, b: Player) -> bool:
        if b.number in self.forbidden[a.number]:
            return False
        return (
            not a.absolute
            or not b.absolute
            or a.preference != b.preference
            or (
                self.played_rounds >= self.rules.rounds - 1
                and (a.score > self.top_threshold or b.score > self.top_threshold)
            )
        )

    def bye_candidate(self, p: Player) -> bool:
        return p.bye_eligible and p.score <= self.bye_score

    def layout(self) -> list[tuple[int, int]]:
        """(offset, width) of every field of a weight's high part (``weight`` builds them in this
        order, the highest first); a field of score groups has one segment per group."""
        sgsb = self.sgsb
        groups = [(self.shift[s], w) for s, w in self.group_bits.items()]
        fields: list[tuple[int, list[tuple[int, int]] | None]] = [(2, None), (sgsb, None), (self.sgs, groups),
                                                                   (sgsb, None), (self.sgs, groups), (2 * sgsb, None)]  # fmt: skip
        fields += [(sgsb, None)] * 4
        for back in (1, 2):
            if self.played_rounds >= back:
                fields += [(sgsb, None)] * 2
        for back in (1, 2):
            if self.played_rounds >= back:
                fields += [(self.sgs, groups)] * 2
        segments: list[tuple[int, int]] = []
        offset = 0
        for width, parts in reversed(fields):
            segments.extend((offset + o, w) for o, w in (parts or [(0, width)]))
            offset += width
        return sorted(segments, reverse=True)

    def weight(self, h: Player, lo: Player, current: bool, next_: bool) -> tuple[int, int] | None:
        """The weight of pairing ``h`` (higher) with ``lo``: bbp's computeEdgeWeight."""
        if not self.compatible(h, lo):
            return None
        sgsb, sgs, shift = self.sgsb, self.sgs, self.shift
        r = 1 + (not self.bye_candidate(h)) + (not self.bye_candidate(lo))
        r = (r << sgsb) | current
        r <<= sgs
        if current:
            r |= 1 << shift[h.score]
        r = (r << sgsb) | next_
        r <<= sgs
        if next_:
            r |= 1 << shift[h.score]
        r <<= 2 * sgsb
        if self.single_bye:
            if h.score == self.bye_score:
                r |= self.unplayed_rank[h.played]
            if lo.score == self.bye_score:
                r += self.unplayed_rank[lo.played]
        same = lo.preference == h.preference
        r = (r << sgsb) | (current and (not lo.absolute_imbalance or not h.absolute_imbalance or not same))
        if lo.imbalance == h.imbalance:
            repeat_ok = lo.repeated == NONE or lo.repeated != h.repeated
        else:
            heavier_other = h if lo.imbalance > h.imbalance else lo
            repeat_ok = heavier_other.repeated != (BLACK if lo.preference == WHITE else WHITE)
        r = (r << sgsb) | (current and (not lo.absolute or not h.absolute or not same or repeat_ok))
        r = (r << sgsb) | (current and (not same or lo.preference == NONE))
        r = (r << sgsb) | (
            current
            and (
                (not lo.strong and not lo.absolute)
                or (not h.strong and not h.absolute)
                or (lo.absolute and h.absolute)
                or not same
            )
        )
        for back in (1, 2):
            if self.played_rounds >= back:
                r <<= sgsb
                if current:
                    r |= lo.floats[back - 1] == DOWN
                    r += h.score <= lo.score and h.floats[back - 1] == DOWN
                r <<= sgsb
                if current:
                    r |= not (h.score > lo.score and lo.floats[back - 1] == UP)
        for back in (1, 2):
            if self.played_rounds >= back:
                r <<= sgs
                if current:
                    r += (lo.floats[back - 1] == DOWN) << shift[lo.score]
                    r += (h.floats[back - 1] == DOWN) << shift[h.score]
                r <<= sgs
                if current and not (lo.floats[back - 1] == UP and h.score > lo.score):
                    r |= 1 << shift[h.score]
        return (r, 0)

    def complete(self, mate: list[int]) -> bool:
        """Every player paired but at most one, who may take the bye."""
        alone = [v for v, m in enumerate(mate) if m == v]
        return len(alone) <= 1 and all(self.sorted[v].bye_eligible for v in alone)

    def choose_bye(self) -> None:
        """Odd players: who can take the bye (the lowest score possible), bbp's first matching."""
        sp, sgsb, shift, n = self.sorted, self.sgsb, self.shift, len(self.sorted)
        top = sp[0].score
        first = Graph(n, [(self.sgs + sgsb, 2), (sgsb, self.sgs), (0, sgsb)], 0)
        for i in range(n):
            for j in range(i):
                p, o = sp[i], sp[j]
                if self.compatible(p, o):
                    w = 1 + (not p.bye_eligible) + (not o.bye_eligible)
                    w = (((w << self.sgs) | (shift[p.score] + shift[o.score])) << sgsb) | (p.score >= top)
                    first.set(j, i, (w, 0))
        mate = first.solve()
        if not self.complete(mate):
            raise no_pairing()
        bye = next(v for v, m in enumerate(mate) if m == v)
        self.bye_score = sp[bye].score
        if self.bye_score >= top:
            self.single_bye = all(sp[mate[v]].score >= top for v in range(n) if sp[v].score >= top)
        counts = sorted((p.played for p in sp if p.score == self.bye_score), reverse=True)
        for rank, played in enumerate(counts):
            self.unplayed_rank[played] = rank
