"""The breaker's prober (`store/driver.py`): while Neo4j is away every call fails at once,
and when it is back the breaker closes by itself — no request has to be the one that waits
on a Neo4j still starting (as one did for 7.5 s in the kill test before)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import neo4j
import pytest

from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password, status
from referral_graph.network.projection import Projection
from referral_graph.store import changes
from referral_graph.store.driver import Database, DatabaseUnavailable, Timeouts
from tests.neo4j_harness import free_port


class Forwarder:
    """A TCP port that forwards to Neo4j's Bolt port, and can be shut and opened again:
    Neo4j going away and coming back, without restarting it."""

    def __init__(self, port: int, target: int) -> None:
        self.port, self.target = port, target
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def open(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_RDWR)

    def shut(self) -> None:
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not,
            # and the kernel would go on accepting connections for it.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
        self._sockets.clear()


@pytest.fixture
def forwarded(neo4j_settings: Settings) -> Iterator[tuple[Forwarder, Database]]:
    if neo4j_settings.external_neo4j:
        pytest.skip("forwards to the managed Neo4j; NEO4J_URI points at another server")
    bolt = status(neo4j_settings).bolt_port
    assert bolt is not None
    proxy = Forwarder(free_port(), bolt)
    password = read_password(neo4j_settings)
    db = Database(f"bolt://127.0.0.1:{proxy.port}", ("neo4j", password) if password else None,
                  neo4j_settings.neo4j_database,
                  Timeouts(connect=1.0, acquire=2.0, probe_every=0.05))
    try:
        yield proxy, db
    finally:
        db.close()
        proxy.shut()


def test_the_breaker_closes_by_itself_when_neo4j_is_back(
        forwarded: tuple[Forwarder, Database]) -> None:
    proxy, db = forwarded
    proxy.open()
    statement = "MATCH (s:State) RETURN count(s) AS n"
    states = db.read(statement)[0]["n"]

    proxy.shut()  # Neo4j goes away
    with pytest.raises(DatabaseUnavailable):
        db.read(statement)
    assert db.breaker.is_open
    began = time.monotonic()
    for _ in range(20):  # while it is away, every call fails at once
        with pytest.raises(DatabaseUnavailable):
            db.read(statement)
    assert time.monotonic() - began < 1.0

    proxy.open()  # Neo4j is back; nobody calls
    deadline = time.monotonic() + 10
    while db.breaker.is_open:
        assert time.monotonic() < deadline, "the breaker never closed by itself"
        time.sleep(0.05)
    assert db.read(statement)[0]["n"] == states


def test_a_read_after_this_process_wrote_gets_the_last_snapshot_in_an_outage(
        forwarded: tuple[Forwarder, Database]) -> None:
    """A write is answered at its commit; the projection catches up before the process's
    next read (`Projection.refresh`). If Neo4j is gone by then, that read gets the last
    snapshot rather than an error, and the write shows once Neo4j is back."""
    proxy, db = forwarded
    proxy.open()
    projection = Projection(db)
    before = projection.current()

    def change(tx: neo4j.ManagedTransaction) -> None:
        changes.record(tx, changes.begin(tx), orgs=[])

    db.write_tx(change)
    projection.refresh()
    proxy.shut()
    assert projection.current() is before
    proxy.open()
    deadline = time.monotonic() + 10
    while db.breaker.is_open:
        assert time.monotonic() < deadline, "the breaker never closed by itself"
        time.sleep(0.05)
    assert projection.current().version > before.version
