"""Large files in chunks (``MediaUpload``) that resume from what the server has; the whole
file then goes through the same checks as a direct upload (items.add_files)."""

from __future__ import annotations

import errno
import os
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Event, MediaItem, MediaKind, MediaUpload, Unit, User, utcnow
from services.errors import DomainError, RecordNotFound
from services.lookup import lock_row, locked
from services.media.files import check_name, incoming_dir, kind_by_name, max_bytes, upload_path
from services.media.files import root as media_root
from services.media.items import MAX_PHOTOS, MAX_VIDEO_SECONDS, Incoming, add_files, items_of, photos_or_videos
from services.text import nfc

MAX_UNFINISHED = 3  # unfinished uploads a unit may have at once
STALE_AFTER = timedelta(hours=24)  # an upload untouched this long is removed (clean_stale)

# --- chunked uploads -----------------------------------------------------------------------------


def _unit_max_bytes() -> int:
    return int(current_app.config.get("MEDIA_UNIT_MAX_BYTES") or 5 * 1024**3)


def _check_start(event: Event, unit: Unit, name: str, size: int) -> None:
    """Every limit that can be known before a byte arrives: the declared size, the kind (by
    the name; the content is checked at the end), the unit's count of photos or seconds of
    video, its unfinished uploads and its total bytes."""
    check_name(name)
    if size <= 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    if size > max_bytes():
        raise DomainError(_("Tệp “%(f)s” lớn hơn giới hạn %(m)d MB.", f=name, m=max_bytes() // 1024**2), field="file")
    pending = list(db.session.scalars(select(MediaUpload).where(MediaUpload.unit_id == unit.id)))
    if len(pending) >= MAX_UNFINISHED:
        raise DomainError(
            _(
                "Đơn vị đang có %(n)d tệp gửi dở (tối đa %(m)d). Hãy gửi nốt hoặc huỷ một tệp trước.",
                n=len(pending),
                m=MAX_UNFINISHED,
            ),
            field="file",
        )
    kind = kind_by_name(name)
    existing = items_of(event, unit)
    kinds = {i.kind for i in existing} | {kind_by_name(u.original_name) for u in pending}
    if kinds - {kind}:
        raise photos_or_videos()
    if kind == MediaKind.PHOTO and len(existing) + len(pending) + 1 > MAX_PHOTOS:
        raise DomainError(_("Mỗi đơn vị gửi tối đa %(n)d ảnh.", n=MAX_PHOTOS), field="file")
    if kind == MediaKind.VIDEO and sum((i.duration or 0) for i in existing) >= MAX_VIDEO_SECONDS:
        raise DomainError(_("Đơn vị đã gửi đủ %(m)d phút video.", m=MAX_VIDEO_SECONDS // 60), field="file")
    total = sum(i.size for i in existing) + sum(u.size for u in pending) + size
    if total > _unit_max_bytes():
        raise DomainError(
            _("Tổng dung lượng của đơn vị sẽ vượt %(m)d MB.", m=_unit_max_bytes() // 1024**2), field="file"
        )


def clean_stale(now: datetime | None = None) -> int:
    """Unfinished uploads untouched for STALE_AFTER go, with their partial files. How many."""
    cutoff = (now or utcnow()) - STALE_AFTER
    stale = list(db.session.scalars(select(MediaUpload).where(MediaUpload.updated_at < cutoff)))
    for upload in stale:
        cancel_upload(upload)
    db.session.flush()
    return len(stale)


ORPHAN_AFTER = timedelta(hours=1)  # a request writes its form's files within seconds


def clean_orphans(now: datetime | None = None) -> int:
    """Files no row or request owns any more, older than ORPHAN_AFTER: a form's files left in
    ``incoming/`` (or, before it existed, ``tmp…`` at the media folder's top) by a request
    that died, and partial uploads whose row is gone. How many were removed."""
    cutoff = ((now or utcnow()) - ORPHAN_AFTER).timestamp()
    known = set(db.session.scalars(select(MediaUpload.id)))
    partials = media_root() / "uploads"
    candidates = [*incoming_dir().iterdir(), *media_root().glob("tmp*")]
    candidates += [p for p in partials.iterdir() if p.name not in known] if partials.is_dir() else []
    removed = 0
    for path in candidates:
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def start_upload(event: Event, unit: Unit, actor: User, name: str, size: int, caption: str, credit: str) -> MediaUpload:
    lock_row(Unit, unit.id)  # two starts at once for one unit: one after the other, both counted
    clean_stale()  # the automatic sweep: every start removes what was abandoned a day ago
    _check_start(event, unit, name, size)
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


def upload_of(unit: Unit, upload_id: str, lock: bool = False) -> MediaUpload:
    """The unit's upload; ``lock``: its row locked until the transaction ends (one chunk at a
    time per upload: a second request waits, then sees the offset the first one left)."""
    query = select(MediaUpload).where(MediaUpload.id == upload_id, MediaUpload.unit_id == unit.id)
    if lock:
        query = locked(query)
    upload = db.session.scalar(query)
    if upload is None:
        raise RecordNotFound()
    return upload


class OffsetMismatch(DomainError):
    """The chunk does not start where the server's copy ends: the client resumes from ``received``."""

    def __init__(self, received: int):
        super().__init__(_("Tiếp tục gửi từ byte %(n)d.", n=received))
        self.received = received


class WriteFailed(DomainError):
    """The server could not write the chunk (disk full, …): nothing of it is kept."""


def append_chunk(upload: MediaUpload, offset: int, data: bytes) -> None:
    """Append one chunk at the offset the server holds (the caller locked the upload's row:
    upload_of(..., lock=True)). A chunk sent twice, or overlapping, is refused with the current
    offset and never written twice; a failed write leaves the file as it was."""
    path = upload_path(upload.id)
    _match_disk(upload, path)
    if offset != upload.received:
        raise OffsetMismatch(upload.received)
    if upload.received + len(data) > upload.size:
        raise DomainError(_("Gửi nhiều hơn kích thước tệp đã báo."), field="file")
    try:
        with path.open("r+b" if path.exists() else "wb") as fh:
            fh.seek(upload.received)
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as error:
        _truncate(path, upload.received)
        raise WriteFailed(
            _(
                "Máy chủ không ghi được phần tệp này (%(e)s). Hãy báo Ban Tổ chức; tải lên tiếp tục được sau.",
                e=_why(error),
            )
        ) from None
    upload.received += len(data)
    upload.updated_at = utcnow()
    db.session.flush()


def _match_disk(upload: MediaUpload, path) -> None:
    """What is on disk beyond the committed offset (a write whose commit was lost) is cut off;
    if less is on disk than the database says, the database follows the disk."""
    on_disk = path.stat().st_size if path.exists() else 0
    if on_disk > upload.received:
        _truncate(path, upload.received)
    elif on_disk < upload.received:
        upload.received = on_disk
        db.session.flush()


def _truncate(path, size: int) -> None:
    try:
        with path.open("r+b") as fh:
            fh.truncate(size)
    except OSError:
        pass


def _why(error: OSError) -> str:
    return _("ổ đĩa đầy") if error.errno == errno.ENOSPC else (error.strerror or type(error).__name__)


def finish_upload(upload: MediaUpload, event: Event, unit: Unit, actor: User) -> MediaItem:
    """The whole file is here: check and store it as any other (the upload is gone either way)."""
    path = upload_path(upload.id)
    on_disk = path.stat().st_size if path.exists() else 0
    if on_disk != upload.size or upload.received != upload.size:
        raise DomainError(
            _("Tệp nhận được (%(n)d byte) không đúng kích thước đã báo (%(m)d byte).", n=on_disk, m=upload.size),
            field="file",
        )
    db.session.delete(upload)
    incoming = Incoming(path, upload.original_name, upload.caption, upload.credit)
    return add_files(event, unit, actor, [incoming])[0]


def cancel_upload(upload: MediaUpload) -> None:
    upload_path(upload.id).unlink(missing_ok=True)
    db.session.delete(upload)
