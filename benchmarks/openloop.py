"""An open-loop HTTP load generator (wrk2's way of measuring): request i is due at
t0 + i / rate whatever happened to the ones before, and its latency is counted from that due
time, so a server that falls behind is charged for the queue it builds (no coordinated
omission). Plain asyncio sockets, HTTP/1.1, a connection reused when the server keeps it
alive, else a new one per request (gunicorn's sync workers close after each answer).

    summary = run("127.0.0.1", port, rate=200, seconds=20, request=lambda i: (path, headers, body))
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_IN_FLIGHT = 256  # beyond this the generator itself would be the bottleneck: counted as errors


@dataclass
class Summary:
    rate: float
    sent: int
    errors: int
    latencies_ms: list[float] = field(default_factory=list)
    achieved: float = 0.0  # answers per second
    answered: int = 0  # 2xx answers, the warm-up's too (what the server must have stored)

    def pct(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    @property
    def p50(self) -> float:
        return self.pct(50)

    @property
    def p99(self) -> float:
        return self.pct(99)

    @property
    def p999(self) -> float:
        return self.pct(99.9)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.latencies_ms) if self.latencies_ms else float("nan")


class _Pool:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def take(self):
        while self.idle:
            reader, writer = self.idle.pop()
            if not writer.is_closing() and not reader.at_eof():
                return reader, writer
        return await asyncio.open_connection(self.host, self.port)

    def give(self, conn) -> None:
        self.idle.append(conn)


async def _one(pool: _Pool, path: str, headers: dict, body: bytes) -> int:
    reader, writer = await pool.take()
    head = [f"POST {path} HTTP/1.1", f"Host: {pool.host}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
    await writer.drain()
    status_line = await reader.readline()
    if not status_line:
        writer.close()
        raise ConnectionError("closed before answering")
    status = int(status_line.split()[1])
    length, keep = 0, True
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "connection" and value == "close":
            keep = False
    if length:
        await reader.readexactly(length)
    if keep:
        pool.give((reader, writer))
    else:
        writer.close()
    return status


async def _run(host, port, rate, seconds, request: Callable[[int], tuple[str, dict, bytes]], warmup) -> Summary:
    loop = asyncio.get_running_loop()
    pool = _Pool(host, port)
    total = int(rate * (seconds + warmup))
    summary = Summary(rate, 0, 0)
    in_flight = 0
    clock = time.perf_counter  # not loop.time(): uvloop's ticks in whole milliseconds
    start = clock() + 0.2
    first_counted = int(rate * warmup)
    done_at: list[float] = []

    async def fire(i: int, due: float) -> None:
        nonlocal in_flight
        path, headers, body = request(i)
        try:
            status = await _one(pool, path, headers, body)
            ok = 200 <= status < 300
        except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError):
            ok = False
        finally:
            in_flight -= 1
        now = clock()
        summary.answered += ok
        if i >= first_counted:
            summary.sent += 1
            if ok:
                summary.latencies_ms.append((now - due) * 1000)
                done_at.append(now)
            else:
                summary.errors += 1

    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        if in_flight >= MAX_IN_FLIGHT:
            if i >= first_counted:
                summary.sent += 1
                summary.errors += 1
            continue
        in_flight += 1
        tasks.append(loop.create_task(fire(i, due)))
    await asyncio.gather(*tasks)
    for _reader, writer in pool.idle:
        writer.close()
    if len(done_at) > 1:
        summary.achieved = len(done_at) / (max(done_at) - (start + warmup))
    return summary


def run(host: str, port: int, rate: float, seconds: float, request, warmup: float = 2.0) -> Summary:
    """Send ``rate`` requests a second for ``warmup`` + ``seconds``; the warm-up is not counted.
    On uvloop when installed (requirements-dev.txt): on two cores the generator shares the
    machine with the server it measures, and the lighter its loop the more the figures are
    the server's."""
    started = time.perf_counter()
    try:
        import uvloop

        summary = uvloop.run(_run(host, port, rate, seconds, request, warmup))
    except ImportError:
        summary = asyncio.run(_run(host, port, rate, seconds, request, warmup))
    summary.elapsed = time.perf_counter() - started  # type: ignore[attr-defined]
    return summary
