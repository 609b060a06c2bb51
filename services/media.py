"""Post-event media: at most 5 photos **or** 3 minutes of original video per unit and event.

Rules kept here:
- what a file is comes from its content (magic bytes, then Pillow or ffprobe), never from its
  name or the browser; the name's extension must agree with the content;
- a unit's set is photos (up to ``MAX_PHOTOS``) or videos (up to ``MAX_VIDEO_SECONDS`` in
  all, durations read with ffprobe); a refused file leaves nothing stored;
- originals are stored byte for byte under a random name the app chooses; thumbnails apart;
- large files arrive in chunks (``MediaUpload``) that resume from what the server has.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import secrets
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from extensions import db
from models import Event, MediaItem, MediaKind, MediaUpload, Unit, User
from services.errors import DomainError
from services.lookup import one_or_not_found
from services.text import nfc

try:  # HEIC/HEIF, as iPhones and many Android phones take photos
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - listed in requirements.txt
    pillow_heif = None

MAX_PHOTOS = 5
MAX_VIDEO_SECONDS = 180
THUMB_SIZE = 480


@dataclass(frozen=True)
class FileType:
    kind: MediaKind
    content_type: str
    extension: str  # the stored file's
    extensions: tuple[str, ...]  # names it may arrive with
    label: str


JPEG = FileType(MediaKind.PHOTO, "image/jpeg", ".jpg", (".jpg", ".jpeg"), "JPEG")
PNG = FileType(MediaKind.PHOTO, "image/png", ".png", (".png",), "PNG")
HEIC = FileType(MediaKind.PHOTO, "image/heic", ".heic", (".heic", ".heif"), "HEIC")
MP4 = FileType(MediaKind.VIDEO, "video/mp4", ".mp4", (".mp4", ".m4v"), "MP4")
MOV = FileType(MediaKind.VIDEO, "video/quicktime", ".mov", (".mov", ".qt"), "MOV")
WEBM = FileType(MediaKind.VIDEO, "video/webm", ".webm", (".webm",), "WebM")
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
NOT_VIDEO_BRANDS = {b"avif", b"avis", b"M4A ", b"M4B ", b"M4P "}


def sniff(head: bytes) -> FileType | None:
    """The file's type from its first bytes."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in HEIF_BRANDS:
            return HEIC
        if brand in NOT_VIDEO_BRANDS:  # AVIF pictures, audio-only MPEG-4
            return None
        return MOV if brand == b"qt  " else MP4
    return None


ACCEPTED = (JPEG, PNG, HEIC, MP4, MOV, WEBM)


def accepted_extensions() -> list[str]:
    return [ext for t in ACCEPTED for ext in t.extensions]


def _name_error(name: str) -> DomainError:
    return DomainError(
        _("Tệp “%(f)s” không phải ảnh (JPEG, PNG, HEIC) hay video (MP4, MOV, WebM).", f=name), field="file"
    )


def check_name(name: str) -> None:
    """Early refusal, before any byte is uploaded, of a name no accepted type has."""
    if Path(name).suffix.lower() not in accepted_extensions():
        raise _name_error(name)


# --- storage -------------------------------------------------------------------------------------


def root() -> Path:
    path = Path(current_app.config.get("MEDIA_ROOT") or Path(current_app.instance_path) / "media")
    path.mkdir(parents=True, exist_ok=True)
    return path


def original_path(item: MediaItem) -> Path:
    return root() / str(item.event_id) / item.storage_name


def thumb_path(item: MediaItem) -> Path:
    return root() / "thumbs" / (Path(item.storage_name).stem + ".jpg")


def _upload_path(upload_id: str) -> Path:
    path = root() / "uploads"
    path.mkdir(exist_ok=True)
    return path / upload_id


def max_bytes() -> int:
    return int(current_app.config.get("MEDIA_MAX_BYTES") or 2 * 1024**3)


# --- reading a file ------------------------------------------------------------------------------


@dataclass
class Probe:
    type: FileType
    width: int | None = None
    height: int | None = None
    duration: Decimal | None = None


def _probe_image(path: Path, ftype: FileType, name: str) -> Probe:
    try:
        with Image.open(path) as image:
            image.verify()  # reads the whole file: a truncated or damaged one fails here
        with Image.open(path) as image:
            image.load()
            return Probe(ftype, image.width, image.height)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DomainError(_("Ảnh “%(f)s” bị hỏng hoặc không đọc được.", f=name), field="file") from error


def _probe_video(path: Path, ftype: FileType, name: str) -> Probe:
    if shutil.which("ffprobe") is None:
        raise DomainError(_("Máy chủ chưa cài ffmpeg nên chưa nhận được video. Hãy báo ban tổ chức."), field="file")
    command = [
        "ffprobe", "-v", "error", "-print_format", "json", "-show_format",
        "-show_entries", "stream=codec_type,width,height", str(path),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    try:
        info = json.loads(result.stdout or "{}")
        video = next(s for s in info.get("streams", []) if s.get("codec_type") == "video")
        duration = Decimal(info["format"]["duration"]).quantize(Decimal("0.01"))
    except (StopIteration, KeyError, ValueError, ArithmeticError) as error:
        raise DomainError(_("Video “%(f)s” bị hỏng hoặc không đọc được.", f=name), field="file") from error
    if result.returncode != 0 or duration <= 0:
        raise DomainError(_("Video “%(f)s” bị hỏng hoặc không đọc được.", f=name), field="file")
    return Probe(ftype, video.get("width"), video.get("height"), duration)


def probe(path: Path, name: str) -> Probe:
    """What the file really is: refused when its content is not an accepted photo or video,
    disagrees with its name, or cannot be read."""
    with path.open("rb") as fh:
        head = fh.read(32)
    ftype = sniff(head)
    extension = Path(name).suffix.lower()
    if ftype is None:
        raise _name_error(name)
    if extension not in ftype.extensions:
        raise DomainError(
            _("Tệp “%(f)s” có đuôi %(e)s nhưng nội dung là %(t)s.", f=name, e=extension or "?", t=ftype.label),
            field="file",
        )
    if ftype.kind == MediaKind.PHOTO:
        return _probe_image(path, ftype, name)
    return _probe_video(path, ftype, name)


# --- the unit's set ------------------------------------------------------------------------------


def items_of(event: Event, unit: Unit | None = None) -> list[MediaItem]:
    query = select(MediaItem).where(MediaItem.event_id == event.id)
    if unit is not None:
        query = query.where(MediaItem.unit_id == unit.id)
    return list(db.session.scalars(query.order_by(MediaItem.unit_id, MediaItem.uploaded_at, MediaItem.id)))


def _check_limits(existing: list[MediaItem], new: list[tuple[Probe, str]]) -> None:
    kinds = {i.kind for i in existing} | {p.type.kind for p, _n in new}
    if len(kinds) > 1:
        raise DomainError(
            _("Mỗi đơn vị gửi tối đa %(n)d ảnh hoặc %(m)d phút video, không gửi cả hai. Hãy xoá ảnh (hoặc video) đã gửi trước.",
              n=MAX_PHOTOS, m=MAX_VIDEO_SECONDS // 60),
            field="file",
        )  # fmt: skip
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
            _("Tổng thời lượng video là %(s)s giây, vượt %(m)d phút (%(n)d giây).", s=seconds,
              m=MAX_VIDEO_SECONDS // 60, n=MAX_VIDEO_SECONDS),
            field="file",
        )  # fmt: skip


def _thumbnail(source: Path, ftype: FileType, target: Path) -> None:
    """A JPEG for the gallery; the original is never touched. Best effort: no thumbnail is no error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if ftype.kind == MediaKind.PHOTO:
            with Image.open(source) as image:
                image = image.convert("RGB")
                image.thumbnail((THUMB_SIZE, THUMB_SIZE))
                image.save(target, "JPEG", quality=82)
        elif shutil.which("ffmpeg"):
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", "-ss", "0.5", "-i", str(source), "-frames:v", "1",
                 "-vf", f"scale={THUMB_SIZE}:-2", str(target)],
                capture_output=True, timeout=60, check=False,
            )  # fmt: skip
    except OSError:
        target.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Incoming:
    path: Path  # a temporary file, removed by add_files whatever happens
    name: str
    caption: str = ""
    credit: str = ""


def add_files(event: Event, unit: Unit, actor: User, files: list[Incoming]) -> list[MediaItem]:
    """Check every file and the unit's limits first; store all or nothing."""
    stored: list[Path] = []
    try:
        db.session.scalar(select(Unit).where(Unit.id == unit.id).with_for_update())  # one upload at a time per unit
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
                sha256=_sha256(f.path),
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
            _thumbnail(target, info.type, thumb_path(item))
            stored.append(thumb_path(item))
            db.session.add(item)
            items.append(item)
        db.session.flush()
        return items
    except Exception:
        for path in stored:
            path.unlink(missing_ok=True)
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
    _upload_path(upload.id).write_bytes(b"")
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
    with _upload_path(upload.id).open("ab") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    upload.received += len(data)
    db.session.flush()


def finish_upload(upload: MediaUpload, event: Event, unit: Unit, actor: User) -> MediaItem:
    """The whole file is here: check and store it as any other (the upload is gone either way)."""
    path = _upload_path(upload.id)
    db.session.delete(upload)
    incoming = Incoming(path, upload.original_name, upload.caption, upload.credit)
    return add_files(event, unit, actor, [incoming])[0]


def cancel_upload(upload: MediaUpload) -> None:
    _upload_path(upload.id).unlink(missing_ok=True)
    db.session.delete(upload)


# --- the federation's side -----------------------------------------------------------------------


def set_chosen(item: MediaItem, chosen: bool) -> None:
    item.chosen = chosen


def _download_name(item: MediaItem, index: int) -> str:
    """A safe name inside the zip: unit code, number, the stored extension (never the user's path)."""
    return f"{item.unit.code}/{index:02d}-{item.kind.value}{Path(item.storage_name).suffix}"


def zip_stream(items: list[MediaItem]) -> Iterator[bytes]:
    """Originals (stored, not recompressed) and a credits.csv, streamed as they are written."""
    buffer = _Pipe()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        credits = io.StringIO()
        writer = csv.writer(credits)
        writer.writerow(["file", "unit", "caption", "credit", "original_name", "sha256", "chosen"])
        counters: dict[int, int] = {}
        for item in items:
            counters[item.unit_id] = counters.get(item.unit_id, 0) + 1
            name = _download_name(item, counters[item.unit_id])
            archive.write(original_path(item), name)
            writer.writerow([name, item.unit.name, item.caption, item.credit, item.original_name, item.sha256,
                             "x" if item.chosen else ""])  # fmt: skip
            yield from buffer.drain()
        archive.writestr("credits.csv", "\ufeff" + credits.getvalue())
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
