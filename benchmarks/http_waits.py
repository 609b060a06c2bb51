"""The waits people feel, through HTTP with the data in the database: the app served by
gunicorn (docs/deploying.md's settings), N people in the event (10,000 by default), timed from a
real client.

    .venv/bin/python benchmarks/http_waits.py [--people 10000] [--runs 3]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/wg_bench .venv/bin/python benchmarks/http_waits.py

Each run, on a fresh database: the whole event's badge PDF (the first print: badges issued
then), its first byte and its end; the same print again; the renderer alone on the same data
(printables only, in this process); the event's export.xlsx; the scanner's offline list
(bytes raw and gzip'd, and a refresh with nothing changed). Last line, the medians:
people=… badges_per_s=… renderer_per_s=… http_ratio=… first_byte_s=… export_s=…
offline_kb=… offline_gzip_kb=… offline_refresh_bytes=…
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from benchmarks.checkin_load import serve  # noqa: E402


def prepare(database_url: str, people: int) -> str:
    """The demo with ``people`` more people, every unit approved, a gate with a device."""
    from sqlalchemy import select

    from app import create_app
    from cli import demo
    from extensions import db
    from models import Base, CheckpointKind, Event, Frequency, Registration, RegistrationStatus, Unit
    from services.checkin import checkpoints, devices

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        demo.seed_demo(people=people)
        event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
        for unit in db.session.scalars(select(Unit)):
            reg = db.session.scalar(
                select(Registration).where(Registration.event_id == event.id, Registration.unit_id == unit.id)
            ) or Registration(event=event, unit=unit)
            reg.status = RegistrationStatus.APPROVED
            db.session.add(reg)
        from models import ParticipationRule
        from services.certificates import issue as certificates

        style = certificates.style_of(event)
        style.participation_rule, style.signer_name = ParticipationRule.REGISTERED, "Nguyễn Văn Ký"
        gate = checkpoints.save_checkpoint(
            event, None, checkpoints.CheckpointData(name="Cổng", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
        )
        _device, bearer = devices.create_device(gate, None, name="bench")
        db.session.commit()
        db.engine.dispose()
    return bearer


def renderer_only(database_url: str) -> dict:
    """The same badges and certificates drawn by the printables alone (data read first, not timed)."""
    from app import create_app
    from extensions import db
    from models import CertificateKind
    from printables.badges import badge_pdf_stream
    from printables.certificates import certificate_pdf_stream
    from services.badges import selection as badges
    from services.certificates import printing
    from services.season import events

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        event = events.event_by_slug("hoi-thao-2024")
        data = badges.prepare(badges.Selection(event))
        started = time.perf_counter()
        assert sum(len(piece) for piece in badge_pdf_stream(data, "a6")) > 0
        badge_s = time.perf_counter() - started
        certs = printing.prepare(event, "https://hoithao.example.vn", kind=CertificateKind.PARTICIPATION)
        started = time.perf_counter()
        assert sum(len(piece) for piece in certificate_pdf_stream(certs, None)) > 0
        cert_s = time.perf_counter() - started
        db.session.rollback()
        db.engine.dispose()
    return {"badges": len(data), "render_s": badge_s, "certificates": len(certs), "cert_render_s": cert_s}


def timed_get(session: requests.Session, url: str, **kw) -> tuple[float, float, int, requests.Response]:
    started = time.perf_counter()
    response = session.get(url, stream=True, **kw)
    first = None
    size = 0
    for chunk in response.raw.stream(65536, decode_content=False):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
    response.raise_for_status()
    return first or 0.0, time.perf_counter() - started, size, response


def login(base: str) -> requests.Session:
    import re

    session = requests.Session()
    page = session.get(base + "/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = session.post(
        base + "/login", data={"username": "admin", "password": "demo12345", "csrf_token": token}, allow_redirects=False
    )
    assert answer.status_code == 302, "admin login failed"
    return session


def one_run(database_url: str, people: int) -> dict:
    bearer = prepare(database_url, people)
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench-secret", PYTHONPATH=str(ROOT))
    proc, port = serve("app:create_app()", env)
    base = f"http://127.0.0.1:{port}"
    try:
        admin = login(base)
        first_byte, total, size, _r = timed_get(admin, base + "/admin/events/hoi-thao-2024/badges.pdf?layout=a6")
        reprint_first, reprint, _size, _r = timed_get(admin, base + "/admin/events/hoi-thao-2024/badges.pdf?layout=a6")
        cert_first_byte, cert_s, _size, _r = timed_get(
            admin, base + "/admin/events/hoi-thao-2024/certificates.pdf?kind=participation"
        )
        _f, export_s, export_size, _r = timed_get(admin, base + "/admin/events/hoi-thao-2024/export.xlsx")
        phone = requests.Session()
        auth = {"Authorization": f"Bearer {bearer}"}
        _f, list_s, raw_size, _r = timed_get(
            phone, base + "/api/v1/checkpoint/offline-list", headers=auth | {"Accept-Encoding": "identity"}
        )
        _f, _s, gzip_size, _r = timed_get(
            phone, base + "/api/v1/checkpoint/offline-list", headers=auth | {"Accept-Encoding": "gzip"}
        )
        listing = phone.get(base + "/api/v1/checkpoint/offline-list", headers=auth).json()
        refresh = phone.get(
            base + "/api/v1/checkpoint/offline-list",
            params={"since": listing["version"], "key": listing["key"]},
            headers=auth | {"Accept-Encoding": "gzip"},
            stream=True,
        )
        refresh_bytes = len(refresh.raw.read(decode_content=False))
    finally:
        proc.terminate()
        proc.wait()
    alone = renderer_only(database_url)
    run = {
        "badges": alone["badges"],
        "certificates": alone["certificates"],
        "cert_print_s": cert_s,
        "cert_first_byte_s": cert_first_byte,
        "cert_render_s": alone["cert_render_s"],
        "first_print_s": total,
        "first_byte_s": first_byte,
        "reprint_s": reprint,
        "reprint_first_byte_s": reprint_first,
        "pdf_mb": size / 1e6,
        "render_s": alone["render_s"],
        "export_s": export_s,
        "export_kb": export_size / 1024,
        "offline_s": list_s,
        "offline_kb": raw_size / 1024,
        "offline_gzip_kb": gzip_size / 1024,
        "offline_refresh_bytes": refresh_bytes,
    }
    print(
        "run: " + " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in run.items()), flush=True
    )
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        from app import normalise_database_url

        url = normalise_database_url(os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite")
        runs = [one_run(url, args.people) for _ in range(args.runs)]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    badges = runs[0]["badges"]
    print(
        f"people={badges} badges_per_s={badges / med('first_print_s'):.0f} "
        f"reprint_per_s={badges / med('reprint_s'):.0f} renderer_per_s={badges / med('render_s'):.0f} "
        f"http_ratio={med('render_s') / med('first_print_s'):.2f} reprint_ratio={med('render_s') / med('reprint_s'):.2f} "
        f"first_byte_s={med('first_byte_s'):.2f} certificates_per_s={runs[0]['certificates'] / med('cert_print_s'):.0f} "
        f"cert_renderer_per_s={runs[0]['certificates'] / med('cert_render_s'):.0f} "
        f"cert_http_ratio={med('cert_render_s') / med('cert_print_s'):.2f} cert_first_byte_s={med('cert_first_byte_s'):.2f} "
        f"export_s={med('export_s'):.2f} offline_kb={med('offline_kb'):.0f} "
        f"offline_gzip_kb={med('offline_gzip_kb'):.0f} offline_refresh_bytes={med('offline_refresh_bytes'):.0f} "
        f"db={'postgresql' if url.startswith('postgresql') else 'sqlite'}"
    )


if __name__ == "__main__":
    main()
