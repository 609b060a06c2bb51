"""The backup archive, written and checked. No Flask, no database.

An uncompressed tar (photos and videos are compressed already): ``database/<file>``, then
``media/<path under MEDIA_ROOT>`` for every media file, then ``manifest.json``, which lists
every other member with its size and SHA-256 and says what the database holds (kind,
migration revision, rows per table, size once unpacked), then ``manifest.sig``: the
manifest's HMAC-SHA-256 under the backup key (``backup.backup_key``), which is never in an
archive. A file is hashed from the very bytes written into the archive, so a file still
growing (an unfinished upload) is kept as it was when read.

Checking goes in the order an attacker's archive must be refused in: the manifest's size
(bounded before it is read), its signature (before it is parsed), its shape (pydantic: a
wrong field is named, never a traceback), then every member read again: a changed byte, a
missing or an extra file is refused with its name. An archive whose hashes were rewritten
consistently fails the signature; one signed with another key says so.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

FORMAT = "workers-games-backup"
FORMAT_VERSION = 2  # 2: signed (manifest.sig) and the database's unpacked size
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1 << 20
# ~150 bytes a listed file: 32 MB holds 200,000 media files; a larger manifest is refused
# from its tar header, before a byte of it is read.
MANIFEST_MAX_BYTES = 32 << 20
SIGNATURE_MAX_BYTES = 256


class ArchiveError(Exception):
    """The archive cannot be used; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Hashing:
    """A file object that gives tarfile exactly ``size`` bytes and hashes them on the way."""

    def __init__(self, fh, size: int):
        self.fh, self.left, self.digest = fh, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.fh.read(n)
        self.left -= len(data)
        self.digest.update(data)
        return data


def key_id(key: bytes) -> str:
    """A short name of a key (not the key): tells which key signed an archive."""
    return hashlib.sha256(b"workers-games backup key id\0" + key).hexdigest()[:12]


def signature(body: bytes, key: bytes) -> bytes:
    return f"hmac-sha256 {key_id(key)} {hmac.new(key, body, hashlib.sha256).hexdigest()}\n".encode()


class ArchiveWriter:
    """Writes ``<path>.part`` and renames it to ``path`` only once the signed manifest is in: a
    backup that failed half-way never looks like one."""

    def __init__(self, path: Path, key: bytes):
        self.path, self.key = path, key
        self.partial = path.with_name(path.name + ".part")
        self.tar = tarfile.open(self.partial, "w", format=tarfile.PAX_FORMAT)  # noqa: SIM115
        self.files: dict[str, dict] = {}

    def add_file(self, name: str, source: Path) -> int:
        """Adds ``source`` as ``name``; returns its size. A file that shrinks while being read
        (an upload cut back after a failed write) raises OSError."""
        _check_name(name)
        with source.open("rb") as fh:
            stat = os.fstat(fh.fileno())
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
            reader = _Hashing(fh, stat.st_size)
            self.tar.addfile(info, reader)
        self.files[name] = {"size": stat.st_size, "sha256": reader.digest.hexdigest()}
        return stat.st_size

    def finish(self, manifest: dict) -> Path:
        body = json.dumps({**manifest, "files": self.files}, ensure_ascii=False, indent=1, sort_keys=True).encode()
        for name, data in ((MANIFEST, body), (SIGNATURE, signature(body, self.key))):
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            self.tar.addfile(info, io.BytesIO(data))
        self.tar.close()
        with self.partial.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(self.partial, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self.tar.close()
        finally:
            self.partial.unlink(missing_ok=True)


def _check_name(name: str) -> None:
    path = PurePosixPath(name)
    if (
        path.is_absolute()
        or ".." in path.parts
        or name != str(path)
        or path.parts[0] not in (DATABASE_DIR, MEDIA_DIR)
        or len(path.parts) < 2
    ):
        raise ArchiveError(f"Tên tệp không hợp lệ trong bản sao lưu: {name!r}.")


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except FileNotFoundError as error:
        raise ArchiveError(f"Không có tệp {path}.") from error
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(f"{path} không phải là bản sao lưu đọc được (tar): {error}.") from error


Count = Annotated[int, Field(ge=0, le=1 << 62)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Listed(_Strict):
    size: Count
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Database(_Strict):
    kind: Literal["sqlite", "postgresql"]
    member: str
    revision: str | None
    rows: dict[str, Count]
    bytes: Count  # unpacked: the SQLite file, or the dump itself for PostgreSQL


class _Media(_Strict):
    files: Count
    bytes: Count


class _Manifest(_Strict):
    format: str  # FORMAT and FORMAT_VERSION, checked after (their own messages)
    format_version: int
    created_at: str
    app_version: str
    database: _Database
    media: _Media
    files: dict[str, _Listed]


def read_manifest(path: Path, key: bytes) -> dict:
    """The manifest, its signature checked, without checking the files (see ``verify``)."""
    with _open(path) as tar:
        return _manifest(tar, path, key)


def _member_bytes(tar: tarfile.TarFile, name: str, limit: int, path: Path) -> bytes:
    try:
        member = tar.getmember(name)
    except (KeyError, tarfile.TarError, OSError) as error:
        raise ArchiveError(
            f"{path} không có {name} đọc được: không phải bản sao lưu của ứng dụng (từ bản 2026.12, có chữ ký),"
            " hoặc bị cắt dở."
        ) from error
    if not member.isfile() or member.size > limit:
        raise ArchiveError(f"{name} trong {path} lớn bất thường ({member.size} byte, tối đa {limit}).")
    try:
        return tar.extractfile(member).read()
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(f"{name} trong {path} không đọc được: {error}.") from error


def _manifest(tar: tarfile.TarFile, path: Path, key: bytes) -> dict:
    body = _member_bytes(tar, MANIFEST, MANIFEST_MAX_BYTES, path)
    signed = _member_bytes(tar, SIGNATURE, SIGNATURE_MAX_BYTES, path)
    if not hmac.compare_digest(signed, signature(body, key)):
        parts = signed.split()
        other = parts[1].decode("ascii", "replace") if len(parts) == 3 else "?"
        if other != key_id(key):
            raise ArchiveError(
                f"{path} được ký bằng khoá sao lưu khác (mã khoá {other}; khoá đang dùng có mã {key_id(key)}):"
                " dùng đúng tệp khoá (--key-file) của máy đã sao lưu."
            )
        raise ArchiveError(f"Chữ ký của {MANIFEST} trong {path} không khớp: bản kê đã bị sửa, không dùng bản này.")
    try:
        manifest = _Manifest.model_validate_json(body).model_dump()
        if manifest["format"] != FORMAT:
            raise ArchiveError(f"{path} không phải bản sao lưu của ứng dụng này.")
        if manifest["format_version"] != FORMAT_VERSION:
            raise ArchiveError(
                f"Bản sao lưu định dạng {manifest['format_version']}, ứng dụng này đọc bản {FORMAT_VERSION}."
            )
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or MANIFEST
        raise ArchiveError(f"{MANIFEST} trong {path} sai ở {where}: {first['msg']}.") from error
    if manifest["database"]["member"] not in manifest["files"]:
        raise ArchiveError(f"{MANIFEST} trong {path} không liệt kê tệp cơ sở dữ liệu của nó.")
    return manifest


def members(path: Path, key: bytes) -> Iterator[tuple[str, object]]:
    """(name, file object) for every member but the manifest, each checked against the
    manifest as it is read to the end: a member whose bytes differ raises ArchiveError once
    read, and so does a missing or unlisted one. The caller reads each file object fully."""
    with _open(path) as tar:
        expected = _manifest(tar, path, key)["files"]
        seen: set[str] = set()
        for member in tar:
            if member.name in (MANIFEST, SIGNATURE):
                continue
            _check_name(member.name)
            if not member.isfile() or member.name not in expected:
                raise ArchiveError(f"Tệp lạ trong bản sao lưu (không có trong {MANIFEST}): {member.name}.")
            if member.name in seen:
                raise ArchiveError(f"Tệp {member.name} có hai lần trong bản sao lưu.")
            seen.add(member.name)
            reader = _Checked(tar.extractfile(member), member.name, expected[member.name])
            yield member.name, reader
            reader.finish()
        missing = sorted(set(expected) - seen)
        if missing:
            raise ArchiveError(f"Bản sao lưu thiếu {len(missing)} tệp, ví dụ {missing[0]}.")


class _Checked:
    def __init__(self, fh, name: str, expected: dict):
        self.fh, self.name, self.expected = fh, name, expected
        self.digest, self.size = hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def finish(self) -> None:
        while self.read(CHUNK):
            pass
        if self.size != self.expected.get("size") or self.digest.hexdigest() != self.expected.get("sha256"):
            raise ArchiveError(f"Tệp {self.name} trong bản sao lưu đã bị thay đổi hoặc hỏng (SHA-256 không khớp).")


def verify(path: Path, key: bytes) -> dict:
    """Every member read and checked; returns the manifest."""
    for _name, fh in members(path, key):
        while fh.read(CHUNK):
            pass
    return read_manifest(path, key)


def copy_to(fh, target: Path, limit: int | None = None) -> int:
    """Writes a member's bytes to ``target`` (its folder made); returns the size. More than
    ``limit`` bytes (a gzip that unpacks beyond what the manifest says) is refused as soon as
    the limit is passed, the partial file removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with target.open("wb") as out:
            while chunk := fh.read(CHUNK):
                size += len(chunk)
                if limit is not None and size > limit:
                    raise ArchiveError(
                        f"{target.name} mở ra lớn hơn bản kê ghi ({limit} byte): bản sao lưu hỏng, dừng ngay."
                    )
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return size
