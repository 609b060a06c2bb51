"""Serving a badge print: issue what is missing, commit, then stream the PDF part by part."""

from __future__ import annotations

from flask import Response, flash, redirect

from extensions import db
from printables.badges import LAYOUTS, badge_pdf_stream
from services.badges import selection as badges
from services.errors import DomainError


def badge_pdf_response(selection: badges.Selection, layout: str, back_url: str):
    if layout not in LAYOUTS:
        layout = "a6"
    try:
        data = badges.prepare(selection)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(back_url)
    db.session.commit()  # the badges exist before a single page is sent
    # Drawn while it is sent: a 10,000-badge print starts at once and never holds the whole file.
    response = Response(badge_pdf_stream(data, layout), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{badges.filename(selection, layout)}"'
    return response
