"""Findings 7 and 8 against a real uvicorn server (they are about sockets and threads).

7. The 64 KiB body limit trusted Content-Length: a chunked body without one was read whole
   (200 MB: RSS 234 → 916 MiB).
8. CPU work ran on the event loop: while one costly query ran, even /health waited.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from referral_graph.api.app import create_app
from referral_graph.api.graphql.queries import gaps as gaps_api
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.neo4j_harness import free_port


@pytest.fixture(scope="module")
def server(database: Database, neo4j_settings: Settings) -> Iterator[tuple[str, int]]:
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from tests.conftest import wipe

    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(neo4j_settings, database), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield "127.0.0.1", port
    srv.should_exit = True
    thread.join(timeout=10)


def test_a_chunked_body_is_cut_at_the_limit(server: tuple[str, int]) -> None:
    host, port = server
    chunk = b"x" * 16384
    total = 8 * 1024 * 1024  # far over the limit; the server drops what follows the cut
    sent = 0
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        try:
            while sent < total:
                s.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:  # the server answered and closed: it will not read the rest
            pass
        reply = b""
        try:
            while b"at most" not in reply:
                part = s.recv(4096)
                if not part:
                    break
                reply += part
        except OSError:
            pass
    assert reply.startswith(b"HTTP/1.1 413"), (reply[:200], sent)
    assert b"request body too large: at most 65536 bytes" in reply


def _slow(real: Callable[..., Any], started: threading.Event) -> Callable[..., Any]:
    """`real` after a few seconds of pure-Python work: a stand-in for a report on a
    network far larger than the seeds (CPU-bound, holding the GIL between switches)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        started.set()
        end = time.monotonic() + 4
        n = 0
        while time.monotonic() < end:
            n += sum(range(1000))
        return real(*args, **kwargs)

    return run


def test_health_answers_while_a_costly_query_runs(server: tuple[str, int], database: Database,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    host, port = server
    base = f"http://{host}:{port}"
    started = threading.Event()
    monkeypatch.setattr(gaps_api, "report_for", _slow(gaps_api.report_for, started))
    staff = create(database, Role.STAFF, "load staff")  # not rate limited
    done: dict[str, float] = {}

    def heavy() -> None:
        r = httpx.post(base + "/graphql", timeout=60,
                       json={"query": "{ coverageReport(states: [\"MX-OAX\"]) { summary } }"},
                       headers={"Authorization": f"Bearer {staff}"})
        assert r.status_code == 200 and "errors" not in r.json(), r.text
        done["heavy"] = time.monotonic()

    thread = threading.Thread(target=heavy)
    thread.start()
    assert started.wait(30)
    t = time.monotonic()
    r = httpx.get(base + "/health", timeout=60)
    done["health"] = time.monotonic()
    thread.join(60)
    assert r.status_code == 200 and r.json() == {"status": "up"}
    # Robust on a loaded machine: health came back while the costly query was still
    # running (it runs ~4 s); bench/health_under_load.py measures the latency itself.
    assert done["health"] < done["heavy"], (done, done["health"] - t)
