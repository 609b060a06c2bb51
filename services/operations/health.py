"""What ``GET /healthz`` answers, for systemd, a monitor or a load balancer: the database is
reachable, its migrations are current, the media folder takes a file, and the disk keeps more
free space than HEALTH_MIN_FREE_MB. No personal data, no settings: names and short reasons.

``checked`` runs them at most once every HEALTH_CHECK_SECONDS (60) per process and answers
the last result in between: a monitor polling every second, or anyone hammering the public
address, costs one database round trip and one file written a minute."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import make_url, text

from extensions import db
from services.media import files


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


@cache
def _head(directory: str) -> str | None:
    return ScriptDirectory(directory).get_current_head()


def head_revision() -> str | None:
    """The newest migration of this code (read once per process)."""
    return _head(str(current_app.extensions["migrate"].directory))


def database_revision() -> str | None:
    with db.engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # no alembic_version table: a schema not made by the migrations
            conn.rollback()
            return None


def database_folder() -> Path | None:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent
    return None


def free_mb(folder: Path) -> int:
    return shutil.disk_usage(folder).free // (1024 * 1024)


def checks() -> list[Check]:
    out: list[Check] = []
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        out.append(Check("database", True))
        revision, head = database_revision(), head_revision()
        out.append(Check("migrations", revision == head, "" if revision == head else f"{revision} != {head}"))
    except Exception as error:  # whatever the driver raises: unreachable, refused, timed out
        out.append(Check("database", False, type(error).__name__))
        out.append(Check("migrations", False, "database unreachable"))
    try:
        root = files.root()
        with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-"):
            pass
        out.append(Check("media", True))
    except OSError as error:
        out.append(Check("media", False, error.strerror or type(error).__name__))
        root = None
    least = int(current_app.config.get("HEALTH_MIN_FREE_MB") or 0)
    folders = {p for p in (root, database_folder()) if p is not None}
    lowest = min((free_mb(p) for p in folders), default=None)
    if lowest is None:
        out.append(Check("disk", False, "no folder to measure"))
    else:
        out.append(Check("disk", lowest >= least, f"{lowest} MB free" + ("" if lowest >= least else f" < {least}")))
    return out


def checked(max_age: float) -> list[Check]:
    """``checks()``, run again only when the last result is ``max_age`` seconds old."""
    cache = current_app.extensions.setdefault("health", {"at": None, "checks": [], "lock": threading.Lock()})
    with cache["lock"]:
        now = time.monotonic()
        if cache["at"] is None or now - cache["at"] >= max_age:
            cache["checks"], cache["at"] = checks(), now
        return cache["checks"]
