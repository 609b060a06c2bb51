"""Admin screens for accounts: list, form, one-time password links and login unlocks (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import (
    UserForm,
)
from blueprints.admin.views import bp
from blueprints.forms import run_action, submit_form
from models import Unit, User
from services import lookup
from services.accounts import auth
from services.season import units


@bp.route("/users")
def user_list():
    users = auth.list_users()
    waiting = auth.throttled_usernames()
    throttled = {u.id for u in users if u.username in waiting}
    return render_template("admin/users.html", users=users, throttled=throttled)


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def user_unlock(user_id: int):
    """Failed logins of this username forgotten: its owner may try again at once."""
    user = lookup.by_id(User, user_id)
    return run_action(
        lambda: auth.unlock(user), _("Đã mở khoá đăng nhập cho “%(u)s”.", u=user.username), url_for("admin.user_list")
    )


@bp.route("/users/new", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_form(user_id: int | None):
    user = lookup.by_id(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.unit_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(u.id, f"{u.code} – {u.name}") for u in units.list_units()
    ]
    if user is not None and not form.is_submitted():
        form.unit_id.data = user.unit_id or 0

    def save():
        unit = lookup.by_id(Unit, form.unit_id.data) if form.unit_id.data else None
        return auth.save_user(
            user,
            username=form.username.data,
            role=form.role.data,
            full_name=form.full_name.data or "",
            unit=unit,
            active=form.active.data,
        )

    done = submit_form(
        form,
        save,
        _("Đã lưu tài khoản."),
        lambda saved: url_for("admin.user_link", user_id=saved.id) if user is None else url_for("admin.user_list"),
    )
    title = _("Sửa tài khoản") if user else _("Tạo tài khoản")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.user_list"))


@bp.route("/users/<int:user_id>/link", methods=["GET", "POST"])
def user_link(user_id: int):
    """A one-time link that lets the account holder choose a password (no email needed)."""
    user = lookup.by_id(User, user_id)
    link = url_for("auth.set_password", token=auth.make_set_password_token(user), _external=True)
    return render_template("admin/user_link.html", user=user, link=link)
