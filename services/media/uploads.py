"""Large files in chunks (``MediaUpload``) that resume from what the server has; the whole
file then goes through the same checks as a direct upload (items.add_files)."""

from __future__ import annotations

import os
import secrets

from flask_babel import gettext as _

from extensions import db
from models import Event, MediaItem, MediaUpload, Unit, User
from services.errors import DomainError
from services.lookup import one_or_not_found
from services.text import nfc

try:  # HEIC/HEIF, as iPhones and many Android phones take photos
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - listed in requirements.txt
    pillow_heif = None
from services.media.files import check_name, max_bytes, upload_path
from services.media.items import Incoming, add_files

# --- chunked uploads -----------------------------------------------------------------------------


def start_upload(event: Event, unit: Unit, actor: User, name: str, size: int, caption: str, credit: str) -> MediaUpload:
    check_name(name)
    if size <= 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    if size > max_bytes():
        raise DomainError(_("Tệp “%(f)s” lớn hơn giới hạn %(m)d MB.", f=name, m=max_bytes() // 1024**2), field="file")
    upload = MediaUpload(
        id=secrets.token_hex(16),
        event_id=event.id,
        unit_id=unit.id,
        original_name=nfc(name)[:255],
        size=size,
        caption=nfc(caption or "")[:500],
        credit=nfc(credit or "")[:200],
        created_by_id=actor.id,
    )
    db.session.add(upload)
    upload_path(upload.id).write_bytes(b"")
    db.session.flush()
    return upload


def upload_of(unit: Unit, upload_id: str) -> MediaUpload:
    return one_or_not_found(MediaUpload, MediaUpload.id == upload_id, MediaUpload.unit_id == unit.id)


class OffsetMismatch(DomainError):
    """The chunk does not start where the server's copy ends: the client resumes from ``received``."""

    def __init__(self, received: int):
        super().__init__(_("Tiếp tục gửi từ byte %(n)d.", n=received))
        self.received = received


def append_chunk(upload: MediaUpload, offset: int, data: bytes) -> None:
    if offset != upload.received:
        raise OffsetMismatch(upload.received)
    if upload.received + len(data) > upload.size:
        raise DomainError(_("Gửi nhiều hơn kích thước tệp đã báo."), field="file")
    with upload_path(upload.id).open("ab") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    upload.received += len(data)
    db.session.flush()


def finish_upload(upload: MediaUpload, event: Event, unit: Unit, actor: User) -> MediaItem:
    """The whole file is here: check and store it as any other (the upload is gone either way)."""
    path = upload_path(upload.id)
    db.session.delete(upload)
    incoming = Incoming(path, upload.original_name, upload.caption, upload.credit)
    return add_files(event, unit, actor, [incoming])[0]


def cancel_upload(upload: MediaUpload) -> None:
    upload_path(upload.id).unlink(missing_ok=True)
    db.session.delete(upload)
