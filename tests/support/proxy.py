"""Two app servers behind one address, as a federation grows (docs/deploying.md, "Growing"):
gunicorn processes started on free ports, and a small round-robin reverse proxy in front of
them that does what nginx's ``upstream`` does for us (each request to the next server in
turn, ``X-Forwarded-For`` and ``X-Forwarded-Proto`` added). Used where nginx is absent.
"""

from __future__ import annotations

import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORWARDED = {"count": 0}  # requests sent to the servers (the layer check of tests/conftest.py)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(env: dict, workers: int = 2) -> tuple[subprocess.Popen, int]:
    """``gunicorn app:create_app()`` on a free port with ``env``; returns once it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--log-level", "warning",
         "--bind", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT, env={**os.environ, **env},
    )  # fmt: skip
    deadline = time.monotonic() + 120  # a loaded machine imports slowly; not a timing assertion
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login")
            if connection.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
    proc.kill()
    raise RuntimeError("gunicorn did not answer")


class RoundRobinProxy:
    def __init__(self, ports: list[int]):
        self.ports = ports
        self.served: list[int] = []
        turn, lock, proxy = itertools.cycle(ports), threading.Lock(), self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):  # quiet
                pass

            def _forward(self):
                with lock:
                    port = next(turn)
                    proxy.served.append(port)
                    FORWARDED["count"] += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["X-Forwarded-For"] = self.client_address[0]
                headers["X-Forwarded-Proto"] = "http"
                upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RoundRobinProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
