"""What a file is, read from its content (magic bytes, then Pillow or ffprobe), never from
its name or the browser; where originals, thumbnails and unfinished uploads are stored."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from models import MediaItem, MediaKind
from services.errors import DiskFull, DomainError, disk_full

try:  # HEIC/HEIF, as iPhones and many Android phones take photos
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - listed in requirements.txt
    pillow_heif = None

THUMB_SIZE = 480
# A photo's pixel count is read from its header and refused above this before anything is
# decoded: a 36 KB PNG of 13000×13000 would take a worker from ~150 MB to ~1 GB.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow itself refuses (DecompressionBombError) above 2×


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


def kind_by_name(name: str) -> MediaKind:
    """Photo or video, as the name says (the content is checked when the file is whole)."""
    extension = Path(name).suffix.lower()
    return next((t.kind for t in ACCEPTED if extension in t.extensions), MediaKind.PHOTO)


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


def incoming_dir() -> Path:
    """Where a form's files wait while they are checked (add_files moves or removes them)."""
    path = root() / "incoming"
    path.mkdir(exist_ok=True)
    return path


def receive(stream) -> Path:
    """A file sent with a form, written to a new file of ``incoming_dir``; a full disk removes
    what was written and raises DiskFull (nothing left to keep the disk full)."""
    fd, name = tempfile.mkstemp(dir=incoming_dir())
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
    except BaseException as error:
        path.unlink(missing_ok=True)
        if disk_full(error):
            raise DiskFull() from error
        raise
    return path


def upload_path(upload_id: str) -> Path:
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
        with Image.open(path) as image:  # reads the header only
            if image.width * image.height > MAX_PIXELS:
                raise DomainError(
                    _(
                        "Ảnh “%(f)s” (%(w)d×%(h)d) quá %(m)d triệu điểm ảnh.",
                        f=name,
                        w=image.width,
                        h=image.height,
                        m=MAX_PIXELS // 1_000_000,
                    ),
                    field="file",
                )
            image.verify()  # reads the whole file: a truncated or damaged one fails here
        with Image.open(path) as image:
            image.load()
            return Probe(ftype, image.width, image.height)
    except Image.DecompressionBombError as error:  # so large Pillow refuses to open it at all
        raise DomainError(
            _("Ảnh “%(f)s” quá %(m)d triệu điểm ảnh.", f=name, m=MAX_PIXELS // 1_000_000), field="file"
        ) from error
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


def thumbnail(source: Path, ftype: FileType, target: Path) -> None:
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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
