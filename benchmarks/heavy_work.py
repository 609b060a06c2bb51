"""The office's heavy work, done over HTTP the way people do it, for
``benchmarks/checkin_load.py --with-load``: the admin prints every badge of the event (2,000
with the default ``--people``) and exports the event to .xlsx, and a unit's organiser imports
a 5,000-row roster (preview, then confirm). Also a process that keeps one core busy.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time

import requests

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SLUG = "hoi-thao-2024"


def _session(base: str, username: str, password: str) -> tuple[requests.Session, str]:
    http = requests.Session()
    token = CSRF.search(http.get(base + "/login").text).group(1)
    answer = http.post(
        base + "/login", data={"username": username, "password": password, "csrf_token": token}, allow_redirects=False
    )
    assert answer.status_code == 302, f"{username} could not log in"
    return http, CSRF.search(http.get(base + "/").text).group(1)


def roster_file(database_url: str, rows: int) -> bytes:
    """LĐLĐ huyện Lắk's own template with ``rows`` people (benchmarks/import_excel.py's)."""
    from sqlalchemy import select, update

    from app import create_app
    from benchmarks.import_excel import make_file
    from extensions import db
    from models import Competition, Event, Registration, RegistrationStatus, Unit

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        event.max_individual_per_athlete = None
        db.session.execute(update(Competition).values(max_entries_per_unit=None))
        lak = db.session.scalar(select(Unit).where(Unit.code == "LAK"))
        registration = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id, Registration.unit_id == lak.id)
        )
        registration.status = RegistrationStatus.DRAFT  # its organiser may change its roster
        db.session.commit()
        content = make_file(event, lak, rows)
        db.engine.dispose()
    return content


class OfficeWork:
    """The three jobs, each in its own thread against ``base``, started together; ``wait()``
    returns {job: seconds} (or the error's text)."""

    def __init__(self, base: str, password: str, roster: bytes):
        self.base, self.password, self.roster = base, password, roster
        self.done: dict[str, object] = {}
        self.threads: list[threading.Thread] = []

    def _timed(self, name: str, job) -> None:
        started = time.perf_counter()
        try:
            job()
            self.done[name] = time.perf_counter() - started
        except Exception as error:  # noqa: BLE001 - reported with the figures
            self.done[name] = f"{type(error).__name__}: {error}"[:200]

    def _badges(self) -> None:
        http, _token = _session(self.base, "admin", self.password)
        answer = http.get(f"{self.base}/admin/events/{SLUG}/badges.pdf?include_unapproved=1", timeout=600)
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), answer.status_code

    def _export(self) -> None:
        http, _token = _session(self.base, "admin", self.password)
        answer = http.get(f"{self.base}/admin/events/{SLUG}/export.xlsx", timeout=600)
        assert answer.status_code == 200 and answer.content[:2] == b"PK", answer.status_code

    def _import(self) -> None:
        http, token = _session(self.base, "cb.lak", self.password)
        url = f"{self.base}/units/LAK/events/{SLUG}/import"
        files = {"file": ("danh-sach.xlsx", io.BytesIO(self.roster))}
        preview = http.post(url, data={"csrf_token": token}, files=files, timeout=600)
        assert preview.status_code == 200, (preview.status_code, re.sub(r"\s+", " ", preview.text)[-600:])
        token = CSRF.search(preview.text).group(1)
        confirmed = http.post(url + "/confirm", data={"csrf_token": token}, timeout=600, allow_redirects=False)
        assert confirmed.status_code == 302, confirmed.status_code

    def start(self) -> OfficeWork:
        for name, job in (("badges", self._badges), ("export", self._export), ("import", self._import)):
            thread = threading.Thread(target=self._timed, args=(name, job), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def running(self) -> bool:
        return any(t.is_alive() for t in self.threads)

    def wait(self) -> dict[str, object]:
        for thread in self.threads:
            thread.join()
        return self.done


def burn_one_core() -> subprocess.Popen:
    """Another process on the server keeping one core busy (a report, a backup's gzip, …)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])
