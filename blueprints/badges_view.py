"""Serving a badge print: issue what is missing, commit, then stream the PDF part by part,
reading the badges' details as the pages are drawn (services/badges/selection.badge_data)."""

from __future__ import annotations

from flask import Response, flash, g, redirect, stream_with_context

from extensions import db
from printables.badges import LAYOUTS, badge_pdf_stream
from services.badges import selection as badges
from services.errors import DomainError


def badge_pdf_response(selection: badges.Selection, layout: str, back_url: str):
    if layout not in LAYOUTS:
        layout = "a6"
    try:
        badges.issue(selection)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(back_url)
    db.session.commit()  # the badges exist before a single page is sent
    g.writes_done = True  # what follows only reads: on SQLite it must not hold the write lock (app.py)
    # Drawn while it is sent: a 10,000-badge print starts at once and never holds the whole file.
    stream = badge_pdf_stream(badges.badge_data(selection), layout)
    response = Response(stream_with_context(stream), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{badges.filename(selection, layout)}"'
    return response
