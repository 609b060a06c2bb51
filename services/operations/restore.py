"""Restoring a backup (stop the service first) so that a failure at any step loses nothing.

1. The archive is checked whole before anything is touched: the manifest's signature (the
   backup key), every SHA-256, nothing missing or added. The target must be empty (no table
   holds a row; an empty schema made by ``db upgrade`` is fine) and so must the media folder,
   unless ``force``; its disks must have room for what the manifest says it unpacks to.
2. Everything is built aside (services/operations/aside.py): the database beside the target
   (a SQLite backup's file; ``pg_restore``; or a SQLite backup's rows copied into PostgreSQL
   in the schema of its revision: the way from the embedded default to the production
   database), the media files in a folder beside the media folder, each checked again
   against its SHA-256. Every table's row count is compared with the manifest's, then the
   pending migrations run on the new database.
3. Only then both are swapped in: the media folder by a rename, then the database by a
   rename (a database swap that fails puts the media folder back). Until that step the target
   database and media folder are exactly as they were, and what was built aside is removed.
4. With ``force`` what was there before is kept beside (``…before-restore-<time>``) and named
   in the report: removing it is the operator's call once the restored season is checked.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from alembic.util import CommandError
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import DateTime, MetaData, create_engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from extensions import db
from services.checkin import rawdb
from services.errors import disk_full
from services.media import files
from services.operations import archive, aside
from services.operations.backup import BackupError

BATCH = 1000
MB = 1024 * 1024
ROOM_MARGIN = 64 * MB  # beyond what the manifest says: the file system's own, migrations, WAL
AppFor = Callable[[str], Flask]  # an app on another database (the CLI's create_app)


@dataclass
class RestoreReport:
    kind: str  # the backup's database
    into: str  # the target's: "sqlite" or "postgresql"
    revision: str | None  # the backup's migration revision
    upgraded_to: str | None
    rows: dict[str, int]
    media_files: int
    media_bytes: int
    created_at: str
    kept: list[str] = field(default_factory=list)  # what was there before (--force), beside


def _rows_in(engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in sorted(names)}


def _refuse_unless_empty(rows: dict[str, int], media: Path, force: bool) -> bool:
    """Whether the target holds anything (refused unless ``force``)."""
    full = {n: c for n, c in rows.items() if c and n != "alembic_version"}
    media_full = media.exists() and any(p.is_file() for p in media.rglob("*"))
    if force:
        return bool(full) or media_full
    if full:
        name, count = next(iter(full.items()))
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có dữ liệu ({count} dòng trong bảng {name}, {len(full)} bảng có dữ liệu):"
            " khôi phục chỉ vào cơ sở dữ liệu trống, hoặc thêm --force để thay toàn bộ."
        )
    if media_full:
        raise BackupError(f"Thư mục ảnh/video {media} đã có tệp: chọn thư mục trống, hoặc thêm --force để thay.")
    return False


def _check_room(needs: list[tuple[Path | None, int]]) -> None:
    """Every disk written to has room for its share, summed per file system, before any work."""
    by_device: dict[int, tuple[Path, int]] = {}
    for folder, size in needs:
        if folder is None:
            continue
        device = folder.stat().st_dev
        by_device[device] = (folder, by_device.get(device, (folder, 0))[1] + size)
    for folder, size in by_device.values():
        free = shutil.disk_usage(folder).free
        if size + ROOM_MARGIN > free:
            raise BackupError(
                f"Không đủ chỗ trống trên đĩa chứa {folder}: cần khoảng {(size + ROOM_MARGIN) / MB:.0f} MB,"
                f" còn {free / MB:.0f} MB."
            )


def restore(
    path: Path,
    key: bytes,
    app_for: AppFor,
    media_root: Path | None = None,
    force: bool = False,
    progress=None,
) -> RestoreReport:
    """Restores ``path`` into the current app's database and ``media_root`` (its MEDIA_ROOT by
    default). Raises BackupError or archive.ArchiveError with the reason; on any failure the
    target database and media folder are as they were."""
    manifest = archive.verify(path, key)
    database = manifest["database"]
    kind, revision, expected = database["kind"], database["revision"], database["rows"]
    into = db.engine.dialect.name
    media = (media_root or files.root()).resolve()
    if kind == "postgresql" and into != "postgresql":
        raise BackupError("Bản sao lưu PostgreSQL chỉ khôi phục được vào PostgreSQL (đặt DATABASE_URL hoặc --into).")
    if kind == "sqlite" and into == "postgresql" and not revision:
        raise BackupError(
            "Bản sao lưu SQLite này không ghi phiên bản lược đồ (alembic) nên không chép sang PostgreSQL."
        )
    keep = _refuse_unless_empty(_rows_in(db.engine), media, force)
    media.parent.mkdir(parents=True, exist_ok=True)
    built = aside.for_target(db.engine.url.render_as_string(hide_password=False))
    try:
        dump_size = manifest["files"][database["member"]]["size"]
        _check_room([(media.parent, manifest["media"]["bytes"] + dump_size), (built.folder, database["bytes"])])
        with tempfile.TemporaryDirectory(dir=media.parent, prefix=f".{media.name}.restoring-") as tmp:
            staged, dump = Path(tmp) / "media", Path(tmp) / Path(database["member"]).name
            media_files, media_bytes = _unpack(path, key, manifest, dump, staged, progress)
            upgraded_to = _build(built, app_for, dump, kind, revision, database["bytes"])
            rows = built.rows()
            wrong = [n for n, count in expected.items() if rows.get(n) != count]
            if wrong:
                name = wrong[0]
                raise BackupError(
                    f"Số dòng sau khi khôi phục không khớp bản kê: bảng {name} có {rows.get(name)} dòng,"
                    f" bản sao lưu ghi {expected[name]} ({len(wrong)} bảng lệch)."
                )
            if upgraded_to is not None:
                rows = built.rows()
            kept = _swap(built, media, staged, keep)
    except (SQLAlchemyError, sqlite3.Error, CommandError) as error:
        built.discard()
        raise BackupError(f"Không dựng được cơ sở dữ liệu từ bản sao lưu ({error}).") from error
    except OSError as error:
        built.discard()
        reason = "hết chỗ trên đĩa" if disk_full(error) else "lỗi đọc/ghi"
        raise BackupError(f"Khôi phục dừng vì {reason} ({error}).") from error
    except BaseException:
        built.discard()
        raise
    return RestoreReport(
        kind, into, revision, upgraded_to, rows, media_files, media_bytes, manifest["created_at"], kept
    )


def _unpack(path: Path, key: bytes, manifest: dict, dump: Path, staged: Path, progress) -> tuple[int, int]:
    """The database member to ``dump``, the media files under ``staged``, each read checked."""
    media_files = media_bytes = 0
    total = manifest["media"]["files"]
    for name, fh in archive.members(path, key):
        if name == manifest["database"]["member"]:
            archive.copy_to(fh, dump)
        elif name.startswith(archive.MEDIA_DIR + "/"):
            media_bytes += archive.copy_to(fh, staged / name[len(archive.MEDIA_DIR) + 1 :])
            media_files += 1
            if progress:
                progress(media_files, total, media_bytes, manifest["media"]["bytes"])
    return media_files, media_bytes


def _build(built, app_for: AppFor, dump: Path, kind: str, revision: str | None, unpacked: int) -> str | None:
    """The database aside loaded and, when the backup names its revision, migrated to the
    code's: returns the revision it is at then (None: not migrated)."""
    if isinstance(built, aside.SqliteAside):
        built.load_file(dump, unpacked)
    elif kind == "postgresql":
        built.load_dump(dump)
    else:
        with _app_on(app_for, built.url):
            upgrade(revision=revision)
        _copy_rows(dump, built.url, unpacked)
    if not revision:
        return None
    with _app_on(app_for, built.url):
        upgrade()
        with db.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


class _app_on:  # noqa: N801 - used as a context manager, like a function
    """An app context on ``url`` whose connections are all closed when it ends."""

    def __init__(self, app_for: AppFor, url: str):
        self.app = app_for(url)
        self.context = self.app.app_context()

    def __enter__(self):
        self.context.push()
        return self.app

    def __exit__(self, *exc):
        try:
            db.session.remove()
            db.engine.dispose()
            rawdb.dispose(self.app)
        finally:
            self.context.pop()


def _swap(built, media: Path, staged: Path, keep: bool) -> list[str]:
    """The media folder, then the database; a database swap that fails puts the media back."""
    kept_media = media.with_name(f"{media.name}.before-restore-{aside.stamp()}")
    moved = media.exists()
    staged.mkdir(parents=True, exist_ok=True)  # a backup without media: an empty folder
    if moved:
        media.rename(kept_media)
    staged.rename(media)
    try:
        kept_database = built.swap(keep)
    except BaseException:
        media.rename(staged)  # back where it was built, removed with the temporary folder
        if moved:
            kept_media.rename(media)
        raise
    kept = [kept_database] if kept_database else []
    if moved and keep:
        kept.append(str(kept_media))
    elif moved:
        shutil.rmtree(kept_media)  # it held no file (refused otherwise without --force)
    return kept


def _copy_rows(dump: Path, url: str, unpacked: int) -> None:
    """A SQLite backup into the PostgreSQL database at ``url`` (its schema at the backup's
    revision): every row in the order the foreign keys need, then the id sequences moved past
    the highest id."""
    with tempfile.TemporaryDirectory(prefix="restore-sqlite-", dir=dump.parent) as tmp:
        source_file = Path(tmp) / "source.sqlite"
        aside.unpack_sqlite(dump, source_file, unpacked)
        source, target = create_engine(f"sqlite:///{source_file}"), create_engine(url)
        try:
            source_meta, target_meta = MetaData(), MetaData()
            source_meta.reflect(source)
            target_meta.reflect(target)
            with source.connect() as read, target.begin() as write:
                for table in target_meta.sorted_tables:
                    if table.name == "alembic_version" or table.name not in source_meta.tables:
                        continue
                    _copy_table(read, write, source_meta.tables[table.name], table)
                    _move_sequence(write, table)
        finally:
            source.dispose()
            target.dispose()


def _copy_table(read, write, source_table, target_table) -> None:
    aware = {c.name for c in target_table.columns if isinstance(c.type, DateTime) and c.type.timezone}
    columns = [c.name for c in target_table.columns if c.name in source_table.columns]
    result = read.execute(source_table.select().with_only_columns(*(source_table.c[n] for n in columns)))
    while batch := result.fetchmany(BATCH):
        rows = []
        for row in batch:
            values = dict(zip(columns, row, strict=True))
            for name in aware:  # SQLite keeps UTC without its zone
                value = values.get(name)
                if isinstance(value, datetime) and value.tzinfo is None:
                    values[name] = value.replace(tzinfo=UTC)
            rows.append(values)
        write.execute(target_table.insert(), rows)


def _move_sequence(write, table) -> None:
    key = list(table.primary_key.columns)
    if len(key) != 1 or not key[0].autoincrement or key[0].type.python_type is not int:
        return
    column = key[0].name
    write.execute(
        text(
            f'SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(max("{column}"), 1),'
            f' max("{column}") IS NOT NULL) FROM "{table.name}"'
        ).bindparams(table=f'"{table.name}"', column=column)
    )
