"""Access in the web app: the rules themselves are named predicates in services/policy.py;
here they become decorators and loaders that answer 403/404.

Views never decide access themselves: they use these decorators and loaders. An
organiser sees and edits only its own unit; another unit's pages answer 403 and another
unit's records (looked up by id) answer 404, whatever links the page showed.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Competition, Unit, User
from services import policy as may
from services.accounts import auth
from services.lookup import by_id, one_or_not_found
from services.season import units


def allowed_when(rule):
    """Login required, and ``rule(current_user)`` (a services/policy predicate) must hold
    (else 403): ``@allowed_when(may.use_results_desk)``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            require(rule(current_user))
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = allowed_when(may.administer)


def require_login() -> None:
    """A blueprint's ``before_request``: every page of it needs a logged-in, active user."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


def require(allowed: bool, why: str | None = None) -> None:
    """Inside a view: 403 unless the rule (a services/policy predicate) allows the action,
    e.g. ``require(may.plan_competition(current_user))``; ``why`` is what the page then says
    (what to do about it), instead of the bare refusal."""
    if not allowed:
        abort(403, description=why)


def unit_for_current_user(code: str) -> Unit:
    """The unit named in the URL, if the current user may see it: 404 unknown, 403 not theirs."""
    unit = units.unit_or_not_found(code)
    require(may.see_unit(current_user, unit))
    return unit


def record_of_unit(model, record_id: int, unit: Unit):
    """A record (with a ``unit_id``) by id, only if it belongs to ``unit``; otherwise 404."""
    return one_or_not_found(model, model.id == record_id, model.unit_id == unit.id)


def local_target(target: str | None) -> str | None:
    """A ``next`` address to go back to, when it is a path of this site (never another site's:
    no scheme, no host, no "//" or "/\\" that browsers read as one, no backslash, space or
    control character — browsers drop a tab or a newline inside an address, so a slash, a
    tab and "/evil.example" is "//evil.example" to them); else None. The one check every
    redirect to a given address goes through."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch == "\\" or ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def home_endpoint(user: User) -> tuple[str, dict]:
    """Where a user lands after login."""
    if may.administer(user):
        return "admin.home", {}
    if may.use_results_desk(user):
        return "results.home", {}
    if may.organise_unit(user):
        return "units.show", {"code": user.unit.code}
    if may.choose_checkpoint(user):
        return "scanner.page", {}  # the phone's checkpoint, or the choice of the volunteer's checkpoints
    return "main.index", {}


def competition_for_scoring(competition_id: int) -> Competition:
    """The competition in the URL, if the current user may enter its results: 404 / 403."""
    comp = by_id(Competition, competition_id)
    require(may.score(current_user, comp), _not_assigned(comp) if may.use_results_desk(current_user) else None)
    return comp


def _not_assigned(comp: Competition) -> str:
    """An official on another competition's page: whose it is to assign him, and where."""
    return _(
        "Bạn chưa được phân công nội dung “%(c)s”. Người phân công trọng tài: %(who)s (trang “Sửa nội dung” "
        "hoặc “Thể thức, trọng tài” của nội dung).",
        c=comp.name,
        who=auth.assigners_text(),
    )
