"""The backup archive, written and checked. No Flask, no database.

An uncompressed tar (photos and videos are compressed already): ``database/<file>``, then
``media/<path under MEDIA_ROOT>`` for every media file, then ``manifest.json``, which lists
every other member with its size and SHA-256 and says what the database holds (kind,
migration revision, rows per table). A file is hashed from the very bytes written into the
archive, so a file still growing (an unfinished upload) is kept as it was when read.
Checking reads every member again: a changed byte, a missing or an extra file is refused
with its name.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

FORMAT = "workers-games-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
MEDIA_DIR = "media"
CHUNK = 1 << 20


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


class ArchiveWriter:
    """Writes ``<path>.part`` and renames it to ``path`` only once the manifest is in: a backup
    that failed half-way never looks like one."""

    def __init__(self, path: Path):
        self.path = path
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
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(body), 0o644
        self.tar.addfile(info, io.BytesIO(body))
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


def read_manifest(path: Path) -> dict:
    """The manifest, without checking the files (see ``verify``)."""
    with _open(path) as tar:
        return _manifest(tar, path)


def _manifest(tar: tarfile.TarFile, path: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except KeyError as error:
        raise ArchiveError(
            f"{path} không có {MANIFEST}: không phải bản sao lưu của ứng dụng, hoặc bị cắt dở."
        ) from error
    except (tarfile.TarError, OSError, ValueError) as error:
        raise ArchiveError(f"{MANIFEST} trong {path} bị hỏng: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{path} không phải bản sao lưu của ứng dụng này.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"Bản sao lưu định dạng {manifest.get('format_version')!r}, ứng dụng này đọc bản {FORMAT_VERSION}."
        )
    if not isinstance(manifest.get("files"), dict):
        raise ArchiveError(f"{MANIFEST} trong {path} không liệt kê tệp nào.")
    return manifest


def members(path: Path) -> Iterator[tuple[str, object]]:
    """(name, file object) for every member but the manifest, each checked against the
    manifest as it is read to the end: a member whose bytes differ raises ArchiveError once
    read, and so does a missing or unlisted one. The caller reads each file object fully."""
    with _open(path) as tar:
        expected = _manifest(tar, path)["files"]
        seen: set[str] = set()
        for member in tar:
            if member.name == MANIFEST:
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


def verify(path: Path) -> dict:
    """Every member read and checked; returns the manifest."""
    for _name, fh in members(path):
        while fh.read(CHUNK):
            pass
    return read_manifest(path)


def copy_to(fh, target: Path) -> int:
    """Writes a member's bytes to ``target`` (its folder made); returns the size."""
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with target.open("wb") as out:
        while chunk := fh.read(CHUNK):
            out.write(chunk)
            size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return size
