"""The database a restore builds beside its target, and the one step that swaps it in.

- SQLite: a new file in the target's folder (``.<name>.restoring-<random>``), swapped in by
  ``os.replace`` (one rename: the target is the old file or the new one, never half);
- PostgreSQL: a new database on the target's server (``<name>_restoring_<random>``), swapped
  in by renaming the target away and the new one to its name in one transaction, which
  PostgreSQL refuses while anyone else is connected to the target (the service must be
  stopped) — refused, nothing changed.

What was there before is kept under ``…before-restore-<time>`` when it held data (``keep``),
and named, so that removing it stays the operator's decision; an empty target goes.
``discard`` removes what was built aside after any failure.
"""

from __future__ import annotations

import gzip
import secrets
import sqlite3
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from extensions import db
from services.checkin import journal
from services.operations import archive
from services.operations.backup import BackupError, libpq_url, pg_tool, run_tool, sqlite_tables

PG_NAME_MAX = 63


def for_target(url: str):
    return PostgresAside(url) if make_url(url).get_backend_name() == "postgresql" else SqliteAside(url)


def unpack_sqlite(dump: Path, target: Path, limit: int) -> None:
    """A backup's gzip'd SQLite file to ``target``, refused past ``limit`` bytes (the manifest's)."""
    with gzip.open(dump, "rb") as raw:
        try:
            archive.copy_to(raw, target, limit)
        except (OSError, EOFError) as error:
            if isinstance(error, OSError) and error.errno is not None:
                raise  # the disk, not the archive
            raise BackupError(f"Tệp cơ sở dữ liệu trong bản sao lưu không giải nén được: {error}.") from error


def stamp() -> str:
    """The time in the names of what a restore keeps beside (``…before-restore-<stamp>``)."""
    return datetime.now().strftime("%Y%m%d%H%M%S")


class SqliteAside:
    def __init__(self, target_url: str):
        database = make_url(target_url).database
        if not database or database == ":memory:":
            raise BackupError("Không khôi phục được vào cơ sở dữ liệu SQLite trong bộ nhớ: chỉ ra một tệp.")
        self.target = Path(database).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.path = self.target.with_name(f".{self.target.name}.restoring-{secrets.token_hex(4)}")
        self.url = f"sqlite:///{self.path}"
        self.folder = self.target.parent  # where its bytes go (the disk-space check)

    def load_file(self, dump: Path, limit: int) -> None:
        """The backup's SQLite file, unpacked to at most ``limit`` bytes and checked by SQLite."""
        unpack_sqlite(dump, self.path, limit)
        conn = sqlite3.connect(self.path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("Tệp SQLite trong bản sao lưu không qua được kiểm tra toàn vẹn (integrity_check).")
            sqlite_tables(conn)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Tệp SQLite trong bản sao lưu không đọc được: {error}.") from error
        finally:
            conn.close()

    def rows(self) -> dict[str, int]:
        conn = sqlite3.connect(self.path)
        try:
            return sqlite_tables(conn)
        finally:
            conn.close()

    def swap(self, keep: bool) -> str | None:
        """The new file becomes the target; with ``keep`` the old one stays beside it (every
        commit of its WAL copied in first). Returns the kept file's path."""
        journal.move_waiting(current_app, within=None)  # scans kept while the lock was busy: in the old one
        _checkpoint(self.path)
        kept = None
        if self.target.exists():
            _checkpoint(self.target)
            if keep:
                kept = self.target.with_name(f"{self.target.name}.before-restore-{stamp()}")
                kept.hardlink_to(self.target)
        db.session.remove()
        db.engine.dispose()  # no pooled connection may keep the old file open
        for leftover in _companions(self.target):
            leftover.unlink(missing_ok=True)
        self.path.replace(self.target)
        return str(kept) if kept else None

    def discard(self) -> None:
        for path in (self.path, *_companions(self.path)):
            path.unlink(missing_ok=True)


def _companions(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


class PostgresAside:
    def __init__(self, target_url: str):
        self.target_url = make_url(target_url)
        self.target = self.target_url.database or ""
        self.name = f"{self.target[: PG_NAME_MAX - 19]}_restoring_{secrets.token_hex(4)}"
        self.url = self.target_url.set(database=self.name).render_as_string(hide_password=False)
        self.folder = None  # on the database server: its disk is not ours to measure
        self._run(f'CREATE DATABASE "{self.name}"', "tạo cơ sở dữ liệu tạm")

    def _run(self, sql: str, what: str, database: str | None = None) -> None:
        engine = create_engine(self.target_url.set(database=database or self.target), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(sql))
        except SQLAlchemyError as error:
            raise BackupError(f"Không {what} được trên PostgreSQL: {getattr(error, 'orig', None) or error}.") from error
        finally:
            engine.dispose()

    def load_dump(self, dump: Path) -> None:
        pg_restore = pg_tool("pg_restore")
        target, env = libpq_url(self.url)
        command = [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        run_tool([*command, "--dbname", target, str(dump)], env, "pg_restore")

    def rows(self) -> dict[str, int]:
        engine = create_engine(self.url)
        try:
            with engine.connect() as conn:
                names = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
                return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in sorted(names)}
        finally:
            engine.dispose()

    def swap(self, keep: bool) -> str | None:
        """Target renamed away and the new database renamed to its name, in one transaction
        run from the server's maintenance database. Returns the kept database's name."""
        db.session.remove()
        db.engine.dispose()
        kept = f"{self.target[: PG_NAME_MAX - 30]}_before_restore_{stamp()}"
        engine = create_engine(self.target_url.set(database="postgres"))
        try:
            with engine.begin() as conn:
                others = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
                    {"name": self.target},
                ).scalar_one()
                if others:
                    raise BackupError(
                        f"Còn {others} kết nối tới cơ sở dữ liệu {self.target}: dừng dịch vụ trước"
                        " (systemctl stop workers-games) rồi khôi phục lại."
                    )
                conn.execute(text(f'ALTER DATABASE "{self.target}" RENAME TO "{kept}"'))
                conn.execute(text(f'ALTER DATABASE "{self.name}" RENAME TO "{self.target}"'))
        except SQLAlchemyError as error:
            raise BackupError(f"Không đổi tên cơ sở dữ liệu được: {getattr(error, 'orig', None) or error}.") from error
        finally:
            engine.dispose()
        self.name = kept  # what is beside the target now
        if keep:
            return kept
        self.discard()
        return None

    def discard(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', "xoá cơ sở dữ liệu tạm")
