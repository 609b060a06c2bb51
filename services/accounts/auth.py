"""Accounts: passwords, login throttling, one-time set-password links, account creation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db
from models import LoginFailure, Unit, User, UserRole, utcnow
from services.checkin import devices
from services.errors import DomainError
from services.lookup import MAX_ID
from services.season import units
from services.text import nfc

MIN_PASSWORD_LENGTH = 8
_SET_PASSWORD_SALT = "set-password"


def init_login_manager(login_manager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session's user, unless that session was ended (end_sessions) since it began."""
        user_id, _dot, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit()):
            return None  # a cookie from before session versions, or forged: signed out
        user = db.session.get(User, int(user_id)) if int(user_id) <= MAX_ID else None
        if user is None or user.session_version != int(version):
            return None
        return user


def end_sessions(user: User) -> None:
    """Every session of this user ends (logout, a new password, deactivation): the version in
    their cookies no longer matches."""
    user.session_version = (user.session_version or 0) + 1


def normalise_username(username: str) -> str:
    return nfc(username).lower()


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(_("Mật khẩu phải có ít nhất %(n)d ký tự.", n=MIN_PASSWORD_LENGTH), field="password")


def hash_password(password: str) -> str:
    """The password checked against the rules and hashed: the slow part (scrypt: ~0.1 s of
    CPU), which a caller can do before its write transaction (SQLite's write lock)."""
    check_password_rules(password)
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def set_password(user: User, password: str, hashed: str | None = None) -> None:
    """``hashed``: ``hash_password(password)`` done beforehand."""
    user.password_hash = hashed or hash_password(password)
    if user.id is not None:
        end_sessions(user)


@dataclass(frozen=True)
class Failures:
    """Recent failed logins: how many, and when the last one was."""

    count: int
    last: datetime | None


def _counting_since() -> datetime:
    """Failures older than LOGIN_LOCKOUT_MINUTES no longer count."""
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])


def _failures(*conditions) -> Failures:
    count, last = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(LoginFailure.at >= _counting_since(), *conditions)
    ).one()
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return Failures(count, last)


def throttle_wait(username: str, ip: str) -> tuple[int, bool]:
    """(seconds to wait before this try is heard, whether it is the address as a whole).

    The login throttling rule, in one place:
    - one username from one address: after LOGIN_MAX_FAILURES failures, each further try waits
      30 s, then 60, 120, … (at most LOGIN_LOCKOUT_MINUTES) after the last failure. Someone
      else failing for a username from another address does not slow its owner;
    - one address, all usernames: after 4× as many failures, tries from it are slowed (5 s,
      doubling every LOGIN_MAX_FAILURES more, at most 60 s), never locked: a venue's NAT
      keeps working.
    """
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    cap = current_app.config["LOGIN_LOCKOUT_MINUTES"] * 60
    now = utcnow()

    def left(failures: Failures, wait: int) -> int:
        return max(0, int((failures.last + timedelta(seconds=wait) - now).total_seconds()) + 1)

    pair = _failures(LoginFailure.username == username, LoginFailure.ip == ip)
    if pair.count >= limit and (seconds := left(pair, min(30 * 2 ** (pair.count - limit), cap))):
        return seconds, False
    address = _failures(LoginFailure.ip == ip)
    if address.count >= 4 * limit and (
        seconds := left(address, min(5 * 2 ** ((address.count - 4 * limit) // limit), 60))
    ):
        return seconds, True
    return 0, False


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


class WrongCredentials(DomainError):
    """A wrong username or password: the caller records it (``record_failure``)."""


def authenticate(username: str, password: str, ip: str) -> User:
    """Return the user for these credentials or raise DomainError (WrongCredentials for a wrong
    username or password). Reads only: the password's hashing (~0.1 s of CPU) holds no
    SQLite write lock, which the scans need; the caller then writes the outcome with
    ``record_login`` or ``record_failure``, which throttles further tries (throttle_wait). An
    unknown username costs the same hashing as a known one, so the time taken does not tell
    which usernames exist."""
    username = normalise_username(username)
    wait, whole_address = throttle_wait(username, ip)
    if wait:
        if whole_address:
            raise DomainError(
                _("Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng đợi %(s)d giây rồi thử lại.", s=wait)
            )
        raise DomainError(
            _(
                "Đăng nhập sai nhiều lần. Vui lòng đợi %(s)d giây rồi thử lại,"
                " hoặc liên hệ Ban Tổ chức để mở khoá hay đặt lại mật khẩu.",
                s=wait,
            )
        )
    user = db.session.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user is not None and user.password_hash else None
    matches = check_password_hash(stored or _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
    if stored is None or not matches:
        raise WrongCredentials(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    if not user.active:
        raise DomainError(_("Tài khoản này đã bị khoá. Vui lòng liên hệ Ban Tổ chức."))
    return user


def record_failure(username: str, ip: str) -> None:
    """A failed try, counted by throttle_wait; only the failures that still count are kept,
    so the table does not grow for ever."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < _counting_since()))
    db.session.add(LoginFailure(username=normalise_username(username)[:80], ip=ip[:64]))
    db.session.flush()


def record_login(user: User, ip: str) -> None:
    """A successful sign-in clears that username's failures from that address."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == user.username, LoginFailure.ip == ip))
    user.last_login_at = utcnow()
    db.session.flush()


def unlock(user: User) -> int:
    """An admin lets the user try again at once: his recorded failures go. How many went."""
    return db.session.execute(delete(LoginFailure).where(LoginFailure.username == user.username)).rowcount


def throttled_usernames() -> set[str]:
    """Usernames some address must wait before trying again (shown to admins): one query."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    return set(
        db.session.scalars(
            select(LoginFailure.username)
            .where(LoginFailure.at >= _counting_since())
            .group_by(LoginFailure.username)
            .having(func.count() >= limit)
        )
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SET_PASSWORD_SALT)


def _password_fingerprint(user: User) -> str:
    # Changes as soon as the password is set, so a link works once.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_set_password_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _password_fingerprint(user)})


def user_for_set_password_token(token: str) -> User:
    max_age = current_app.config["SET_PASSWORD_LINK_DAYS"] * 86400
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise DomainError(_("Liên kết đặt mật khẩu đã hết hạn. Hãy xin Ban Tổ chức liên kết mới.")) from exc
    except BadSignature as exc:
        raise DomainError(_("Liên kết đặt mật khẩu không hợp lệ.")) from exc
    user = db.session.get(User, data.get("u"))
    if user is None or data.get("f") != _password_fingerprint(user):
        raise DomainError(_("Liên kết đặt mật khẩu này đã được dùng hoặc không còn hiệu lực."))
    if not user.active:
        raise DomainError(_("Tài khoản này đã bị khoá. Vui lòng liên hệ Ban Tổ chức."))
    return user


def unit_by_code(code: str) -> Unit:
    """The unit a form or the command line names, or a DomainError saying so."""
    unit = units.unit_by_code(code)
    if unit is None:
        raise DomainError(_("Không có đơn vị mã “%(code)s”.", code=code), field="unit")
    return unit


def save_user(
    user: User | None,
    *,
    username: str,
    role: str,
    full_name: str = "",
    unit: Unit | None = None,
    password: str | None = None,
    active: bool = True,
    hashed: str | None = None,
) -> User:
    """Create (user=None) or update an account; organisers must belong to a unit. ``hashed``:
    ``hash_password(password)`` done before the write transaction."""
    username = normalise_username(username)
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."), field="username")
    try:
        role = UserRole(role)
    except ValueError as exc:
        raise DomainError(_("Vai trò “%(role)s” không hợp lệ.", role=role), field="role") from exc
    if role == UserRole.ORGANISER and unit is None:
        raise DomainError(_("Tài khoản cán bộ đơn vị phải gắn với một đơn vị."), field="unit")
    clash = db.session.scalar(select(User).where(User.username == username))
    if clash is not None and clash is not user:
        raise DomainError(_("Tên đăng nhập “%(u)s” đã có người dùng.", u=username), field="username")
    if user is None:
        user = User(username=username, role=role)
        db.session.add(user)
    user.username = username
    user.role = role
    user.full_name = nfc(full_name)
    user.unit = unit if role == UserRole.ORGANISER else None
    if user.active and not active and user.id is not None:
        end_sessions(user)
        devices.revoke_devices_of(user)
    user.active = active
    if password:
        set_password(user, password, hashed)
    db.session.flush()
    return user


def volunteers() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role == UserRole.VOLUNTEER, User.active.is_(True)).order_by(User.username)
        )
    )


def list_users() -> list[User]:
    """Every account for the admin's list, with its unit (one query)."""
    return list(db.session.scalars(select(User).options(joinedload(User.unit)).order_by(User.role, User.username)))


def officials() -> list[User]:
    """Officials (referees, the results desk) by username, to assign to a competition."""
    return list(db.session.scalars(select(User).where(User.role == UserRole.OFFICIAL).order_by(User.username)))


def choose_language(user: User, code: str) -> None:
    """The user's language from now on, on every device (chosen in the menu, or on the login
    page before signing in)."""
    user.locale = code


def assigners_text() -> str:
    """Who assigns officials to competitions (the active admins), as a sentence names them."""
    admins = db.session.scalars(
        select(User).where(User.role == UserRole.ADMIN, User.active.is_(True)).order_by(User.username)
    )
    return ", ".join(f"{u.full_name} ({u.username})" if u.full_name else u.username for u in admins) or _(
        "quản trị của Liên đoàn"
    )
