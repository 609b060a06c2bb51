"""Admin screens for certificates and the event's results archive (routes on the admin blueprint)."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _

from blueprints.admin.forms import (
    CertificateStyleForm,
)
from blueprints.admin.views import bp
from blueprints.certificates_view import certificate_pdf_response, kind_from_args
from blueprints.downloads import send_table
from blueprints.forms import form_data, submit_form
from extensions import writes_on_get
from services.certificates import issue as certificates
from services.errors import DomainError
from services.results import archive as results_archive
from services.season import events, units

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
    unit = units.unit_or_not_found(request.args["unit"]) if request.args.get("unit") else None
    return certificate_pdf_response(event, unit, kind_from_args(), url_for("admin.certificate_page", slug=event.slug))


@bp.route("/events/<slug>/results.xlsx")
def results_export(slug: str):
    """Every match and performance of the event, for the federation's archive."""
    event = events.event_or_not_found(slug)
    headers, rows = results_archive.rows(event)
    title = _("Kết quả") + " – " + event.name
    return send_table("xlsx", f"ket-qua-{event.slug}", title, headers, rows, sheet=_("Kết quả"))
