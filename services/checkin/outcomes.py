"""Every outcome a scan can have, spelled once: the rules, the store, the API view, the
OpenAPI document and the phone's scanner (through the page and the offline list) all use
``ScanOutcome``."""

from __future__ import annotations

from enum import StrEnum


class ScanOutcome(StrEnum):
    ADMITTED = "admitted"
    REPEAT = "repeat"  # already admitted in this slot (a gate, a hall)
    LIMIT_REACHED = "limit_reached"  # a booth's "once": a second gift is refused
    FORGED = "forged"  # not a token this app signed (made up, damaged, mistyped)
    UNKNOWN = "unknown"  # signed, but no such badge here
    REVOKED = "revoked"  # reported lost; a new badge was issued
    OTHER_EVENT = "other_event"
    NOT_ALLOWED = "not_allowed"  # the checkpoint's roles, units or competitions
    OUTSIDE_WINDOW = "outside_window"  # closed, or outside its opening hours

    @property
    def colour(self) -> str:
        return {ScanOutcome.ADMITTED: "green", ScanOutcome.REPEAT: "amber"}.get(self, "red")


# What a phone may have decided on its own while offline (it cannot tell forged from unknown).
OFFLINE = frozenset(
    {
        ScanOutcome.ADMITTED,
        ScanOutcome.REPEAT,
        ScanOutcome.LIMIT_REACHED,
        ScanOutcome.FORGED,
        ScanOutcome.UNKNOWN,
        ScanOutcome.NOT_ALLOWED,
        ScanOutcome.OUTSIDE_WINDOW,
    }
)


def for_client() -> dict:
    """The outcomes as the scanner's JavaScript reads them: names → values, values → colours."""
    return {"names": {o.name: o.value for o in ScanOutcome}, "colours": {o.value: o.colour for o in ScanOutcome}}
