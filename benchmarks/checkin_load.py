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


def serve(target: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"127.0.0.1:{port}", target], cwd=ROOT, env=env
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("gunicorn did not start")
    time.sleep(2)  # the port opens before the workers have imported the app: do not time their start
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
    import json
    import random
    import uuid

    from benchmarks import openloop

    rng = random.Random(1)

    def request(_i: int):
        body = json.dumps({"code": rng.choice(codes), "client_scan_id": str(uuid.uuid4())}).encode()
        return "/api/v1/scans", {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}, body

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
    args = parser.parse_args()
    if not args.rate and shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        from app import normalise_database_url

        database_url = normalise_database_url(database_url)
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
        if args.gunicorn:
            GUNICORN[:] = shlex.split(args.gunicorn)
        if args.trace:
            Path(args.trace).mkdir(parents=True, exist_ok=True)
            env["TRACE_DIR"] = str(Path(args.trace).resolve())
            GUNICORN.extend(["-c", str(ROOT / "benchmarks" / "trace_gunicorn.py")])
        scans = str(ROOT / "benchmarks" / "scan.lua")
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
