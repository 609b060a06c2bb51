"""Domain errors raised by services and turned into messages by views."""

from __future__ import annotations

import errno
import sqlite3

import psycopg
import sqlalchemy.exc
from flask_babel import gettext as _


class DomainError(Exception):
    """A rule was broken; ``message`` is Vietnamese (or translated) text for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationErrors(DomainError):
    """Several problems found at once (e.g. an imported file); nothing was saved."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


class RecordNotFound(Exception):
    """An id that is not the caller's to use (another unit's person, say): answered with 404.

    Not a DomainError: it is no rule to explain on the form, and nothing is saved.
    """


FULL_DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def disk_full(error: BaseException) -> bool:
    """Whether ``error`` is a write the disk had no room for (or a quota, or a file limit)."""
    return isinstance(error, OSError) and error.errno in FULL_DISK_ERRNOS


class DiskFull(DomainError):
    """The server's disk had no room: nothing of the request was kept (answered 507)."""

    def __init__(self):
        super().__init__(
            _("Máy chủ hết chỗ lưu tệp: chưa lưu gì. Hãy báo ban tổ chức (quản trị cần giải phóng đĩa) rồi gửi lại.")
        )


# The database out of reach (a restart, a dropped connection, SQLite busy past its timeout):
# the pool's errors, and the drivers' from the scan path's own connection (checkin/rawdb.py).
UNREACHABLE = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlite3.OperationalError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
