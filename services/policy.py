"""Who may do what: every access rule, one named predicate each, of a user (and a record).

- Views reach these through ``blueprints/policy.py``, which turns a "no" into 403/404 and
  loads the record in the URL.
- Templates call them as ``may.<rule>(current_user, …)`` (registered in ``app.py``): a page
  shows an action only to whoever may take it, and no template tests a role itself.
- Services ask them where a rule changes what an action does (an admin's correction of a
  confirmed result goes through at once).

``user`` may be Flask-Login's anonymous user: every predicate then answers False.
"""

from __future__ import annotations

from models import Competition, Unit, User, UserRole


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def _active(user) -> bool:
    return _signed_in(user) and bool(user.active)


def has_role(user, *roles: UserRole) -> bool:
    """The user is signed in with one of ``roles``."""
    return _signed_in(user) and user.role in roles


# --- federation staff -----------------------------------------------------------------------


def administer(user) -> bool:
    """Seasons, events, units, accounts, registrations' review, badges, check-in, certificates:
    the admin screens (blueprints/admin)."""
    return has_role(user, UserRole.ADMIN)


def decide_registration(user) -> bool:
    """Approve, return or reopen a unit's registration."""
    return administer(user)


def reissue_badge(user) -> bool:
    """Report a badge lost (revoke and issue a new one) and print one person's badge."""
    return administer(user)


# --- units ----------------------------------------------------------------------------------


def see_unit(user, unit: Unit) -> bool:
    """A unit's workspace: its organisers (only their own unit) and admins."""
    if not _active(user):
        return False
    return user.role == UserRole.ADMIN or (user.role == UserRole.ORGANISER and user.unit_id == unit.id)


def organise_unit(user) -> bool:
    """The user is an organiser with a unit: the navigation leads to it."""
    return _signed_in(user) and user.role == UserRole.ORGANISER and user.unit is not None


# --- results --------------------------------------------------------------------------------


def use_results_desk(user) -> bool:
    """The results desk (blueprints/results): officials and admins; each competition then
    asks ``score``."""
    return has_role(user, UserRole.ADMIN, UserRole.OFFICIAL)


def score(user, comp: Competition) -> bool:
    """Enter and confirm results of ``comp``: the officials assigned to it, and admins."""
    if not _active(user):
        return False
    return user.role == UserRole.ADMIN or (
        user.role == UserRole.OFFICIAL and any(o.id == user.id for o in comp.officials)
    )


def scores_every_competition(user) -> bool:
    """Admins score every competition; an official only those assigned (``score``)."""
    return has_role(user, UserRole.ADMIN)


def plan_competition(user) -> bool:
    """A competition's format, officials, draw, publication, fixtures, schedule and lots."""
    return has_role(user, UserRole.ADMIN)


def clear_confirmed_at_once(user: User, reason: str) -> bool:
    """A confirmed result is cleared at once (not sent for a second official's confirmation)
    by an admin who gives a reason."""
    return has_role(user, UserRole.ADMIN) and bool(reason)


def give_clearing_reason(user) -> bool:
    """The clear form asks for a reason: only those for whom it clears at once."""
    return has_role(user, UserRole.ADMIN)


# --- venues ---------------------------------------------------------------------------------


def choose_checkpoint(user) -> bool:
    """A volunteer signed in with a password picks one of the checkpoints assigned to them."""
    return has_role(user, UserRole.VOLUNTEER)
