"""A unit's own pages: its registration for each event (organiser workspace)."""

from __future__ import annotations

import contextlib
import secrets
import time
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from blueprints import policy
from blueprints.badges_view import badge_pdf_response
from blueprints.certificates_view import certificate_pdf_response, kind_from_args
from blueprints.downloads import XLSX, send_bytes, send_table
from blueprints.forms import form_data, id_arg, run_action, submit_form
from blueprints.units.forms import EntryForm, HeadCountForm, PersonForm, RosterImportForm
from extensions import db, reads_first, writes_on_get, writing
from models import Person, utcnow
from services.badges import selection as badges
from services.badges import tokens
from services.checkin import attendance
from services.errors import DomainError
from services.labels import label
from services.registration import (
    eligibility,
    exports,
    fields,
    inputs,
    persons,
    registrations,
    roster,
    roster_import,
    roster_template,
    statuses,
    teams,
    workspace,
)
from services.season import competitions, events
from services.text import name_sort_key
from services.worklists import organiser as organiser_work

bp = Blueprint("units", __name__)
bp.before_request(policy.require_login)  # every unit page; which unit: policy.unit_for_current_user


@bp.route("/<code>")
def show(code: str):
    unit = policy.unit_for_current_user(code)
    spaces = workspace.unit_workspace(unit)
    now = utcnow()
    steps = {
        ws.event.id: organiser_work.next_step(ws.event, ws.registration, len(ws.people), len(ws.entries), now)
        for ws in spaces
    }
    return render_template("units/show.html", unit=unit, workspaces=spaces, steps=steps)


@bp.route("/<code>/people/<int:person_id>")
def person(code: str, person_id: int):
    unit = policy.unit_for_current_user(code)
    person = policy.record_of_unit(Person, person_id, unit)
    return render_template(
        "units/person.html",
        unit=unit,
        person=person,
        entries=workspace.person_entries(person),
        badge=tokens.active_badge(person),
        details=[(f.label, fields.text_value(f, person)) for f in fields.PERSON_FIELDS if f.key != "full_name"],
    )


def _unit_event(code: str, slug: str):
    return policy.unit_for_current_user(code), events.event_or_not_found(slug)


def _workspace_url(unit, event) -> str:
    return url_for("units.event_page", code=unit.code, slug=event.slug)


@bp.route("/<code>/events/<slug>")
def event_page(code: str, slug: str):
    unit, event = _unit_event(code, slug)
    reg = registrations.current_registration(event, unit)
    people, _entries = roster.unit_roster(event, unit)
    closed_reason = registrations.closed_reason(event, reg)
    return render_template(
        "units/registration.html",
        unit=unit,
        event=event,
        reg=reg,
        people=people,
        checklist=roster.unit_checklist(event, unit),
        editable=closed_reason is None,
        closed_reason=closed_reason,
        closes=eligibility.closes_at(event, reg),
        may_print_badges=badges.unit_may_print(reg),
        reopen_default=statuses.default_reopen_until(event, utcnow()),
        import_form=RosterImportForm(),
        head_count_form=HeadCountForm(head_count=reg.head_count or 0),
    )


@bp.route("/<code>/events/<slug>/people/new", methods=["GET", "POST"], defaults={"person_id": None})
@bp.route("/<code>/events/<slug>/people/<int:person_id>/edit", methods=["GET", "POST"])
def person_form(code: str, slug: str, person_id: int | None):
    unit, event = _unit_event(code, slug)
    person = persons.person_of_unit(event, unit, person_id) if person_id else None
    form = PersonForm(obj=person)
    form.union_card_no.flags.required = event.union_card_required  # the event's rule, marked on the form

    def save():
        data = form_data(form, inputs.PersonData)
        persons.save_person(event, unit, person, data, current_user)

    back = _workspace_url(unit, event)
    another = url_for("units.person_form", code=unit.code, slug=event.slug)
    then = another if person is None and request.form.get("then") == "another" else back
    done = submit_form(form, save, _("Đã lưu %(n)s.", n=form.full_name.data), then)
    title = _("Sửa thông tin người") if person else _("Thêm người")
    return done or render_template(
        "form_page.html",
        form=form,
        title=title + " – " + unit.name,
        back=back,
        another_label=None if person else _("Lưu và thêm người khác"),
    )


@bp.route("/<code>/events/<slug>/people/<int:person_id>/delete", methods=["POST"])
def person_delete(code: str, slug: str, person_id: int):
    unit, event = _unit_event(code, slug)
    person = persons.person_of_unit(event, unit, person_id)
    name = person.full_name
    return run_action(
        lambda: persons.delete_person(event, unit, person, current_user),
        _("Đã xoá %(n)s khỏi danh sách.", n=name),
        _workspace_url(unit, event),
    )


@bp.route(
    "/<code>/events/<slug>/competitions/<int:competition_id>/entries/new",
    methods=["GET", "POST"],
    defaults={"entry_id": None},
)
@bp.route(
    "/<code>/events/<slug>/competitions/<int:competition_id>/entries/<int:entry_id>/edit", methods=["GET", "POST"]
)
def entry_form(code: str, slug: str, competition_id: int, entry_id: int | None):
    unit, event = _unit_event(code, slug)
    comp = competitions.competition_of_event(event, competition_id)
    entry = teams.entry_of_unit(unit, comp, entry_id) if entry_id else None
    form = EntryForm()
    people = sorted(persons.event_people(event, unit), key=lambda p: name_sort_key(p.full_name))
    people = teams.candidates(people, comp, entry)
    form.members.choices = [
        SelectChoice(p.id, f"{p.full_name} ({label(p.gender)}, {p.birth_date.year if p.birth_date else '—'})")
        for p in people
    ]
    if entry is not None and not form.is_submitted():
        form.members.data = [m.person_id for m in entry.members]
    back = _workspace_url(unit, event)
    done = submit_form(
        form,
        lambda: teams.save_entry(event, unit, comp, entry, form.members.data or [], current_user),
        _("Đã lưu đăng ký %(c)s.", c=comp.name),
        back,
    )
    return done or render_template(
        "units/entry_form.html", form=form, unit=unit, event=event, competition=comp, entry=entry, back=back
    )


@bp.route("/<code>/events/<slug>/competitions/<int:competition_id>/entries/<int:entry_id>/delete", methods=["POST"])
def entry_delete(code: str, slug: str, competition_id: int, entry_id: int):
    unit, event = _unit_event(code, slug)
    comp = competitions.competition_of_event(event, competition_id)
    entry = teams.entry_of_unit(unit, comp, entry_id)
    return run_action(
        lambda: teams.delete_entry(event, unit, entry, current_user),
        _("Đã rút đăng ký %(c)s.", c=comp.name),
        _workspace_url(unit, event),
    )


@bp.route("/<code>/events/<slug>/submit", methods=["POST"])
def submit(code: str, slug: str):
    unit, event = _unit_event(code, slug)
    return run_action(
        lambda: statuses.submit(event, unit, current_user),
        _("Đã gửi đăng ký tới Ban Tổ chức. Khi được duyệt hoặc trả lại, trạng thái sẽ hiện ở đây."),
        _workspace_url(unit, event),
    )


# --- Excel -----------------------------------------------------------------------------


@bp.route("/<code>/events/<slug>/template.xlsx")
def template(code: str, slug: str):
    """The unit's roster file: the current list, to fill in or correct and import back."""
    unit, event = _unit_event(code, slug)
    content = roster_template.unit_workbook(event, unit, with_data=True)
    return send_bytes(content, f"danh-sach-{event.slug}-{unit.code}.xlsx", XLSX)


@bp.route("/<code>/events/<slug>/export.<any(xlsx, csv):kind>")
def export(code: str, slug: str, kind: str):
    unit, event = _unit_event(code, slug)
    rows = exports.export_rows(event, unit=unit)
    return send_table(
        kind, f"dang-ky-{event.slug}-{unit.code}", f"{event.name} – {unit.name}", exports.export_headers(), rows
    )


def _imports_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("*.xlsx"):  # previews not confirmed within a day
        with contextlib.suppress(FileNotFoundError):  # confirmed (and removed) by another request meanwhile
            if old.stat().st_mtime < time.time() - 86400:
                old.unlink(missing_ok=True)
    return path


@bp.route("/<code>/events/<slug>/import", methods=["POST"])
@reads_first
def import_preview(code: str, slug: str):
    """Check the whole file and show what it would change; nothing is saved yet."""
    unit, event = _unit_event(code, slug)
    form = RosterImportForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.file.errors) or _("Hãy chọn một tệp."), "danger")
        return redirect(_workspace_url(unit, event))
    upload = form.file.data
    filename, content = upload.filename or "", upload.read()
    try:
        parsed, plan = roster_import.preview_import(event, unit, filename, content)
    except DomainError as error:
        return _import_refused(unit, event, filename, error)
    token = secrets.token_urlsafe(16)
    (_imports_dir() / f"{token}.xlsx").write_bytes(content)
    session["roster_import"] = {"token": token, "unit": unit.code, "event": event.slug, "filename": filename}
    return render_template(
        "units/import_result.html",
        unit=unit,
        event=event,
        filename=filename,
        change=plan.change,
        people=parsed.people,
        entries=parsed.entries,
    )


def _import_refused(unit, event, filename: str, error: DomainError):
    db.session.rollback()
    return render_template(
        "units/import_result.html",
        unit=unit,
        event=event,
        filename=filename,
        message=error.message,
        problems=getattr(error, "problems", []),
    ), 400


@bp.route("/<code>/events/<slug>/import/confirm", methods=["POST"])
@reads_first
def import_confirm(code: str, slug: str):
    """Save the previewed file: read, checked and planned outside the write lock; inside it,
    written when nothing the check read has changed since (else checked again first)."""
    unit, event = _unit_event(code, slug)
    pending = session.get("roster_import") or {}
    path = _imports_dir() / f"{pending.get('token', 'none')}.xlsx"
    if pending.get("unit") != unit.code or pending.get("event") != event.slug or not path.exists():
        flash(_("Không còn tệp chờ nhập; hãy tải tệp lên lại."), "warning")
        return redirect(_workspace_url(unit, event))
    content = path.read_bytes()
    path.unlink(missing_ok=True)
    session.pop("roster_import", None)
    try:
        parsed = roster_import.read_roster(event, unit, pending["filename"], content)
        planned = roster_import.plan_import(event, unit, parsed)
        with writing():
            change = roster_import.save_import(event, unit, parsed, current_user, planned)
            db.session.commit()
    except DomainError as error:  # the data changed since the preview
        return _import_refused(unit, event, pending["filename"], error)
    flash(
        _(
            "Đã nhập danh sách: %(c)d người mới, %(u)d cập nhật, %(r)d xoá; %(e)d lượt thi đấu.",
            c=change.created,
            u=change.updated,
            r=change.removed,
            e=change.entries,
        ),
        "success",
    )
    return redirect(_workspace_url(unit, event))


@bp.route("/<code>/events/<slug>/badges.pdf")
@writes_on_get
def badge_pdf(code: str, slug: str):
    """The unit's own badges (all, or one competition's or role's): never another unit's."""
    unit, event = _unit_event(code, slug)
    selection = badges.selection_of(
        event, unit=unit, competition_id=id_arg(request.args, "competition"), role=request.args.get("role")
    )
    return badge_pdf_response(selection, request.args.get("layout", "a6"), _workspace_url(unit, event))


@bp.route("/<code>/events/<slug>/attendance")
def attendance_page(code: str, slug: str):
    """Who of the unit's people and teams has arrived (refreshes by itself)."""
    unit, event = _unit_event(code, slug)
    return render_template("attendance.html", event=event, unit=unit, data=attendance.attendance(event, unit))


@bp.route("/<code>/events/<slug>/certificates.pdf")
@writes_on_get
def certificate_pdf(code: str, slug: str):
    """The unit's own certificates (?kind=participation|award|overall): never another unit's."""
    unit, event = _unit_event(code, slug)
    return certificate_pdf_response(event, unit, kind_from_args(), _workspace_url(unit, event))


@bp.route("/<code>/events/<slug>/head-count", methods=["POST"])
def head_count(code: str, slug: str):
    """A festival delegation's head count (workers coming beside the named people)."""
    unit, event = _unit_event(code, slug)
    form = HeadCountForm()
    back = _workspace_url(unit, event)
    if not form.validate():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(back)
    return run_action(
        lambda: statuses.set_head_count(event, unit, form.head_count.data, current_user),
        _("Đã lưu số người của đoàn."),
        back,
    )
