"""Accounts: passwords, login throttling, one-time set-password links, account creation."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
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


def set_password(user: User, password: str) -> None:
    check_password_rules(password)
    user.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])
    if user.id is not None:
        end_sessions(user)


def _recent_failures(column, value) -> int:
    minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
    since = utcnow() - timedelta(minutes=minutes)
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(column == value, LoginFailure.at >= since)
    )


def authenticate(username: str, password: str, ip: str) -> User:
    """Return the user for these credentials or raise DomainError; failures are recorded.

    After LOGIN_MAX_FAILURES failures for one username (or 4× that from one address) within
    LOGIN_LOCKOUT_MINUTES, further tries are refused without checking the password.
    """
    username = normalise_username(username)
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
    if _recent_failures(LoginFailure.username, username) >= limit or _recent_failures(LoginFailure.ip, ip) >= 4 * limit:
        raise DomainError(
            _(
                "Đăng nhập sai quá %(n)d lần. Vui lòng thử lại sau %(m)d phút"
                " hoặc liên hệ Ban Tổ chức để đặt lại mật khẩu.",
                n=limit,
                m=minutes,
            )
        )
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None or not user.password_hash or not check_password_hash(user.password_hash, password or ""):
        # Keep only the failures that still count, so the table does not grow for ever.
        db.session.execute(
            delete(LoginFailure).where(
                LoginFailure.username == username, LoginFailure.at < utcnow() - timedelta(minutes=minutes)
            )
        )
        db.session.add(LoginFailure(username=username, ip=ip))
        db.session.flush()
        raise DomainError(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    if not user.active:
        raise DomainError(_("Tài khoản này đã bị khoá. Vui lòng liên hệ Ban Tổ chức."))
    db.session.execute(delete(LoginFailure).where(LoginFailure.username == username))
    user.last_login_at = utcnow()
    db.session.flush()
    return user


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
) -> User:
    """Create (user=None) or update an account; organisers must belong to a unit."""
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
        set_password(user, password)
    db.session.flush()
    return user


def volunteers() -> list[User]:
    return db.session.scalars(
        select(User).where(User.role == UserRole.VOLUNTEER, User.active.is_(True)).order_by(User.username)
    ).all()
