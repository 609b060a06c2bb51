"""Post-event media: at most 5 photos **or** 3 minutes of original video per unit and event.

Rules kept here:
- a unit's set is photos (up to ``MAX_PHOTOS``) or videos (up to ``MAX_VIDEO_SECONDS`` in
  all, durations read with ffprobe); a refused file leaves nothing stored;
- originals are stored byte for byte under a random name the app chooses; thumbnails apart
  (what a file is: files.py; chunked uploads: uploads.py);
- the federation marks the ones to publish and downloads the originals as a zip with credits.
"""

from __future__ import annotations

import io
import secrets
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Event, MediaItem, MediaKind, Unit, User
from services import spreadsheets
from services.errors import DiskFull, DomainError, disk_full
from services.i18n import format_duration
from services.lookup import lock_row, one_or_not_found
from services.text import nfc

try:  # HEIC/HEIF, as iPhones and many Android phones take photos
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - listed in requirements.txt
    pillow_heif = None
from services.media.files import Probe, max_bytes, original_path, probe, sha256_of, thumb_path, thumbnail
from services.media.files import receive as files_receive

MAX_PHOTOS = 5
MAX_VIDEO_SECONDS = 180

# --- the unit's set ------------------------------------------------------------------------------


def items_of(event: Event, unit: Unit | None = None) -> list[MediaItem]:
    query = select(MediaItem).where(MediaItem.event_id == event.id)
    if unit is not None:
        query = query.where(MediaItem.unit_id == unit.id)
    return list(db.session.scalars(query.order_by(MediaItem.unit_id, MediaItem.uploaded_at, MediaItem.id)))


def photos_or_videos() -> DomainError:
    """A unit's set is photos or videos, never both (also checked when a chunked upload starts)."""
    return DomainError(
        _("Mỗi đơn vị gửi tối đa %(n)d ảnh hoặc %(m)d phút video, không gửi cả hai. Hãy xoá ảnh (hoặc video) đã gửi trước.",
          n=MAX_PHOTOS, m=MAX_VIDEO_SECONDS // 60),
        field="file",
    )  # fmt: skip


def _check_limits(existing: list[MediaItem], new: list[tuple[Probe, str]]) -> None:
    kinds = {i.kind for i in existing} | {p.type.kind for p, _n in new}
    if len(kinds) > 1:
        raise photos_or_videos()
    photos = sum(1 for i in existing if i.kind == MediaKind.PHOTO) + sum(
        1 for p, _n in new if p.type.kind == MediaKind.PHOTO
    )
    if photos > MAX_PHOTOS:
        raise DomainError(
            _("Mỗi đơn vị gửi tối đa %(n)d ảnh: đã có %(h)d, thêm %(a)d là quá.", n=MAX_PHOTOS,
              h=sum(1 for i in existing if i.kind == MediaKind.PHOTO), a=len(new)),
            field="file",
        )  # fmt: skip
    seconds = sum((i.duration or 0 for i in existing), Decimal(0)) + sum((p.duration or 0 for p, _n in new), Decimal(0))
    if seconds > MAX_VIDEO_SECONDS:
        raise DomainError(
            _("Tổng thời lượng video là %(s)s, vượt %(m)s.", s=format_duration(seconds),
              m=format_duration(MAX_VIDEO_SECONDS)),
            field="file",
        )  # fmt: skip


@dataclass
class Incoming:
    path: Path  # a temporary file, removed by add_files whatever happens
    name: str
    caption: str = ""
    credit: str = ""


def receive(sent: list[tuple[object, str]], caption: str, credit: str) -> list[Incoming]:
    """A form's files (stream, name) written to temporary files (files.receive); a failure
    part-way (a full disk: DiskFull) removes those already written."""
    got: list[Incoming] = []
    try:
        for stream, name in sent:
            got.append(Incoming(files_receive(stream), name, caption, credit))
    except BaseException:
        for f in got:
            f.path.unlink(missing_ok=True)
        raise
    return got


def add_files(event: Event, unit: Unit, actor: User, files: list[Incoming]) -> list[MediaItem]:
    """Check every file and the unit's limits first; store all or nothing."""
    stored: list[Path] = []
    try:
        lock_row(Unit, unit.id)  # one upload at a time per unit
        for f in files:
            if f.path.stat().st_size > max_bytes():
                raise DomainError(
                    _("Tệp “%(f)s” lớn hơn giới hạn %(m)d MB.", f=f.name, m=max_bytes() // 1024**2), field="file"
                )
        probes = [(probe(f.path, f.name), f.name) for f in files]
        _check_limits(items_of(event, unit), probes)
        items = []
        for f, (info, _name) in zip(files, probes, strict=True):
            storage_name = secrets.token_hex(16) + info.type.extension
            item = MediaItem(
                event_id=event.id,
                unit_id=unit.id,
                kind=info.type.kind,
                storage_name=storage_name,
                original_name=nfc(Path(f.name).name)[:255],
                content_type=info.type.content_type,
                size=f.path.stat().st_size,
                sha256=sha256_of(f.path),
                width=info.width,
                height=info.height,
                duration=info.duration,
                caption=nfc(f.caption)[:500],
                credit=nfc(f.credit)[:200],
                uploaded_by_id=actor.id,
            )
            target = original_path(item)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(f.path), target)  # the bytes as sent: moved, never re-encoded
            stored.append(target)
            thumbnail(target, info.type, thumb_path(item))
            stored.append(thumb_path(item))
            db.session.add(item)
            items.append(item)
        db.session.flush()
        return items
    except Exception as error:
        for path in stored:
            path.unlink(missing_ok=True)
        if disk_full(error):
            raise DiskFull() from error
        raise
    finally:
        for f in files:
            f.path.unlink(missing_ok=True)


def item_of(event: Event, item_id: int, unit: Unit | None = None) -> MediaItem:
    """An item of this event (and of this unit, for an organiser): another's is a 404."""
    conditions = [MediaItem.id == item_id, MediaItem.event_id == event.id]
    if unit is not None:
        conditions.append(MediaItem.unit_id == unit.id)
    return one_or_not_found(MediaItem, *conditions)


def update(item: MediaItem, caption: str, credit: str) -> None:
    item.caption, item.credit = nfc(caption)[:500], nfc(credit)[:200]


def delete(item: MediaItem) -> None:
    db.session.delete(item)
    db.session.flush()
    original_path(item).unlink(missing_ok=True)
    thumb_path(item).unlink(missing_ok=True)


# --- the federation's side -----------------------------------------------------------------------


def set_chosen(item: MediaItem, chosen: bool) -> None:
    item.chosen = chosen


@dataclass(frozen=True)
class ZipMember:
    """One original as the zip takes it: plain values read while the request's session is
    open (the zip is written after the view has returned, when no lazy load can run)."""

    path: Path
    name: str  # inside the zip: unit code, number, the stored extension (never the user's path)
    row: tuple  # its line of credits.csv


CREDIT_HEADERS = ["file", "unit", "caption", "credit", "original_name", "sha256", "chosen"]


def zip_members(items: list[MediaItem]) -> list[ZipMember]:
    """The zip's files in order, numbered per unit (units loaded in one query)."""
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_({i.unit_id for i in items})))}
    counters: dict[int, int] = {}
    out = []
    for item in items:
        counters[item.unit_id] = counters.get(item.unit_id, 0) + 1
        unit = units[item.unit_id]
        name = f"{unit.code}/{counters[item.unit_id]:02d}-{item.kind.value}{Path(item.storage_name).suffix}"
        row = (name, unit.name, item.caption, item.credit, item.original_name, item.sha256, "x" if item.chosen else "")
        out.append(ZipMember(original_path(item), name, row))
    return out


def zip_stream(members: list[ZipMember]) -> Iterator[bytes]:
    """Originals (stored, not recompressed) and a credits.csv (its cells inert: services/
    spreadsheets.py), streamed as they are written."""
    buffer = _Pipe()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for member in members:
            archive.write(member.path, member.name)
            yield from buffer.drain()
        archive.writestr("credits.csv", spreadsheets.table_csv(CREDIT_HEADERS, [list(m.row) for m in members]))
    yield from buffer.drain()


class _Pipe(io.RawIOBase):
    """A write-only file for zipfile whose bytes are taken out as they come (streaming)."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._written = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._written += len(data)
        return len(data)

    def tell(self) -> int:
        return self._written

    def drain(self) -> Iterator[bytes]:
        chunks, self._chunks = self._chunks, []
        yield from chunks
