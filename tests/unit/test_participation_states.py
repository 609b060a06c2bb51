"""A unit's one participation state (services/participation/rules.state_of), from its
registration and how many of its people were admitted anywhere."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models import RegistrationStatus
from services.participation.rules import STATES, TO_ACT, State, state_of


def registration(status: RegistrationStatus | None):
    return None if status is None else SimpleNamespace(status=status)


@pytest.mark.parametrize(
    ("status", "admitted", "state"),
    [
        (None, 0, State.NOT_REGISTERED),
        (None, 5, State.NOT_REGISTERED),  # scanned people of a unit that never registered do not make it present
        (RegistrationStatus.DRAFT, 0, State.NOT_REGISTERED),
        (RegistrationStatus.SUBMITTED, 0, State.SUBMITTED),
        (RegistrationStatus.SUBMITTED, 3, State.SUBMITTED),
        (RegistrationStatus.RETURNED, 0, State.RETURNED),
        (RegistrationStatus.RETURNED, 2, State.RETURNED),
        (RegistrationStatus.APPROVED, 0, State.APPROVED),
        (RegistrationStatus.APPROVED, 1, State.PRESENT),
    ],
)
def test_the_state_of_a_unit(status, admitted, state):
    assert state_of(registration(status), admitted) == state


def test_the_states_in_the_order_a_unit_goes_through_them_and_who_has_something_to_do():
    assert STATES == (State.NOT_REGISTERED, State.SUBMITTED, State.RETURNED, State.APPROVED, State.PRESENT)
    assert set(TO_ACT) == {State.NOT_REGISTERED, State.RETURNED, State.APPROVED}
