"""Login, logout, one-time set-password links and the language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from blueprints import policy
from blueprints.auth.forms import LoginForm, SetPasswordForm
from extensions import db, reads_first, writing
from services.accounts import auth
from services.errors import DomainError

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@reads_first  # the password is checked without the SQLite write lock (services/accounts/auth.py)
def login():
    if current_user.is_authenticated:
        endpoint, args = policy.home_endpoint(current_user)
        return redirect(url_for(endpoint, **args))
    form = LoginForm()
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        try:
            user = auth.authenticate(form.username.data, form.password.data, ip)
        except DomainError as error:
            if isinstance(error, auth.WrongCredentials):
                with writing():
                    auth.record_failure(form.username.data, ip)
                    db.session.commit()
            form.apply_error(error)
        else:
            with writing():
                auth.record_login(user, ip)
                chosen = session.pop("lang", None)  # chosen on the login page: kept, and the account's from now on
                if chosen in current_app.config["LANGUAGES"]:
                    auth.choose_language(user, chosen)
                db.session.commit()
            login_user(user)
            endpoint, args = policy.home_endpoint(user)
            return redirect(policy.local_target(request.args.get("next")) or url_for(endpoint, **args))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    auth.end_sessions(current_user)  # the cookie, and any copy of it, no longer signs in
    db.session.commit()
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@reads_first  # the password is hashed without the SQLite write lock; the link is checked again in it
def set_password(token: str):
    try:
        user = auth.user_for_set_password_token(token)
    except DomainError as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            hashed = auth.hash_password(form.password.data)
            with writing():
                user = auth.user_for_set_password_token(token)  # used once: not meanwhile by another tab
                auth.set_password(user, form.password.data, hashed)
                db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if error.field is None:  # the link, used meanwhile (another tab) or expired
                return render_template("auth/link_invalid.html", message=error.message), 400
            form.apply_error(error)
        else:
            logout_user()
            flash(_("Đã đặt mật khẩu. Hãy đăng nhập bằng tên “%(u)s”.", u=user.username), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        if current_user.is_authenticated:
            auth.choose_language(current_user, code)
            db.session.commit()
        else:
            session["lang"] = code
    return redirect(policy.local_target(request.form.get("next")) or url_for("main.index"))
