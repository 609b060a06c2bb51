"""Load on the scan API: gunicorn on 127.0.0.1 serving POST /api/v1/scans with the demo's
badges, two ways.

Open loop (``--rate R [R …]``): scans sent at a fixed rate, each one's latency counted from
the moment it was due (wrk2's way: a server that falls behind is charged for its queue;
benchmarks/openloop.py). What a gate feels at the load it really gets. One line per rate:
``rate=… p50_ms=… p99_ms=… p999_ms=… errors=… achieved=… db=…``.

Saturation (default): wrk drives it from many connections, the same server configuration
serving a bare Flask endpoint as the baseline.

    .venv/bin/python benchmarks/checkin_load.py --rate 50 200 400 [--seconds 20] [--runs 3]
    .venv/bin/python benchmarks/checkin_load.py [--connections 50] [--seconds 15] [--runs 3] [--floor]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/wg_bench .venv/bin/python benchmarks/checkin_load.py --rate 200

Needs wrk (apt-get install -y wrk). SQLite (WAL) in a temporary folder unless DATABASE_URL
is set (that database is emptied). Last line: rps=… p50_ms=… p99_ms=… bare_rps=… ratio=…
--floor adds a third server, benchmarks/floor_app.py (bare Flask running only the SQL a scan
cannot do without), and floor_rps=… floor_ratio=… (floor_rps / bare_rps) to that line.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The deployment (docs/deploying.md): sync workers, one more than the cores.
GUNICORN = ["--workers", "3", "--timeout", "120", "--log-level", "warning"]


def prepare(database_url: str, people: int) -> tuple[str, list[str]]:
    """Demo data, badges for everyone, an unlimited checkpoint and a device: its bearer token."""
    from sqlalchemy import select

    from app import create_app
    from cli import demo
    from extensions import db
    from models import Base, CheckpointKind, Event, Frequency, Registration, RegistrationStatus, Unit
    from services.badges import selection as badges
    from services.badges import tokens
    from services.checkin import checkpoints, devices

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-secret",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        demo.seed_demo(people=people)
        event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
        for unit in db.session.scalars(select(Unit)):  # every unit approved: every badge admitted
            reg = db.session.scalar(
                select(Registration).where(Registration.event_id == event.id, Registration.unit_id == unit.id)
            ) or Registration(event=event, unit=unit)
            reg.status = RegistrationStatus.APPROVED
            db.session.add(reg)
        db.session.flush()
        data = badges.prepare(badges.Selection(event))
        gate = checkpoints.save_checkpoint(
            event,
            None,
            checkpoints.CheckpointData(name="Cổng tải thử", kind=CheckpointKind.GATE, frequency=Frequency.UNLIMITED),
        )
        _device, bearer = devices.create_device(gate, None, name="wrk")
        db.session.commit()
        codes = [b.token for b in data]
        assert all(tokens.token_id_of(c) for c in codes[:5])
        db.engine.dispose()
    return bearer, codes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict, prefix: tuple[str, ...] = ()) -> tuple[subprocess.Popen, int]:
    """gunicorn serving ``target``, once every worker has loaded it (benchmarks/ready_gunicorn.py)."""
    port = free_port()
    ready = Path(tempfile.mkdtemp(prefix="gunicorn-ready-"))
    config = [] if "-c" in GUNICORN else ["-c", str(ROOT / "benchmarks" / "ready_gunicorn.py")]
    proc = subprocess.Popen(
        [*prefix, sys.executable, "-m", "gunicorn", *GUNICORN, *config, "--bind", f"127.0.0.1:{port}", target],
        cwd=ROOT,
        env=dict(env, READY_DIR=str(ready)),
    )
    flag = next((f for f in ("--workers", "-w") if f in GUNICORN), None)
    workers = int(GUNICORN[GUNICORN.index(flag) + 1]) if flag else 1
    try:
        for _ in range(600):
            if len(list(ready.iterdir())) >= workers:
                break
            if proc.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.1)
        else:
            proc.kill()
            raise RuntimeError("gunicorn's workers did not load the app in 60 s")
    finally:
        shutil.rmtree(ready, ignore_errors=True)
    time.sleep(0.5)  # the workers' first poll of the socket
    return proc, port


def wrk(url: str, connections: int, seconds: int, env: dict, script: str | None = None) -> dict:
    # One wrk thread: on 2 cores a second one takes CPU from the server under test.
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def latency(pct: str) -> float:
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "non2xx": int(errors.group(1)) if errors else 0}


def open_loop(args, env: dict, bearer: str, codes: list[str], db_kind: str) -> None:
    """Each rate ``args.runs`` times, a fresh server each run; the medians per rate."""
    from benchmarks import openloop

    request = _scan_request(bearer, codes)
    results: dict[float, list] = {}
    for _ in range(args.runs):
        for rate in args.rate:
            proc, port = serve("app:create_app()", env)
            try:
                s = openloop.run("127.0.0.1", port, rate, args.seconds, request)
            finally:
                proc.terminate()
                proc.wait()
            results.setdefault(rate, []).append(s)
            print(
                f"run: rate={rate:g} p50_ms={s.p50:.1f} p99_ms={s.p99:.1f} p999_ms={s.p999:.1f} "
                f"max_ms={max(s.latencies_ms, default=0):.1f} errors={s.errors} achieved={s.achieved:.0f}",
                flush=True,
            )
    for rate, runs in results.items():
        print(
            f"rate={rate:g} p50_ms={statistics.median(r.p50 for r in runs):.1f} "
            f"p99_ms={statistics.median(r.p99 for r in runs):.1f} p999_ms={statistics.median(r.p999 for r in runs):.1f} "
            f"errors={sum(r.errors for r in runs)} achieved={statistics.median(r.achieved for r in runs):.0f} "
            f"runs={len(runs)} db={db_kind}"
        )


def _scan_request(bearer: str, codes: list[str]):
    import json
    import random
    import uuid

    rng = random.Random(1)

    def request(_i: int):
        body = json.dumps({"code": rng.choice(codes), "client_scan_id": str(uuid.uuid4())}).encode()
        return "/api/v1/scans", {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}, body

    return request


def _merge(parts: list) -> object:
    from benchmarks import openloop

    merged = openloop.Summary(parts[0].rate, sum(p.sent for p in parts), sum(p.errors for p in parts))
    merged.latencies_ms = [ms for p in parts for ms in p.latencies_ms]
    merged.answered = sum(p.answered for p in parts)
    return merged


def floor_share(args, env: dict, bearer: str, codes: list[str], db_kind: str, scans: str) -> None:
    """The SQL floor measured (floor_app at saturation), then the app open loop at
    ``args.floor_share`` × that rate, in the same run; medians of the runs. The floor app is
    then sent the same open loop too (``floor_p99_ms``): what the SQL alone, on the same
    gunicorn and the same generator sharing the machine's cores, gives at that rate — the
    best any app could do here."""
    from benchmarks import openloop

    def open_loop_on(target: str, rate: int):
        proc, port = serve(target, env)
        try:
            return openloop.run("127.0.0.1", port, rate, args.seconds, _scan_request(bearer, codes))
        finally:
            proc.terminate()
            proc.wait()

    runs = []
    for _ in range(args.runs):
        proc, port = serve("benchmarks.floor_app:app", env)
        try:
            floor = wrk(f"http://127.0.0.1:{port}/api/v1/scans", args.connections, args.seconds, env, scans)
        finally:
            proc.terminate()
            proc.wait()
        rate = round(floor["rps"] * args.floor_share)
        s = open_loop_on("app:create_app()", rate)
        bound = open_loop_on("benchmarks.floor_app:app", rate)
        runs.append((floor["rps"], rate, s, bound))
        print(
            f"run: floor_rps={floor['rps']:.0f} rate={rate} p50_ms={s.p50:.1f} p99_ms={s.p99:.1f} "
            f"errors={s.errors} achieved={s.achieved:.0f} | floor_app at that rate: p50_ms={bound.p50:.1f} "
            f"p99_ms={bound.p99:.1f} errors={bound.errors}",
            flush=True,
        )
    print(
        f"floor_rps={statistics.median(r[0] for r in runs):.0f} share={args.floor_share:g} "
        f"rate={statistics.median(r[1] for r in runs):.0f} p50_ms={statistics.median(r[2].p50 for r in runs):.1f} "
        f"p99_ms={statistics.median(r[2].p99 for r in runs):.1f} errors={sum(r[2].errors for r in runs)} "
        f"floor_p99_ms={statistics.median(r[3].p99 for r in runs):.1f} floor_errors={sum(r[3].errors for r in runs)} "
        f"runs={len(runs)} db={db_kind}"
    )


def with_load(args, database_url: str, env: dict, db_kind: str) -> None:
    """Scans at ``--rate`` (200 by default) open loop, three phases a run, each on a fresh
    database: alone; while the office prints every badge, exports the event and imports a
    5,000-row roster (benchmarks/heavy_work.py), sent to the scan server itself or, with
    ``--heavy-pool``, to a second gunicorn at nice 10 (deploy/: nginx sends those addresses
    there); while another process keeps one core busy. Then ``lost``: the scans answered
    (2xx) that are not in the database."""
    from benchmarks import heavy_work, openloop
    from cli import demo

    rate = (args.rate or [200.0])[0]
    phases: dict[str, list] = {"quiet": [], "office": [], "cpu": []}
    office_seconds: list[dict] = []
    lost: list[int] = []  # answered scans not in the database
    for _ in range(args.runs):
        bearer, codes = prepare(database_url, args.people)
        roster = heavy_work.roster_file(database_url, args.import_rows)
        request = _scan_request(bearer, codes)
        proc, port = serve("app:create_app()", env)
        heavy = serve("app:create_app()", env, ("nice", "-n", "10")) if args.heavy_pool else None
        try:
            phases["quiet"].append(openloop.run("127.0.0.1", port, rate, args.seconds, request))
            office_port = heavy[1] if heavy else port
            office = heavy_work.OfficeWork(f"http://127.0.0.1:{office_port}", demo.DEMO_PASSWORD, roster).start()
            parts = [openloop.run("127.0.0.1", port, rate, 5, request, warmup=0)]
            while office.running():
                parts.append(openloop.run("127.0.0.1", port, rate, 5, request, warmup=0))
            office_seconds.append(office.wait())
            phases["office"].append(_merge(parts))
            burner = heavy_work.burn_one_core()
            try:
                phases["cpu"].append(openloop.run("127.0.0.1", port, rate, args.seconds, request))
            finally:
                burner.kill()
                burner.wait()
            answered = sum(runs[-1].answered for runs in phases.values())
            lost.append(answered - _stored_scans(database_url, answered))
        finally:
            for server in (proc, heavy[0] if heavy else None):
                if server is not None:
                    server.terminate()
                    server.wait()
        line = " ".join(
            f"{name}_p50_ms={runs[-1].p50:.1f} {name}_p99_ms={runs[-1].p99:.1f} {name}_errors={runs[-1].errors}"
            for name, runs in phases.items()
        )
        jobs = " ".join(
            f"{job}_s={v:.1f}" if isinstance(v, float) else f"{job}=FAILED({v})"
            for job, v in office_seconds[-1].items()
        )
        print(f"run: rate={rate:g} {line} {jobs} answered={answered} lost={lost[-1]}", flush=True)
    summary = " ".join(
        f"{name}_p99_ms={statistics.median(r.p99 for r in runs):.1f} {name}_errors={sum(r.errors for r in runs)}"
        for name, runs in phases.items()
    )
    pool = "heavy_pool" if args.heavy_pool else "same_pool"
    print(f"rate={rate:g} {summary} lost={sum(lost)} office={pool} runs={args.runs} db={db_kind}")


def _stored_scans(database_url: str, answered: int) -> int:
    """Scan rows in the database once the scans a phone was answered for are all in (SQLite's
    scan journal moves its kept scans within a second), or after 30 s."""
    from sqlalchemy import create_engine, text

    from app import normalise_database_url

    engine = create_engine(normalise_database_url(database_url))
    try:
        deadline = time.monotonic() + 30
        while True:
            with engine.connect() as conn:
                stored = conn.execute(text("SELECT count(*) FROM scan")).scalar_one()
            if stored >= answered or time.monotonic() > deadline:
                return stored
            time.sleep(0.2)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--floor", action="store_true", help="also serve benchmarks/floor_app.py")
    parser.add_argument("--rate", type=float, nargs="+", help="open loop: scans a second (e.g. 50 200 400)")
    parser.add_argument("--trace", help="folder: the workers write their slow requests, statements and GC pauses there")
    parser.add_argument(
        "--gunicorn", help="other gunicorn settings to compare, e.g. '--worker-class gthread --threads 4'"
    )
    parser.add_argument(
        "--floor-share", type=float, help="measure the SQL floor, then scans open loop at this share of it (0.6)"
    )
    parser.add_argument(
        "--with-load", action="store_true", help="scans at --rate alone, beside office work, beside a busy core"
    )
    parser.add_argument("--heavy-pool", action="store_true", help="with --with-load: office work on a nice 10 gunicorn")
    parser.add_argument("--import-rows", type=int, default=5000, help="with --with-load: the roster imported")
    args = parser.parse_args()
    if (not args.rate or args.floor_share) and not args.with_load and shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        from app import normalise_database_url

        database_url = normalise_database_url(database_url)
        db_kind = "postgresql" if database_url.startswith("postgresql") else "sqlite"
        if args.gunicorn:
            GUNICORN[:] = shlex.split(args.gunicorn)
        if args.trace:
            Path(args.trace).mkdir(parents=True, exist_ok=True)
            os.environ["TRACE_DIR"] = str(Path(args.trace).resolve())
            GUNICORN.extend(["-c", str(ROOT / "benchmarks" / "trace_gunicorn.py")])
        if args.with_load:
            env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench-secret", PYTHONPATH=str(ROOT))
            with_load(args, database_url, env, db_kind)
            return
        bearer, codes = prepare(database_url, args.people)
        tokens_file = Path(tmp) / "tokens.txt"
        tokens_file.write_text("\n".join(codes) + "\n")
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            SECRET_KEY="bench-secret",
            SCAN_BEARER=bearer,
            SCAN_TOKENS=str(tokens_file),
            PYTHONPATH=str(ROOT),
        )
        scans = str(ROOT / "benchmarks" / "scan.lua")
        if args.floor_share:
            floor_share(args, env, bearer, codes, db_kind, scans)
            return
        if args.rate:
            open_loop(args, env, bearer, codes, "postgresql" if database_url.startswith("postgresql") else "sqlite")
            return

        def load(target: str, path: str, script: str | None) -> dict:
            proc, port = serve(target, env)
            try:
                return wrk(f"http://127.0.0.1:{port}{path}", args.connections, args.seconds, env, script)
            finally:
                proc.terminate()
                proc.wait()

        results, bare, floor = [], [], []
        for _ in range(args.runs):
            run = load("app:create_app()", "/api/v1/scans", scans)
            base = load("benchmarks.bare_app:app", "/ping", None)
            results.append(run)
            bare.append(base)
            line = (
                f"run: scans rps={run['rps']:.0f} p50_ms={run['p50']:.1f} p99_ms={run['p99']:.1f} "
                f"non2xx={run['non2xx']} | bare rps={base['rps']:.0f} p99_ms={base['p99']:.1f}"
            )
            if args.floor:
                floor.append(load("benchmarks.floor_app:app", "/api/v1/scans", scans))
                line += f" | floor rps={floor[-1]['rps']:.0f} non2xx={floor[-1]['non2xx']}"
            print(line, flush=True)
    rps = statistics.median(r["rps"] for r in results)
    bare_rps = statistics.median(b["rps"] for b in bare)
    db_kind = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    summary = (
        f"rps={rps:.0f} p50_ms={statistics.median(r['p50'] for r in results):.1f} "
        f"p99_ms={statistics.median(r['p99'] for r in results):.1f} bare_rps={bare_rps:.0f} "
        f"ratio={rps / bare_rps:.2f} connections={args.connections} db={db_kind}"
    )
    if floor:
        floor_rps = statistics.median(f["rps"] for f in floor)
        summary += f" floor_rps={floor_rps:.0f} floor_ratio={floor_rps / bare_rps:.2f}"
    print(summary)


if __name__ == "__main__":
    main()
