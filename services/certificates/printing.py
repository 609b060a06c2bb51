"""A certificate print: the certificates issued first (the caller commits), then what the
printable draws for each, in order, read while the pages are drawn."""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from extensions import db
from models import Certificate, CertificateKind, Event, Unit
from services.certificates.issue import CertificateData, certificate_data, event_competitions, style_of, sync
from services.errors import DomainError
from services.text import name_sort_key, text_sort_key

CHUNK = 500  # certificates read at a time while the print is drawn
KIND_ORDER = {CertificateKind.OVERALL: 0, CertificateKind.AWARD: 1, CertificateKind.PARTICIPATION: 2}


def _kinds(kind: CertificateKind | None) -> set[CertificateKind]:
    return {kind} if kind else set(CertificateKind)


def _selected(event: Event, unit: Unit | None, kind: CertificateKind | None):
    query = select(Certificate.id).where(
        Certificate.event_id == event.id, Certificate.revoked_at.is_(None), Certificate.kind.in_(_kinds(kind))
    )
    return query.where(Certificate.unit_id == unit.id) if unit is not None else query


def issue_for_print(event: Event, unit: Unit | None = None, kind: CertificateKind | None = None) -> None:
    """Sync the event's certificates of these kinds (the caller commits); refused without a
    signer's name or with nothing to print."""
    style = style_of(event)
    if not (style.signer_name or "").strip():
        raise DomainError(
            _("Chưa có họ tên người ký: nhập ở mục “Người ký” của mẫu giấy chứng nhận rồi in."), field="signer_name"
        )
    sync(event, _kinds(kind))
    if not db.session.scalar(select(func.count()).select_from(_selected(event, unit, kind).subquery())):
        raise DomainError(_("Chưa có giấy chứng nhận nào để in trong phạm vi đã chọn."))


def print_data(
    event: Event, base_url: str, unit: Unit | None = None, kind: CertificateKind | None = None
) -> Iterator[CertificateData]:
    """By unit, then kind, competition, place, the team before its members, name; texts in
    Vietnamese whoever prints them. One light query orders them, the rest comes ``CHUNK``
    at a time while pages are drawn."""
    style = style_of(event)
    order = db.session.execute(
        select(
            Certificate.id,
            Certificate.unit_id,
            Certificate.kind,
            Certificate.competition_id,
            Certificate.place,
            Certificate.person_id,
            Certificate.holder,
        ).where(Certificate.id.in_(_selected(event, unit, kind)))
    ).all()
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_({r.unit_id for r in order})))}
    unit_keys = {unit_id: text_sort_key(u.name) for unit_id, u in units.items()}
    names = {c.id: c.name for c in event_competitions(event)}
    name_keys = {cid: text_sort_key(name) for cid, name in names.items()}
    order.sort(
        key=lambda r: (
            unit_keys[r.unit_id],
            KIND_ORDER[r.kind],
            name_keys.get(r.competition_id, ((), (), "")),
            r.place or 0,
            r.person_id is not None,
            name_sort_key(r.holder),
        )
    )
    for start in range(0, len(order), CHUNK):
        ids = [r.id for r in order[start : start + CHUNK]]
        certs = {c.id: c for c in db.session.scalars(select(Certificate).where(Certificate.id.in_(ids)))}
        with force_locale("vi"):
            for cert_id in ids:
                cert = certs[cert_id]
                yield certificate_data(cert, style, event, units[cert.unit_id], names, base_url)


def prepare(
    event: Event, base_url: str, unit: Unit | None = None, kind: CertificateKind | None = None
) -> list[CertificateData]:
    """Issue (the caller commits), then everything to print, as a list (the command line, tests)."""
    issue_for_print(event, unit, kind)
    return list(print_data(event, base_url, unit, kind))
