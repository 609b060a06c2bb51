"""Who may do what: every access rule of the web app lives here.

Views never decide access themselves: they use these decorators and loaders. An
organiser sees and edits only its own unit; another unit's pages answer 403 and another
unit's records (looked up by id) answer 404, whatever links the page showed.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app
from flask_login import current_user, login_required

from extensions import db
from models import Competition, Unit, User, UserRole
from services.lookup import one_or_not_found
from services.season import units


def roles_required(*roles: UserRole):
    """Login required, and the user's role must be one of ``roles`` (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = roles_required(UserRole.ADMIN)


def require_login() -> None:
    """A blueprint's ``before_request``: every page of it needs a logged-in, active user."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def require_admin() -> None:
    """Inside a view open to officials: this action is for admins only (else 403)."""
    if not current_user.is_authenticated or current_user.role != UserRole.ADMIN:
        abort(403)


def scoring_competitions(user: User, query):
    """``query`` of competitions narrowed to those ``user`` may score: all for an admin, the
    assigned ones for an official."""
    if user.role == UserRole.ADMIN:
        return query
    return query.where(Competition.officials.any(User.id == user.id))


def can_access_unit(user: User, unit: Unit) -> bool:
    if not user.is_authenticated or not user.active:
        return False
    if user.role == UserRole.ADMIN:
        return True
    return user.role == UserRole.ORGANISER and user.unit_id == unit.id


def unit_for_current_user(code: str) -> Unit:
    """The unit named in the URL, if the current user may see it: 404 unknown, 403 not theirs."""
    unit = units.unit_or_not_found(code)
    if not can_access_unit(current_user, unit):
        abort(403)
    return unit


def record_of_unit(model, record_id: int, unit: Unit):
    """A record (with a ``unit_id``) by id, only if it belongs to ``unit``; otherwise 404."""
    return one_or_not_found(model, model.id == record_id, model.unit_id == unit.id)


def local_target(target: str | None) -> str | None:
    """A ``next`` address to go back to, when it is a path of this site (never another site's:
    no scheme, no host, no "//" or "/\\" that browsers read as one); else None."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def home_endpoint(user: User) -> tuple[str, dict]:
    """Where a user lands after login."""
    if user.role == UserRole.ADMIN:
        return "admin.home", {}
    if user.role == UserRole.OFFICIAL:
        return "results.home", {}
    if user.role == UserRole.ORGANISER and user.unit is not None:
        return "units.show", {"code": user.unit.code}
    if user.role == UserRole.VOLUNTEER:
        return "scanner.page", {}  # the phone's checkpoint, or the choice of the volunteer's checkpoints
    return "main.index", {}


def can_score(user: User, comp: Competition) -> bool:
    """Results of a competition are entered and confirmed by the officials assigned to it (and admins)."""
    if not user.is_authenticated or not user.active:
        return False
    return user.role == UserRole.ADMIN or (
        user.role == UserRole.OFFICIAL and any(o.id == user.id for o in comp.officials)
    )


def competition_for_scoring(competition_id: int) -> Competition:
    """The competition in the URL, if the current user may enter its results: 404 / 403."""
    comp = db.session.get(Competition, competition_id)
    if comp is None:
        abort(404)
    if not can_score(current_user, comp):
        abort(403)
    return comp
