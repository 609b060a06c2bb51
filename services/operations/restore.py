"""Restoring a backup into the app's database and media folder (stop the service first).

1. The whole archive is checked (every SHA-256, nothing missing or added) before anything
   is touched.
2. The target must be empty (no table holds a row; an empty schema made by ``db upgrade`` is
   fine) and so must the media folder, unless ``force``: then what is there is replaced.
3. The database: a SQLite backup becomes the SQLite file, or is copied row by row into
   PostgreSQL (the schema made at the backup's migration revision first: the way from the
   embedded default to the production database); a PostgreSQL backup goes through
   ``pg_restore`` into PostgreSQL.
4. Every table's row count is compared with the manifest's; the media files are written,
   each checked again against its SHA-256; then the pending migrations run.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import DateTime, MetaData, create_engine, inspect, make_url, text

from extensions import db
from services.media import files
from services.operations import archive
from services.operations.backup import BackupError, libpq_url, pg_tool, run_tool, sqlite_tables

BATCH = 1000


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


def _rows_in(engine) -> dict[str, int]:
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in sorted(names)}


def _refuse_unless_empty(rows: dict[str, int], media: Path, force: bool) -> None:
    if force:
        return
    full = {n: c for n, c in rows.items() if c and n != "alembic_version"}
    if full:
        name, count = next(iter(full.items()))
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có dữ liệu ({count} dòng trong bảng {name}, {len(full)} bảng có dữ liệu):"
            " khôi phục chỉ vào cơ sở dữ liệu trống, hoặc thêm --force để thay toàn bộ."
        )
    if media.exists() and any(p.is_file() for p in media.rglob("*")):
        raise BackupError(f"Thư mục ảnh/video {media} đã có tệp: chọn thư mục trống, hoặc thêm --force để thay.")


def restore(path: Path, media_root: Path | None = None, force: bool = False, progress=None) -> RestoreReport:
    """Restores ``path`` into the current app's database and ``media_root`` (its MEDIA_ROOT by
    default). Raises BackupError or archive.ArchiveError with the reason; nothing is touched
    when the archive is damaged or the target is not empty."""
    manifest = archive.verify(path)
    database = manifest.get("database") or {}
    kind, revision, expected = database.get("kind"), database.get("revision"), database.get("rows") or {}
    into = db.engine.dialect.name
    media = (media_root or files.root()).resolve()
    if kind == "postgresql" and into != "postgresql":
        raise BackupError("Bản sao lưu PostgreSQL chỉ khôi phục được vào PostgreSQL (đặt DATABASE_URL hoặc --into).")
    if kind not in ("sqlite", "postgresql"):
        raise BackupError(f"Bản sao lưu có loại cơ sở dữ liệu lạ: {kind!r}.")
    if kind == "sqlite" and into == "postgresql" and not revision:
        raise BackupError(
            "Bản sao lưu SQLite này không ghi phiên bản lược đồ (alembic) nên không chép sang PostgreSQL."
        )
    _refuse_unless_empty(_rows_in(db.engine), media, force)

    with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        dump = Path(tmp) / Path(database["member"]).name
        media_files = media_bytes = 0
        staged = Path(tmp) / "media"
        total = manifest.get("media", {}).get("files", 0)
        for name, fh in archive.members(path):
            if name == database["member"]:
                archive.copy_to(fh, dump)
            elif name.startswith(archive.MEDIA_DIR + "/"):
                media_bytes += archive.copy_to(fh, staged / name[len(archive.MEDIA_DIR) + 1 :])
                media_files += 1
                if progress:
                    progress(media_files, total, media_bytes, manifest.get("media", {}).get("bytes", 0))
        if kind == "sqlite" and into == "sqlite":
            _sqlite_file(dump)
        elif kind == "sqlite":
            _copy_rows(dump, revision)
        else:
            _pg_restore(dump)
        restored = _rows_in(db.engine)
        wrong = [n for n, count in expected.items() if restored.get(n) != count]
        if wrong:
            name = wrong[0]
            raise BackupError(
                f"Số dòng sau khi khôi phục không khớp bản kê: bảng {name} có {restored.get(name)} dòng,"
                f" bản sao lưu ghi {expected[name]} ({len(wrong)} bảng lệch)."
            )
        if media.exists():
            shutil.rmtree(media)
        media.parent.mkdir(parents=True, exist_ok=True)
        if staged.exists():
            shutil.move(str(staged), str(media))
        else:
            media.mkdir()
    upgraded_to = _upgrade() if revision else None
    return RestoreReport(
        kind, into, revision, upgraded_to, restored, media_files, media_bytes, manifest.get("created_at", "")
    )


def _upgrade() -> str | None:
    upgrade()
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sqlite_file(dump: Path) -> None:
    """The backup's file becomes the database file (checked by SQLite before it replaces it)."""
    target = Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database).resolve()
    staged = target.with_name(target.name + ".restoring")
    with gzip.open(dump, "rb") as raw, staged.open("wb") as out:
        shutil.copyfileobj(raw, out, archive.CHUNK)
    conn = sqlite3.connect(staged)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("Tệp SQLite trong bản sao lưu không qua được kiểm tra toàn vẹn (integrity_check).")
        sqlite_tables(conn)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Tệp SQLite trong bản sao lưu không đọc được: {error}.") from error
    finally:
        conn.close()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old file open
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    staged.replace(target)


def _drop_tables() -> None:
    """The target's tables go (an empty schema from ``db upgrade``, or everything with --force)."""
    db.session.remove()
    with db.engine.begin() as conn:
        names = inspect(conn).get_table_names()
        if names:
            conn.execute(text("DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))


def _pg_restore(dump: Path) -> None:
    pg_restore = pg_tool("pg_restore")
    _drop_tables()
    target, env = libpq_url(db.engine.url)
    command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    run_tool([*command, "--dbname", target, str(dump)], env, "pg_restore")


def _copy_rows(dump: Path, revision: str) -> None:
    """A SQLite backup into PostgreSQL: the schema at the backup's revision, then every row in
    the order the foreign keys need, then the id sequences moved past the highest id."""
    _drop_tables()
    upgrade(revision=revision)
    with tempfile.TemporaryDirectory(prefix="restore-sqlite-") as tmp:
        source_file = Path(tmp) / "source.sqlite"
        with gzip.open(dump, "rb") as raw, source_file.open("wb") as out:
            shutil.copyfileobj(raw, out, archive.CHUNK)
        source = create_engine(f"sqlite:///{source_file}")
        try:
            source_meta, target_meta = MetaData(), MetaData()
            source_meta.reflect(source)
            target_meta.reflect(db.engine)
            with source.connect() as read, db.engine.begin() as write:
                for table in target_meta.sorted_tables:
                    if table.name == "alembic_version" or table.name not in source_meta.tables:
                        continue
                    _copy_table(read, write, source_meta.tables[table.name], table)
                    _move_sequence(write, table)
        finally:
            source.dispose()


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
