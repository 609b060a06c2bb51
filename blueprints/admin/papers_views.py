"""Admin screens for prize money and the papers after the last match (routes on the admin
blueprint): the prize page, the payout lists."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.admin import prize_form
from blueprints.admin.forms import DecisionForm
from blueprints.admin.views import bp
from blueprints.downloads import DOCX, XLSX, send_bytes, send_pdf
from blueprints.forms import form_data, run_action, submit_form
from extensions import db, writes_on_get
from services.errors import DomainError
from services.labels import place_key_label
from services.lookup import valid_id
from services.papers import announcement, awards, decision, payout
from services.season import events, units


@bp.route("/events/<slug>/prizes", methods=["GET", "POST"])
def prize_page(slug: str):
    """Prize money per competition and place, the overall ranking's, and a quick fill."""
    event = events.event_or_not_found(slug)
    comps = awards.event_competitions(event)
    if request.method == "POST":
        try:
            if request.form.get("action") == "fill":
                individual, team, every = prize_form.fill_amounts(request.form)
                data = awards.filled_in(event, individual, team, every, request.form.get("version", ""))
            else:
                data = prize_form.prize_data(request.form, comps)
            changed = awards.save_prizes(event, data, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            return _prize_page(event, awards.event_competitions(event), request.form), 400
        db.session.commit()
        flash(_("Đã lưu tiền thưởng (%(n)d mục thay đổi).", n=changed), "success")
        return redirect(url_for("admin.prize_page", slug=event.slug))
    return _prize_page(event, comps, None)


def _prize_page(event, comps, typed):
    groups = awards.event_awards(event)
    return render_template(
        "admin/prizes.html",
        event=event,
        comps=comps,
        typed=typed,
        version=typed.get("version") if typed else awards.prizes_version(event),
        place_keys=awards.PLACE_KEYS,
        place_name=place_key_label,
        overall_ranks=prize_form.OVERALL_RANKS,
        awarded=awards.total(groups),
        awards_count=sum(len(g.awards) for g in groups),
        units=units.list_units(),
    )


def _unit_id_and_suffix() -> tuple[int | None, str]:
    code = request.args.get("unit")
    unit = units.unit_or_not_found(code) if code else None
    return (unit.id, f"-{unit.code}") if unit else (None, "")


@bp.route("/events/<slug>/payouts.pdf")
def payout_pdf(slug: str):
    """The payout lists, a unit to a page (``?unit=CODE``: that unit's)."""
    event = events.event_or_not_found(slug)
    unit_id, suffix = _unit_id_and_suffix()
    return send_pdf(payout.payout_pdf(event, unit_id), f"nhan-thuong-{event.slug}{suffix}.pdf")


@bp.route("/events/<slug>/payouts.xlsx")
def payout_xlsx(slug: str):
    """The accountant's payout list: every line, a subtotal per unit, the total in words."""
    event = events.event_or_not_found(slug)
    unit_id, suffix = _unit_id_and_suffix()
    return send_bytes(payout.payout_xlsx(event, unit_id), f"nhan-thuong-{event.slug}{suffix}.xlsx", XLSX)


@bp.route("/events/<slug>/decision", methods=["GET", "POST"])
@writes_on_get
def decision_page(slug: str):
    """The award decision's wording, issuing it, what changed since, and the downloads."""
    event = events.event_or_not_found(slug)
    wording = decision.decision_of(event)  # made with the defaults on the first visit
    form = DecisionForm(obj=wording)
    back = url_for("admin.decision_page", slug=event.slug)
    done = submit_form(
        form,
        lambda: decision.save_wording(event, form_data(form, decision.DecisionData), current_user),
        _("Đã lưu lời văn quyết định."),
        back,
    )
    if done:
        return done
    page = render_template(
        "admin/decision.html", event=event, form=form, wording=wording, changes=decision.changes(wording)
    )
    if not form.is_submitted():
        db.session.commit()  # the wording, made with the defaults on the first visit
    return page


@bp.route("/events/<slug>/decision/issue", methods=["POST"])
def decision_issue(slug: str):
    """Issue the decision (again, amended) with the appendix as the results are now."""
    event = events.event_or_not_found(slug)
    version = request.form.get("version", type=int)
    if version is None or not valid_id(version + 1):  # what no page showed: refused as out of date
        version = -1
    return run_action(
        lambda: decision.issue(event, current_user, version),
        _("Đã ban hành quyết định; danh sách kèm theo được giữ như lúc ban hành."),
        url_for("admin.decision_page", slug=event.slug),
    )


def _amended() -> bool:
    return request.args.get("amended") == "1"


@bp.route("/events/<slug>/decision.docx")
@writes_on_get
def decision_docx(slug: str):
    """The decision with its appendix, to edit in Word or LibreOffice (``?amended=1``: the
    appendix as the results are now, with what changed since it was issued)."""
    event = events.event_or_not_found(slug)
    content = decision.docx_file(event, _amended())
    db.session.commit()  # the wording, made with the defaults on a first download
    return send_bytes(content, decision.filename(event, "docx", _amended()), DOCX)


@bp.route("/events/<slug>/decision.pdf")
@writes_on_get
def decision_pdf(slug: str):
    event = events.event_or_not_found(slug)
    content = decision.pdf_file(event, _amended())
    db.session.commit()
    return send_pdf(content, decision.filename(event, "pdf", _amended()))


@bp.route("/events/<slug>/announcement.docx")
@writes_on_get
def announcement_docx(slug: str):
    """The results announcement (thông báo kết quả), to edit and send."""
    event = events.event_or_not_found(slug)
    content = announcement.docx_file(event)
    db.session.commit()  # the decision's wording (letterhead, signer), made on a first download
    return send_bytes(content, announcement.filename(event, "docx"), DOCX)


@bp.route("/events/<slug>/announcement.pdf")
@writes_on_get
def announcement_pdf(slug: str):
    event = events.event_or_not_found(slug)
    content = announcement.pdf_file(event)
    db.session.commit()
    return send_pdf(content, announcement.filename(event, "pdf"))
