"""A unit's own pages: what its organisers (and the federation) see of it."""

from flask import Blueprint, render_template
from flask_login import login_required

from models import Person
from services import policy, workspace

bp = Blueprint("units", __name__)


@bp.route("/<code>")
@login_required
def show(code: str):
    unit = policy.unit_for_current_user(code)
    return render_template("units/show.html", unit=unit, workspaces=workspace.unit_workspace(unit))


@bp.route("/<code>/people/<int:person_id>")
@login_required
def person(code: str, person_id: int):
    unit = policy.unit_for_current_user(code)
    person = policy.record_of_unit(Person, person_id, unit)
    return render_template("units/person.html", unit=unit, person=person, entries=workspace.person_entries(person))
