"""Serving a certificate print: issue what is missing, commit, then stream the PDF part by part."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, request

from extensions import db
from models import CertificateKind, Event, Unit
from printables.certificates import certificate_pdf_stream
from services.certificates import issue as certificates
from services.errors import DomainError


def kind_from_args() -> CertificateKind | None:
    """?kind=participation|award|overall (anything else: every kind)."""
    value = request.args.get("kind")
    return CertificateKind(value) if value in {k.value for k in CertificateKind} else None


def certificate_pdf_response(event: Event, unit: Unit | None, kind: CertificateKind | None, back_url: str):
    try:
        base_url = current_app.config["PUBLIC_URL"] or request.host_url
        data = certificates.prepare(event, base_url, unit=unit, kind=kind)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(back_url)
    background = certificates.style_of(event).background
    db.session.commit()  # serials exist before a single page is sent
    response = Response(certificate_pdf_stream(data, background), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificates.filename(event, unit, kind)}"'
    return response
