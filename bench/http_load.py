"""A small load client: HTTP/1.1 keep-alive over asyncio streams, one connection per client.

Its own cost is ~0.3 ms per request (httpx costs ~3.4 ms, which halves the throughput a
benchmark can see on two cores). It speaks only what the benchmark needs: POST of a JSON
body, a response with Content-Length or chunked transfer encoding. Loopback only.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

Request = tuple[str, dict[str, Any]]  # path, JSON body


class HttpError(RuntimeError):
    pass


class Connection:
    """One keep-alive connection to host:port."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.headers = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            await self._open()
        assert self.reader is not None and self.writer is not None
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"{self.headers}\r\n").encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise HttpError("connection closed by the server")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.readexactly(length or 0)
        if close:
            self.close()
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Run:
    """Latencies (ms) of one load run, and its wall time."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    first_error: str | None = None

    def pct(self, q: float) -> float:
        ms = sorted(self.latencies)
        return ms[min(len(ms) - 1, int(len(ms) * q))] if ms else float("nan")

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def graphql_ok(status: int, data: bytes) -> str | None:
    """None for an answer without errors; else what went wrong."""
    if status != 200:
        return f"HTTP {status}: {data[:200]!r}"
    if b'"errors"' in data and json.loads(data).get("errors"):
        return data[:300].decode(errors="replace")
    return None


async def _client(conn: Connection, requests: Callable[[int], Request], run: Run, stop_at: float,
                  counter: list[int], limit: int | None,
                  check: Callable[[int, bytes], str | None]) -> None:
    while time.perf_counter() < stop_at and (limit is None or counter[0] < limit):
        i = counter[0]
        counter[0] += 1
        path, body = requests(i)
        t = time.perf_counter()
        try:
            status, data = await conn.post(path, json.dumps(body).encode())
            problem = check(status, data)
        except (OSError, HttpError, asyncio.IncompleteReadError) as e:
            conn.close()
            problem = repr(e)
        if problem:
            run.errors += 1
            run.first_error = run.first_error or problem
        else:
            run.latencies.append((time.perf_counter() - t) * 1000)


async def _load(url: str, requests: Callable[[int], Request], clients: int, seconds: float,
                limit: int | None, headers: dict[str, str] | None,
                check: Callable[[int, bytes], str | None]) -> Run:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load client only targets this machine (loopback)")
    conns = [Connection(host, port, headers) for _ in range(clients)]
    run, counter = Run(), [0]
    start = time.perf_counter()
    try:
        await asyncio.gather(*(_client(c, requests, run, start + seconds, counter, limit, check)
                               for c in conns))
    finally:
        for c in conns:
            c.close()
    run.seconds = time.perf_counter() - start
    return run


def load(url: str, requests: Callable[[int], Request], *, clients: int, seconds: float,
         limit: int | None = None, headers: dict[str, str] | None = None,
         check: Callable[[int, bytes], str | None] = graphql_ok) -> Run:
    """`clients` concurrent keep-alive clients sending `requests(i)` for `seconds` (or until
    `limit` requests were sent); bounded in time and count, stops by itself."""
    return run_async(_load(url, requests, clients, seconds, limit, headers, check))


def post_json(url: str, path: str, body: dict[str, Any],
              headers: dict[str, str] | None = None) -> dict[str, Any]:
    """One request, its JSON answer (for setup and for comparing answers)."""

    async def one() -> dict[str, Any]:
        parts = urlsplit(url)
        conn = Connection(parts.hostname or "127.0.0.1", parts.port or 80, headers)
        try:
            status, data = await conn.post(path, json.dumps(body).encode())
        finally:
            conn.close()
        if status != 200:
            raise HttpError(f"HTTP {status}: {data[:300]!r}")
        return json.loads(data)

    return run_async(one())


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, also from a thread whose event loop is already running (a caller
    inside another async framework, e.g. a test session that drives a browser): there the
    coroutine runs on a loop of its own in a short-lived thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
