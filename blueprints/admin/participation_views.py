"""Admin screens for the 100% target: who is in and who is missing, the call list and
reminders, the season matrix, and an event's final report (routes on the admin blueprint)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from blueprints.admin.views import bp
from blueprints.downloads import XLSX, send_bytes, send_pdf
from models import Season
from printables.reports import report_pdf
from services import lookup
from services.participation import mailer
from services.participation import reports as event_report
from services.participation import rules as participation
from services.results import sheets
from services.season import events
from services.spreadsheets import workbook


def _send(kind: str, stem: str, title: str, subtitle: str, sections: list, landscape_page: bool = False):
    if kind == "pdf":
        return send_pdf(report_pdf(sheets.report(title, subtitle, sections, landscape_page)), f"{stem}.pdf")
    return send_bytes(workbook([(title, sections)]), f"{stem}.xlsx", XLSX)


@bp.route("/events/<slug>/participation")
def participation_page(slug: str):
    event = events.event_or_not_found(slug)
    part = participation.event_participation(event)
    return render_template(
        "admin/participation.html",
        event=event,
        part=part,
        summary=event_report.summary(part),
        state_label=event_report.state_label,
        reminder=participation.reminder,
        definitions=participation.DEFINITIONS,
        can_email=mailer.configured(),
    )


@bp.route("/events/<slug>/call-list.<any(pdf, xlsx):kind>")
def call_list(slug: str, kind: str):
    event = events.event_or_not_found(slug)
    sections = event_report.call_list(participation.event_participation(event))
    return _send(kind, f"danh-sach-lien-he-{event.slug}", _("Danh sách đơn vị cần liên hệ"), event.name, sections, True)


@bp.route("/events/<slug>/reminders", methods=["POST"])
def send_reminders(slug: str):
    event = events.event_or_not_found(slug)
    back = url_for("admin.participation_page", slug=event.slug)
    if not mailer.configured():
        flash(_("Chưa cấu hình máy chủ thư (MAIL_SERVER): hãy gọi điện theo danh sách."), "warning")
        return redirect(back)
    try:
        sent, skipped = participation.email_reminders(participation.event_participation(event))
    except OSError as error:  # the SMTP server refused or is unreachable: say so, send nothing more
        flash(_("Không gửi được thư: %(e)s", e=str(error)), "danger")
        return redirect(back)
    flash(_("Đã gửi thư nhắc cho %(n)d đơn vị.", n=len(sent)), "success")
    if skipped:
        flash(_("Không có email, cần gọi điện: %(u)s.", u=", ".join(skipped)), "warning")
    return redirect(back)


@bp.route("/events/<slug>/report.<any(pdf, xlsx):kind>")
def final_report(slug: str, kind: str):
    event = events.event_or_not_found(slug)
    sections = event_report.final_report(event)
    return _send(kind, f"bao-cao-tong-ket-{event.slug}", _("Báo cáo tổng kết"), event.name, sections)


@bp.route("/seasons/<int:season_id>/participation", defaults={"kind": None})
@bp.route("/seasons/<int:season_id>/participation.<any(pdf, xlsx):kind>")
def season_participation(season_id: int, kind: str | None):
    season = lookup.by_id(Season, season_id)
    if kind:
        sections = event_report.season_sections(season)
        return _send(kind, f"tham-gia-{season.year}", _("Tình hình tham gia"), season.name, sections, True)
    matrix = participation.season_matrix(season)
    return render_template(
        "admin/season_participation.html",
        matrix=matrix,
        totals=list(zip(matrix.events, matrix.totals, strict=True)),
        summary=event_report.summary,
        state_label=event_report.state_label,
    )
