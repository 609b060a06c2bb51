"""Federation staff screens: seasons, events, venues, units, users, event overview."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import (
    CertificateStyleForm,
    CheckpointForm,
    CompetitionForm,
    DeviceLinkForm,
    EventForm,
    ReturnForm,
    SeasonForm,
    UnitForm,
    UnitImportForm,
    UserForm,
    VenueForm,
)
from blueprints.badges_view import badge_pdf_response
from blueprints.certificates_view import certificate_pdf_response, kind_from_args
from blueprints.downloads import send_table
from blueprints.forms import form_data, run_action, submit_form
from blueprints.policy import admin_required, local_target
from extensions import db, writes_on_get
from models import Device, Person, PersonRole, Season, Unit, User, Venue, utcnow
from printables.badges import LAYOUTS
from printables.qr import link_qr_svg
from services import audit
from services.accounts import auth
from services.badges import selection as badges
from services.badges import tokens
from services.certificates import issue as certificates
from services.checkin import attendance, checkpoints, devices
from services.errors import DomainError, ValidationErrors
from services.inputs import parse_date
from services.participation import reports as event_report
from services.participation import rules as participation_rules
from services.registration import exports, persons, roster, statuses
from services.results import archive as results_archive
from services.season import competitions, events, units
from services.worklists import admin as admin_work

bp = Blueprint("admin", __name__)


@bp.before_request
@admin_required
def require_admin():
    """Every admin screen is for federation staff only."""


def _get(model, record_id: int):
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


@bp.route("/")
def home():
    """The dashboard of pending work, then the seasons and their events."""
    return render_template(
        "admin/home.html",
        seasons=events.list_seasons(),
        work=admin_work.dashboard(),
        participation_summary=event_report.summary,
    )


# --- seasons ------------------------------------------------------------------------


@bp.route("/seasons/new", methods=["GET", "POST"], defaults={"season_id": None})
@bp.route("/seasons/<int:season_id>/edit", methods=["GET", "POST"])
def season_form(season_id: int | None):
    season = _get(Season, season_id) if season_id else None
    form = SeasonForm(obj=season)
    done = submit_form(
        form,
        lambda: events.save_season(
            season, name=form.name.data, year=form.year.data, description=form.description.data or ""
        ),
        _("Đã lưu mùa."),
        url_for("admin.home"),
    )
    title = _("Sửa mùa") if season else _("Thêm mùa")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.home"))


# --- events -------------------------------------------------------------------------


def _event_data(form: EventForm) -> events.EventData:
    return form_data(form, events.EventData)


@bp.route("/events/new", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def event_form(slug: str | None):
    event = events.event_or_not_found(slug) if slug else None
    form = EventForm(obj=event)
    form.season_id.choices = [SelectChoice(s.id, s.name) for s in events.list_seasons()]
    if event is not None and not form.is_submitted():
        form.overall_points.data = events.format_overall_points(event.overall_points)
    done = submit_form(
        form,
        lambda: events.save_event(event, _event_data(form)),
        _("Đã lưu sự kiện."),
        lambda saved: url_for("admin.event_overview", slug=saved.slug),
    )
    title = _("Sửa sự kiện") if event else _("Thêm sự kiện")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.home"))


@bp.route("/events/<slug>")
def event_overview(slug: str):
    overview = events.event_overview(events.event_or_not_found(slug))
    return render_template("admin/event_overview.html", overview=overview, participation_summary=event_report.summary)


@bp.route("/events/<slug>/venues/new", methods=["GET", "POST"], defaults={"venue_id": None})
@bp.route("/events/<slug>/venues/<int:venue_id>/edit", methods=["GET", "POST"])
def venue_form(slug: str, venue_id: int | None):
    event = events.event_or_not_found(slug)
    venue = _get(Venue, venue_id) if venue_id else None
    if venue is not None and venue.event_id != event.id:
        abort(404)
    form = VenueForm(obj=venue)
    back = url_for("admin.event_overview", slug=event.slug)
    done = submit_form(
        form,
        lambda: events.save_venue(venue, event, name=form.name.data, address=form.address.data or ""),
        _("Đã lưu địa điểm."),
        back,
    )
    title = (_("Sửa địa điểm") if venue else _("Thêm địa điểm")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)


# --- units --------------------------------------------------------------------------


@bp.route("/units")
def unit_list():
    return render_template("admin/units.html", units=units.list_units(), import_form=UnitImportForm())


@bp.route("/units/new", methods=["GET", "POST"], defaults={"unit_id": None})
@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
def unit_form(unit_id: int | None):
    unit = _get(Unit, unit_id) if unit_id else None
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


# --- users --------------------------------------------------------------------------


@bp.route("/users")
def user_list():
    users = db.session.scalars(select(User).options(joinedload(User.unit)).order_by(User.role, User.username)).all()
    waiting = auth.throttled_usernames()
    throttled = {u.id for u in users if u.username in waiting}
    return render_template("admin/users.html", users=users, throttled=throttled)


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def user_unlock(user_id: int):
    """Failed logins of this username forgotten: its owner may try again at once."""
    user = _get(User, user_id)
    return run_action(
        lambda: auth.unlock(user), _("Đã mở khoá đăng nhập cho “%(u)s”.", u=user.username), url_for("admin.user_list")
    )


@bp.route("/users/new", methods=["GET", "POST"], defaults={"user_id": None})
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_form(user_id: int | None):
    user = _get(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.unit_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(u.id, f"{u.code} – {u.name}") for u in units.list_units()
    ]
    if user is not None and not form.is_submitted():
        form.unit_id.data = user.unit_id or 0

    def save():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
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
    user = _get(User, user_id)
    link = url_for("auth.set_password", token=auth.make_set_password_token(user), _external=True)
    return render_template("admin/user_link.html", user=user, link=link)


# --- competitions -------------------------------------------------------------------


@bp.route("/events/<slug>/competitions")
def competition_list(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/competitions.html", event=event, lines=roster.competition_entries(event))


@bp.route("/events/<slug>/competitions/new", methods=["GET", "POST"], defaults={"competition_id": None})
@bp.route("/events/<slug>/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
def competition_form(slug: str, competition_id: int | None):
    event = events.event_or_not_found(slug)
    comp = competitions.competition_of_event(event, competition_id) if competition_id else None
    form = CompetitionForm(obj=comp)
    form.sport_id.choices = [SelectChoice(0, "—")] + [SelectChoice(s.id, s.name) for s in competitions.list_sports()]

    def save():
        sport_id = form.sport_id.data
        if form.new_sport.data:
            sport_id = competitions.sport_named(form.new_sport.data).id
        data = form_data(form, competitions.CompetitionData, sport_id=sport_id)
        return competitions.save_competition(event, comp, data)

    back = url_for("admin.competition_list", slug=event.slug)
    done = submit_form(form, save, _("Đã lưu nội dung thi đấu."), back)
    title = (_("Sửa nội dung") if comp else _("Thêm nội dung")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)


# --- registrations: approve, return, reopen; exports; audit --------------------------------


@bp.route("/events/<slug>/registrations")
def registration_list(slug: str):
    event = events.event_or_not_found(slug)
    overview = events.event_overview(event)
    part = overview.participation
    states = {line.unit.id: line.state for line in part.counting + part.others}
    wanted = request.args.get("state")
    rows = [r for r in overview.rows if not wanted or states[r.unit.id].value == wanted]
    return render_template(
        "admin/registrations.html",
        event=event,
        rows=rows,
        states=states,
        state_label=event_report.state_label,
        all_states=participation_rules.STATES,
        wanted=wanted,
        deadline_passed=event.registration_closes_at is not None and utcnow() > event.registration_closes_at,
    )


@bp.route("/events/<slug>/registrations/approve", methods=["POST"])
def registrations_approve(slug: str):
    """Approve the ticked submitted registrations at once (each on its own: see approve_many)."""
    event = events.event_or_not_found(slug)
    chosen = [_unit(code) for code in dict.fromkeys(request.form.getlist("units"))]  # each once
    back = local_target(request.form.get("next")) or url_for("admin.registration_list", slug=event.slug)
    approved, refused = statuses.approve_many(event, chosen, current_user)
    db.session.commit()
    if approved:
        flash(
            _("Đã duyệt %(n)d đăng ký: %(u)s.", n=len(approved), u=", ".join(r.unit.code for r in approved)), "success"
        )
    for unit, message in refused:
        flash(f"{unit.code}: {message}", "warning")
    if not chosen:
        flash(_("Hãy chọn đơn vị để duyệt."), "warning")
    for reg in approved:
        _tell_the_unit(reg)
    return redirect(back)


def _unit(code: str) -> Unit:
    return units.unit_or_not_found(code)


@bp.route("/events/<slug>/registrations/<code>/<action>", methods=["POST"])
def registration_action(slug: str, code: str, action: str):
    event, unit = events.event_or_not_found(slug), _unit(code)
    back = url_for("admin.registration_list", slug=event.slug)
    form = ReturnForm()
    actions = {
        "approve": (lambda: statuses.approve(event, unit, current_user), _("Đã duyệt đăng ký của %(u)s.")),
        "return": (
            lambda: statuses.return_for_changes(event, unit, current_user, form.comment.data or ""),
            _("Đã trả lại đăng ký của %(u)s."),
        ),
        "reopen": (
            lambda: statuses.set_reopened(event, unit, current_user, True),
            _("Đã mở lại đăng ký cho %(u)s sau hạn chót."),
        ),
        "close": (
            lambda: statuses.set_reopened(event, unit, current_user, False),
            _("Đã đóng lại đăng ký của %(u)s."),
        ),
    }
    if action not in actions:  # CSRF is checked for every POST by CSRFProtect
        abort(404)
    do, message = actions[action]
    decided = []
    response = run_action(lambda: decided.append(do()), message % {"u": unit.name}, back)
    if decided and action in ("approve", "return"):
        _tell_the_unit(decided[0])
    return response


def _tell_the_unit(reg) -> None:
    """After the decision is committed: the unit's email, when mail is set up."""
    try:
        sent_to = statuses.notify_decision(reg)
    except OSError as error:  # the SMTP server refused or is unreachable: the decision stands
        flash(_("Không gửi được thư báo cho đơn vị: %(e)s", e=str(error)), "warning")
        return
    if sent_to:
        flash(_("Đã gửi thư báo cho đơn vị (%(to)s).", to=sent_to), "info")


@bp.route("/events/<slug>/export.<any(xlsx, csv):kind>")
def event_export(slug: str, kind: str):
    """Registrations of the whole event, one unit (?unit=CODE) or one competition (?competition=ID)."""
    event = events.event_or_not_found(slug)
    unit = _unit(request.args["unit"]) if request.args.get("unit") else None
    comp = None
    if request.args.get("competition", type=int):
        comp = competitions.competition_of_event(event, request.args.get("competition", type=int))
    stem = "-".join(filter(None, ["dang-ky", event.slug, unit.code if unit else "", f"nd{comp.id}" if comp else ""]))
    title = " – ".join(filter(None, [event.name, unit.name if unit else "", comp.name if comp else ""]))
    rows = exports.export_rows(event, unit=unit, competition=comp)
    return send_table(kind, stem, title, exports.export_headers(), rows)


@bp.route("/events/<slug>/audit")
def audit_log(slug: str):
    event = events.event_or_not_found(slug)
    args = request.args
    filters = audit.Filters(
        unit_id=_unit(args["unit"]).id if args.get("unit") else None,
        user_id=args.get("user", type=int),
        kind=args.get("kind") or None,
        day_from=_day(args.get("from")),
        day_to=_day(args.get("to")),
    )
    users, audit_units = audit.who_and_where(event.id)
    return render_template(
        "admin/audit.html",
        event=event,
        lines=[audit.describe(row) for row in audit.for_event(event.id, filters=filters)],
        users=users,
        units=audit_units,
        kinds=audit.KINDS,
        args=args,
    )


def _day(text: str | None):
    """A filter's date as typed (services/inputs.parse_date); ignored when it is not one."""
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None


# --- badges ---------------------------------------------------------------------------


@bp.route("/events/<slug>/badges")
def badge_page(slug: str):
    event = events.event_or_not_found(slug)
    part = participation_rules.event_participation(event)
    return render_template(
        "admin/badges.html",
        event=event,
        left_out=badges.left_out_text(badges.left_out(badges.Selection(event))),
        states={line.unit.id: event_report.state_label(line.state) for line in part.counting + part.others},
        units=units.list_units(),
        competitions=[line.competition for line in roster.competition_entries(event)],
        roles=list(PersonRole),
        layouts=LAYOUTS,
    )


@bp.route("/events/<slug>/badges.pdf")
@writes_on_get
def badge_pdf(slug: str):
    """The whole event's badges, or one unit's (?unit=CODE), one competition's, one role's."""
    event = events.event_or_not_found(slug)
    args = request.args
    selection = badges.selection_of(
        event,
        unit=_unit(args["unit"]) if args.get("unit") else None,
        competition_id=args.get("competition", type=int),
        role=args.get("role"),
        include_unapproved=args.get("include_unapproved") == "1",
    )
    return badge_pdf_response(selection, args.get("layout", "a6"), url_for("admin.badge_page", slug=event.slug))


@bp.route("/events/<slug>/people")
def people_search(slug: str):
    """Anyone registered for the event, by name (accents aside) or card number, whatever the unit."""
    event = events.event_or_not_found(slug)
    query = request.args.get("q", "")
    found = persons.find_people(event, query)
    badges_of = {b.person_id: b for b in tokens.active_badges([p.id for p in found])}
    return render_template(
        "admin/people.html",
        event=event,
        query=query,
        people=found,
        badges_of=badges_of,
        searched=len(query.strip()) >= 2,
    )


@bp.route("/events/<slug>/people/<int:person_id>/badge.pdf")
@writes_on_get
def person_badge_pdf(slug: str, person_id: int):
    """One person's badge (a lost one, reissued): no need to reprint the whole unit."""
    event = events.event_or_not_found(slug)
    person = db.session.get(Person, person_id)
    if person is None or person.event_id != event.id:
        abort(404)
    selection = badges.Selection(event, person=person, include_unapproved=request.args.get("include_unapproved") == "1")
    back = url_for("units.person", code=person.unit.code, person_id=person.id)
    return badge_pdf_response(selection, request.args.get("layout", "a6"), back)


@bp.route("/events/<slug>/people/<int:person_id>/reissue-badge", methods=["POST"])
def reissue_badge(slug: str, person_id: int):
    """A lost badge: revoke it (it will scan as revoked) and issue a new one to print."""
    event = events.event_or_not_found(slug)
    person = db.session.get(Person, person_id)
    if person is None or person.event_id != event.id:
        abort(404)
    back = url_for("units.person", code=person.unit.code, person_id=person.id)
    return run_action(lambda: tokens.reissue(person, current_user), _("Đã huỷ thẻ cũ và cấp thẻ mới."), back)


# --- checkpoints, devices, attendance ------------------------------------------------------


@bp.route("/events/<slug>/checkpoints")
def checkpoint_list(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/checkpoints.html", event=event, lines=attendance.attendance(event).checkpoints)


@bp.route("/events/<slug>/checkpoints/new", methods=["GET", "POST"], defaults={"checkpoint_id": None})
@bp.route("/events/<slug>/checkpoints/<int:checkpoint_id>/edit", methods=["GET", "POST"])
def checkpoint_form(slug: str, checkpoint_id: int | None):
    event = events.event_or_not_found(slug)
    point = checkpoints.checkpoint_of_event(event, checkpoint_id) if checkpoint_id else None
    form = CheckpointForm(obj=point)
    form.venue_id.choices = [SelectChoice(0, "—")] + [SelectChoice(v.id, v.name) for v in event.venues]
    form.allowed_unit_ids.choices = [SelectChoice(u.id, f"{u.code} – {u.name}") for u in units.list_units()]
    form.allowed_competition_ids.choices = [
        SelectChoice(line.competition.id, line.competition.name) for line in roster.competition_entries(event)
    ]
    form.volunteer_ids.choices = [SelectChoice(u.id, u.full_name or u.username) for u in auth.volunteers()]
    if point is not None and not form.is_submitted():
        form.venue_id.data = point.venue_id or 0
        form.volunteer_ids.data = [v.id for v in point.volunteers]

    def save():
        data = form_data(form, checkpoints.CheckpointData)
        return checkpoints.save_checkpoint(event, point, data)

    back = url_for("admin.checkpoint_list", slug=event.slug)
    done = submit_form(form, save, _("Đã lưu điểm quét."), back)
    title = (_("Sửa điểm quét") if point else _("Thêm điểm quét")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)


@bp.route("/events/<slug>/checkpoints/<int:checkpoint_id>/devices", methods=["GET", "POST"])
def device_list(slug: str, checkpoint_id: int):
    """Device links: a QR the volunteer scans with the phone to scan for this checkpoint only."""
    event = events.event_or_not_found(slug)
    point = checkpoints.checkpoint_of_event(event, checkpoint_id)
    form = DeviceLinkForm()
    new_link = None
    if form.validate_on_submit():
        _device, token = devices.create_device(point, current_user, name=form.name.data)
        db.session.commit()
        new_link = url_for("scanner.link", token=token, _external=True)
        form = DeviceLinkForm(formdata=None)
    return render_template(
        "admin/devices.html",
        event=event,
        checkpoint=point,
        form=form,
        new_link=new_link,
        qr_svg=link_qr_svg(new_link) if new_link else None,
        devices=checkpoints.devices_of(point),
    )


@bp.route("/events/<slug>/devices/<int:device_id>/revoke", methods=["POST"])
def device_revoke(slug: str, device_id: int):
    event = events.event_or_not_found(slug)
    device = db.session.get(Device, device_id)
    if device is None or device.checkpoint.event_id != event.id:
        abort(404)
    back = url_for("admin.device_list", slug=event.slug, checkpoint_id=device.checkpoint_id)
    return run_action(
        lambda: devices.revoke_device(device), _("Đã thu hồi thiết bị; máy đó không quét được nữa."), back
    )


@bp.route("/events/<slug>/attendance")
def attendance_page(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("attendance.html", event=event, data=attendance.attendance(event), unit=None)


@bp.route("/events/<slug>/scan-conflicts")
def scan_conflicts(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/conflicts.html", event=event, scans=attendance.conflicts(event))


# --- certificates and the results archive --------------------------------------------------------

MAX_BACKGROUND_BYTES = 4 * 1024 * 1024


@bp.route("/events/<slug>/certificates", methods=["GET", "POST"])
@writes_on_get
def certificate_page(slug: str):
    event = events.event_or_not_found(slug)
    style = certificates.style_of(event)
    form = CertificateStyleForm(obj=style)

    def save():
        upload = form.background.data
        image = upload.read(MAX_BACKGROUND_BYTES + 1) if upload and getattr(upload, "filename", "") else None
        if image is not None and len(image) > MAX_BACKGROUND_BYTES:
            raise DomainError(_("Ảnh nền quá lớn (tối đa 4 MB)."), field="background")
        data = form_data(form, certificates.StyleData, background=image)
        return certificates.save_style(event, data)

    back = url_for("admin.certificate_page", slug=event.slug)
    done = submit_form(form, save, _("Đã lưu mẫu giấy chứng nhận."), back)
    return done or render_template(
        "admin/certificates.html",
        event=event,
        form=form,
        style=style,
        counts=certificates.counts(event),
        units=units.list_units(),
        public_url=current_app.config["PUBLIC_URL"],
    )


@bp.route("/events/<slug>/certificates.pdf")
@writes_on_get
def certificate_pdf(slug: str):
    """The event's certificates (?kind=participation|award|overall, ?unit=CODE), in one PDF."""
    event = events.event_or_not_found(slug)
    unit = _unit(request.args["unit"]) if request.args.get("unit") else None
    return certificate_pdf_response(event, unit, kind_from_args(), url_for("admin.certificate_page", slug=event.slug))


@bp.route("/events/<slug>/results.xlsx")
def results_export(slug: str):
    """Every match and performance of the event, for the federation's archive."""
    event = events.event_or_not_found(slug)
    headers, rows = results_archive.rows(event)
    title = _("Kết quả") + " – " + event.name
    return send_table("xlsx", f"ket-qua-{event.slug}", title, headers, rows, sheet=_("Kết quả"))
