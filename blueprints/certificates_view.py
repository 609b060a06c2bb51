"""Serving a certificate print: issue what is missing, commit, then stream the PDF part by
part, reading the certificates as the pages are drawn (services/certificates/printing.py)."""

from __future__ import annotations

from flask import Response, current_app, flash, g, redirect, request, stream_with_context

from extensions import db
from models import CertificateKind, Event, Unit
from printables.certificates import certificate_pdf_stream
from services.certificates import issue as certificates
from services.certificates import printing
from services.errors import DomainError


def kind_from_args() -> CertificateKind | None:
    """?kind=participation|award|overall (anything else: every kind)."""
    value = request.args.get("kind")
    return CertificateKind(value) if value in {k.value for k in CertificateKind} else None


def certificate_pdf_response(event: Event, unit: Unit | None, kind: CertificateKind | None, back_url: str):
    try:
        printing.issue_for_print(event, unit=unit, kind=kind)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(back_url)
    background = certificates.style_of(event).background
    db.session.commit()  # serials exist before a single page is sent
    g.writes_done = True  # what follows only reads: on SQLite it must not hold the write lock (app.py)
    base_url = current_app.config["PUBLIC_URL"] or request.host_url
    stream = certificate_pdf_stream(printing.print_data(event, base_url, unit=unit, kind=kind), background)
    response = Response(stream_with_context(stream), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{certificates.filename(event, unit, kind)}"'
    return response
