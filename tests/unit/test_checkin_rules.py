"""The check-in rules, pure (services/checkin/rules.py): who a checkpoint refuses and why, in
the order the rules are read, and which admissions count as the same one."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from models import CheckpointKind, Frequency, PersonRole
from services.badges.tokens import Holder
from services.checkin.outcomes import ScanOutcome
from services.checkin.rules import CheckpointRules, refusal, repeat_outcome, slot_for

NOON = datetime(2024, 8, 26, 5, 0, tzinfo=UTC)  # 12:00 in Vietnam
GATE = CheckpointRules(
    id=1, event_id=1, event_name="Hội thao", name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE
)
AN = Holder(1, 1, "Hội thao", None, 7, "Nguyễn Văn An", PersonRole.ATHLETE, 3, "LĐLĐ huyện Lắk", "LAK", "approved")
BADMINTON, VOLLEYBALL = 11, 12


def hours(opens: int | None, closes: int | None) -> dict:
    """Opening hours in UTC on the 26th (Vietnam is UTC+7)."""
    at = {None: None} | {h: datetime(2024, 8, 26, h, 0, tzinfo=UTC) for h in range(24)}
    return {"opens_at": at[opens], "closes_at": at[closes]}


OK = None
CASES = [
    # (checkpoint's rules changed, holder changed, entered competitions, outcome, words in the reason)
    ({}, {}, set(), OK, ""),
    ({"active": False}, {}, set(), ScanOutcome.OUTSIDE_WINDOW, "Ngoài giờ mở của Cổng A"),
    (hours(6, None), {}, set(), ScanOutcome.OUTSIDE_WINDOW, "(26/08 13:00)"),
    (hours(None, 4), {}, set(), ScanOutcome.OUTSIDE_WINDOW, "(26/08 11:00)"),
    (hours(4, 6), {}, set(), OK, ""),
    (hours(5, 5), {}, set(), OK, ""),  # the edges are inside
    ({}, {"registration": "submitted"}, set(), ScanOutcome.NOT_ALLOWED, "Đăng ký chưa được duyệt: LĐLĐ huyện Lắk"),
    ({}, {"registration": None}, set(), ScanOutcome.NOT_ALLOWED, "(chưa đăng ký)"),
    ({"admit_unapproved": True}, {"registration": "returned"}, set(), OK, ""),
    ({"allowed_roles": ["coach"]}, {}, set(), ScanOutcome.NOT_ALLOWED, "không được vào Cổng A"),
    ({"allowed_roles": ["coach", "athlete"]}, {}, set(), OK, ""),
    ({"allowed_unit_ids": [4]}, {}, set(), ScanOutcome.NOT_ALLOWED, "Đơn vị LĐLĐ huyện Lắk không thuộc Cổng A"),
    ({"allowed_unit_ids": [3, 4]}, {}, set(), OK, ""),
    ({"allowed_competition_ids": [VOLLEYBALL]}, {}, {BADMINTON}, ScanOutcome.NOT_ALLOWED, "Không thi đấu nội dung"),
    ({"allowed_competition_ids": [VOLLEYBALL]}, {}, {BADMINTON, VOLLEYBALL}, OK, ""),
    # the first rule broken is the one said: closed before unapproved, unapproved before the role
    ({"active": False}, {"registration": "submitted"}, set(), ScanOutcome.OUTSIDE_WINDOW, "Ngoài giờ"),
    ({"allowed_roles": ["coach"]}, {"registration": "draft"}, set(), ScanOutcome.NOT_ALLOWED, "chưa được duyệt"),
]


@pytest.mark.parametrize(("rules", "holder", "entered", "outcome", "words"), CASES)
def test_who_is_refused_and_why(rules, holder, entered, outcome, words):
    asked = []

    def competitions():
        asked.append(True)
        return entered

    verdict = refusal(dataclasses.replace(GATE, **rules), dataclasses.replace(AN, **holder), NOON, competitions)
    if outcome is OK:
        assert verdict is None
    else:
        assert verdict[0] == outcome and words in verdict[1], verdict
    assert bool(asked) == bool(rules.get("allowed_competition_ids"))  # asked only where it matters


@pytest.mark.parametrize(
    ("frequency", "at", "slot"),
    [
        (Frequency.ONCE, NOON, "once"),
        (Frequency.DAILY, NOON, "2024-08-26"),
        (Frequency.DAILY, datetime(2024, 8, 26, 17, 30, tzinfo=UTC), "2024-08-27"),  # 00:30 in Vietnam
        (Frequency.UNLIMITED, NOON, "scan-123"),
    ],
)
def test_which_admissions_count_as_one(frequency, at, slot):
    assert slot_for(dataclasses.replace(GATE, frequency=frequency), at, "scan-123") == slot


def test_a_booth_refuses_a_second_gift_where_a_gate_says_already_in():
    assert repeat_outcome(CheckpointKind.BOOTH) == ScanOutcome.LIMIT_REACHED
    assert repeat_outcome(CheckpointKind.GATE) == repeat_outcome(CheckpointKind.VENUE) == ScanOutcome.REPEAT
