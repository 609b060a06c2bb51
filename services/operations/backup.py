"""Taking a backup while the app serves, and the scheduled backups' rotation.

``take_backup`` writes one archive (services/operations/archive.py):
- the database, consistent while requests keep writing: SQLite through its online backup API
  (one step, a read transaction of its own; writers in WAL mode are not held up), gzip'd;
  PostgreSQL through ``pg_dump -Fc`` run in the snapshot of a REPEATABLE READ transaction that
  also counts every table's rows, so the counts are those of the dump;
- every file under the media folder (originals, thumbnails, unfinished uploads as they are
  at that moment); the certificates' backgrounds are rows of the database;
- the manifest: app version, migration revision, rows per table, SHA-256 of every file,
  signed with the backup key (``backup_key``: a file apart from the data and the backups,
  made on the first backup; restoring needs the same key).
The database is copied first: a photo stored during the backup may be in the archive without
its row (harmless), never a row without its photo, unless it was deleted meanwhile.

``scheduled`` is what the systemd timer runs hourly (deploy/): a backup every hour on the
events' days (a day either side included), otherwise once a day, keeping the newest N.
"""

from __future__ import annotations

import gzip
import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, make_url, select, text

from extensions import db
from models import Event
from services.checkin import journal
from services.i18n import LOCAL_TZ
from services.media import files
from services.operations import archive

APP_VERSION = "2026.12"
NAME_PREFIX = "workers-games-"
Progress = Callable[[int, int, int, int], None]  # files done, files, bytes done, bytes


class BackupError(Exception):
    """A backup or restore cannot go on; ``message`` says why and what to do, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Snapshot:
    path: Path  # the dump file, in a temporary folder
    member: str  # its name in the archive
    kind: str  # "sqlite" or "postgresql"
    revision: str | None
    rows: dict[str, int]
    unpacked: int  # bytes once unpacked: restore's bound and its disk-space check


@dataclass
class BackupSummary:
    path: Path
    kind: str
    revision: str | None
    rows: dict[str, int]
    media_files: int
    media_bytes: int
    seconds: float


def app_version() -> str:
    """The release, and the commit when the code is a git checkout."""
    head = Path(current_app.root_path) / ".git"
    try:
        out = subprocess.run(
            ["git", "--git-dir", str(head), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        )
        commit = out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{APP_VERSION}+{commit}" if commit else APP_VERSION


KEY_MIN_CHARS = 32


def backup_key(path: Path | None = None, create: bool = False) -> bytes:
    """The key that signs and checks archives: ``path``, else BACKUP_KEY_FILE (the instance
    folder's backup.key by default). ``create``: a missing file is made (64 random hex
    characters, readable by its owner only)."""
    path = Path(path or current_app.config["BACKUP_KEY_FILE"])
    try:
        text = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if not create:
            raise BackupError(
                f"Không có khoá sao lưu {path}: chép tệp khoá của máy đã sao lưu vào đó, hoặc chỉ ra nó bằng"
                ' --key-file (khoá không nằm trong bản sao lưu; xem docs/deploying.md, "Khoá sao lưu").'
            ) from None
        path.parent.mkdir(parents=True, exist_ok=True)
        text = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Không đọc được khoá sao lưu {path}: {error}.") from error
    if len(text) < KEY_MIN_CHARS:
        raise BackupError(f"Khoá sao lưu {path} chỉ có {len(text)} ký tự, cần ít nhất {KEY_MIN_CHARS}.")
    return text.encode()


def libpq_url(url) -> tuple[str, dict[str, str]]:
    """A SQLAlchemy URL as pg_dump/pg_restore take it, the password passed in the environment
    (never on a command line that ``ps`` shows)."""
    url = make_url(url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Không tìm thấy lệnh {name} (cần cho sao lưu PostgreSQL): cài gói postgresql-client"
            f" cùng phiên bản với máy chủ, ví dụ `apt-get install -y postgresql-client`."
        )
    return path


def run_tool(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{what} thất bại: " + " / ".join(detail))


def sqlite_tables(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}


def sqlite_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _sqlite_snapshot(database: str, folder: Path) -> Snapshot:
    copy = folder / "copy.sqlite"
    source = sqlite3.connect(database, timeout=30)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # all pages in one step: one consistent read transaction
        rows, revision = sqlite_tables(target), sqlite_revision(target)
    finally:
        target.close()
        source.close()
    packed = folder / "workers_games.sqlite.gz"
    with copy.open("rb") as raw, gzip.open(packed, "wb", compresslevel=5) as out:
        shutil.copyfileobj(raw, out, archive.CHUNK)
    size = copy.stat().st_size
    copy.unlink()
    return Snapshot(packed, f"{archive.DATABASE_DIR}/{packed.name}", "sqlite", revision, rows, size)


def _postgres_snapshot(url, folder: Path) -> Snapshot:
    pg_dump = pg_tool("pg_dump")
    target, env = libpq_url(url)
    dump = folder / "workers_games.pgdump"
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        names = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
        rows = {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in sorted(names)}
        revision = (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in rows
            else None
        )
        command = [pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}", "-f", str(dump)]
        run_tool([*command, "--dbname", target], env, "pg_dump")
    return Snapshot(dump, f"{archive.DATABASE_DIR}/{dump.name}", "postgresql", revision, rows, dump.stat().st_size)


def _media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def take_backup(out: Path, progress: Progress | None = None) -> BackupSummary:
    """One archive at ``out`` (see the module); nothing is left behind when it fails."""
    started = time.monotonic()
    out = out.resolve()
    if out.exists():
        raise BackupError(f"Tệp {out} đã có; chọn tên khác (bản sao lưu không ghi đè).")
    if not out.parent.is_dir():
        raise BackupError(f"Không có thư mục {out.parent}.")
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    writer = archive.ArchiveWriter(out, backup_key(create=True))
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as tmp:
            if url.get_backend_name() == "sqlite":
                if not url.database or url.database == ":memory:":
                    raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
                journal.move_waiting(current_app, within=None)  # scans kept while the lock was busy, in first
                snap = _sqlite_snapshot(url.database, Path(tmp))
            else:
                snap = _postgres_snapshot(url, Path(tmp))
            writer.add_file(snap.member, snap.path)
        root = files.root()
        paths = _media_files(root)
        total = sum(p.stat().st_size for p in paths if p.exists())
        done_files = done_bytes = 0
        for path in paths:
            try:
                done_bytes += writer.add_file(f"{archive.MEDIA_DIR}/{path.relative_to(root).as_posix()}", path)
            except FileNotFoundError:
                continue  # removed since the listing (a cancelled upload, a deleted photo)
            done_files += 1
            if progress:
                progress(done_files, len(paths), done_bytes, total)
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "app_version": app_version(),
            "database": {
                "kind": snap.kind,
                "member": snap.member,
                "revision": snap.revision,
                "rows": snap.rows,
                "bytes": snap.unpacked,
            },
            "media": {"files": done_files, "bytes": done_bytes},
        }
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    return BackupSummary(out, snap.kind, snap.revision, snap.rows, done_files, done_bytes, time.monotonic() - started)


# --- scheduled backups ----------------------------------------------------------------------------


def backups_in(folder: Path) -> list[Path]:
    """The finished backups in ``folder``, oldest first (the names sort by time)."""
    return sorted(p for p in folder.glob(f"{NAME_PREFIX}*.tar") if p.is_file())


def backup_name(now: datetime) -> str:
    return f"{NAME_PREFIX}{now.astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}.tar"


def event_days(today: date) -> bool:
    """An event runs today (Vietnam date), or starts tomorrow, or ended yesterday."""
    query = select(func.count(Event.id)).where(
        Event.starts_on <= today + timedelta(days=1), Event.ends_on >= today - timedelta(days=1)
    )
    return bool(db.session.scalar(query))


def due(folder: Path, now: datetime) -> bool:
    """Hourly on the events' days, otherwise when the newest backup is a day old."""
    if event_days(now.astimezone(LOCAL_TZ).date()):
        return True
    existing = backups_in(folder)
    if not existing:
        return True
    age = now.timestamp() - existing[-1].stat().st_mtime
    return age >= 23.5 * 3600


def rotate(folder: Path, keep: int) -> list[Path]:
    """Removes all but the newest ``keep`` backups (and parts left by a crash); returns them."""
    removed = backups_in(folder)[:-keep] if keep > 0 else []
    removed += [p for p in folder.glob(f"{NAME_PREFIX}*.tar.part") if time.time() - p.stat().st_mtime > 6 * 3600]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
