"""Admin screens for the member units: list, form and import from Excel/CSV (routes on the admin blueprint)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from blueprints.admin.forms import (
    UnitForm,
    UnitImportForm,
)
from blueprints.admin.views import bp
from blueprints.forms import form_data, submit_form
from extensions import db
from models import Unit
from services import lookup
from services.errors import DomainError, ValidationErrors
from services.season import units


@bp.route("/units")
def unit_list():
    return render_template("admin/units.html", units=units.list_units(), import_form=UnitImportForm())


@bp.route("/units/new", methods=["GET", "POST"], defaults={"unit_id": None})
@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def unit_form(unit_id: int | None):
    unit = lookup.by_id(Unit, unit_id) if unit_id else None
    form = UnitForm(obj=unit)

    def save():
        data = form_data(form, units.UnitData)
        return units.save_unit(unit, data)

    done = submit_form(form, save, _("Đã lưu đơn vị."), url_for("admin.unit_list"))
    title = _("Sửa đơn vị") if unit else _("Thêm đơn vị")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.unit_list"))


@bp.route("/units/import", methods=["POST"])
def unit_import():
    form = UnitImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            created, updated = units.import_units(upload.filename or "", upload.read())
        except ValidationErrors as error:
            db.session.rollback()
            form.file.errors = [error.message]
            problems = error.problems
        except DomainError as error:
            db.session.rollback()
            form.file.errors = [error.message]
        else:
            db.session.commit()
            flash(_("Đã nhập danh sách: %(c)d đơn vị mới, %(u)d đơn vị cập nhật.", c=created, u=updated), "success")
            return redirect(url_for("admin.unit_list"))
    return render_template("admin/units.html", units=units.list_units(), import_form=form, problems=problems), 400
