"""After an outage, background reads give way to the process's first writes.

A just-restarted Neo4j plans every statement cold (a tenth of a second to a second each
on two cores). The projection's follower planning its reads beside the first writes took
their CPU: in the kill test those writes were acknowledged 2.1-2.4 s after Neo4j
answered, and 1.55-2.08 s (median 1.76 s) once the follower waited for them
(docs/reliability.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from neo4j import ManagedTransaction

from referral_graph.config import Settings
from referral_graph.network.projection import Projection
from referral_graph.store.driver import Database, Timeouts


@pytest.fixture
def db(neo4j_settings: Settings) -> Iterator[Database]:
    d = Database.from_settings(neo4j_settings)
    yield d
    d.close()


def _outage_over(db: Database) -> None:
    """As the prober leaves it: the breaker opened by a failure, then closed."""
    db.breaker.failure()
    db.breaker.success()


class _HeldWrite:
    """A write transaction kept open until `release` (a first write being planned)."""

    def __init__(self, db: Database) -> None:
        self._go = threading.Event()
        self._inside = threading.Event()

        def work(tx: ManagedTransaction) -> None:
            tx.run("RETURN 1").consume()
            self._inside.set()
            assert self._go.wait(10)

        self._thread = threading.Thread(target=db.write_tx, args=(work,), daemon=True)
        self._thread.start()
        assert self._inside.wait(10)

    def release(self) -> None:
        self._go.set()
        self._thread.join(10)


def test_the_follower_waits_for_the_first_write_after_an_outage(db: Database) -> None:
    db.timeouts = Timeouts(first_writes_grace=60)  # a busy machine may be slow to begin
    _outage_over(db)
    write = _HeldWrite(db)
    assert db.first_writes_pending()
    stop, gave_way = threading.Event(), threading.Event()

    def follow() -> None:
        Projection(db).give_way(stop)
        gave_way.set()

    threading.Thread(target=follow, daemon=True).start()
    assert not gave_way.wait(0.4), "the follower read while the first write was planned"
    write.release()
    assert gave_way.wait(2), "the follower still waits after the write committed"
    assert not db.first_writes_pending()


def test_no_waiting_without_an_outage(db: Database) -> None:
    write = _HeldWrite(db)
    try:
        assert not db.first_writes_pending()  # the breaker never opened
    finally:
        write.release()


def test_no_waiting_without_a_write_in_flight(db: Database) -> None:
    _outage_over(db)
    assert not db.first_writes_pending()


def test_the_waiting_is_bounded(db: Database) -> None:
    db.timeouts = Timeouts(first_writes_grace=0.2)
    _outage_over(db)
    write = _HeldWrite(db)
    try:
        time.sleep(0.3)
        assert not db.first_writes_pending(), "a write stuck for long holds nobody up"
    finally:
        write.release()


def test_a_stop_ends_the_wait(db: Database) -> None:
    _outage_over(db)
    write = _HeldWrite(db)
    try:
        stop = threading.Event()
        stop.set()
        started = time.monotonic()
        Projection(db).give_way(stop)
        assert time.monotonic() - started < 0.5
    finally:
        write.release()
