"""Real processes, real kills (findings 1 and 2): SIGKILL Neo4j during a stream of
mutations, then SIGKILL the service mid-write and start it again.

Each request carries its own Idempotency-Key and is retried with it until acknowledged,
as the API asks clients to. Afterwards: every acknowledged write is stored, none twice;
during the outage every answer was a 503 and came at once; the service took writes again
soon after Neo4j answered. The figures are printed (`pytest -s`) and recorded in
docs/reliability.md; the bounds asserted here are wide, to hold on a loaded machine.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.importer.run import import_dataset
from referral_graph.neo4j_server import start, status
from referral_graph.store.driver import Database
from tests.conftest import wipe
from tests.faults.processes import Service, Stream

OUTAGE_ANSWER_BOUND = 5.0  # seconds (goal and typical: well under 2; before: 14 to 52)
RECOVERY_BOUND = 10.0  # seconds after Neo4j answers (goal: 2; before: about 25)


@pytest.fixture(scope="module")
def service(database: Database, neo4j_settings: Settings,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    token = create(database, Role.STAFF, "Fault test stream")
    svc = Service(neo4j_settings, tmp_path_factory.mktemp("serve") / "serve.log")
    svc.start()
    try:
        yield svc, token
    finally:
        svc.stop()


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def stored_once(db: Database, stream: Stream) -> None:
    """Every acknowledged referral is stored, and no request's referral twice."""
    rows = db.read("MATCH (r:Referral) WHERE $first <= r.date <= $last "
                   "RETURN r.id AS id, toString(r.date) AS day",
                   first=stream.day(0), last=stream.day(stream.total))
    per_day = Counter(r["day"] for r in rows)
    assert not [d for d, n in per_day.items() if n > 1], "a write was duplicated"
    assert set(stream.acked.values()) <= {r["id"] for r in rows}, "an acknowledged write lost"
    assert len(stream.acked) == stream.total, "some requests were never acknowledged"
    assert len(rows) == stream.total


@pytest.mark.skipif(Settings.from_env().external_neo4j,
                    reason="kills the managed Neo4j; NEO4J_URI points at another server")
@pytest.mark.timeout(900)  # a JVM restart on a machine shared by many takes minutes at worst
def test_neo4j_killed_during_a_stream_of_mutations(service: tuple[Service, str],
                                                   database: Database,
                                                   neo4j_settings: Settings) -> None:
    svc, token = service
    stream = Stream(svc.url, token, total=80, tag="neo4j-kill")
    stream.start(seconds=600)
    wait_for(lambda: len(stream.acked) >= 20, 60, "writes before the kill")
    pid = status(neo4j_settings).pid
    assert pid is not None
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    time.sleep(1.5)  # the writers run into the outage
    start(neo4j_settings)
    wait_for(database.ping, 300, "Neo4j answering after its restart")
    up = time.monotonic()  # Neo4j answers queries again
    stream.wait()
    during = [a for a in stream.attempts if killed < a.sent and a.sent + a.took < up]
    answer = max(a.took for a in during)
    statuses = Counter(a.status for a in during)
    recovered = min(a.sent + a.took for a in stream.attempts if a.ok and a.sent > up) - up
    print(f"\nNeo4j killed: {len(stream.acked)} writes acknowledged, {len(during)} answers "
          f"during the outage {dict(statuses)}, slowest {answer:.3f} s; writes accepted "
          f"again {recovered:.2f} s after Neo4j answered; Neo4j restart took "
          f"{up - killed - 1.5:.1f} s")
    for a in sorted(stream.attempts, key=lambda a: a.sent):  # DEBUG
        if a.sent > up - 2 and a.sent < up + recovered + 1:
            print(f"  {a.sent - up:+.2f} took {a.took:.2f} status {a.status} ok {a.ok}")
    stored_once(database, stream)
    assert during and set(statuses) == {503}, statuses  # one shape: never 200, 500 or a hang
    assert answer < OUTAGE_ANSWER_BOUND
    assert recovered < RECOVERY_BOUND


def test_service_killed_mid_write_and_restarted(service: tuple[Service, str],
                                                database: Database) -> None:
    svc, token = service
    stream = Stream(svc.url, token, total=60, tag="service-kill",
                    first_day=dt.date(2021, 1, 1))
    stream.start(seconds=180)
    wait_for(lambda: len(stream.acked) >= 15, 60, "writes before the kill")
    svc.kill()
    unanswered = stream.total - len(stream.acked)
    took = svc.start()
    stream.wait()
    print(f"\nservice killed with {unanswered} requests not yet acknowledged; restarted in "
          f"{took:.1f} s; {len(stream.acked)} acknowledged in the end")
    stored_once(database, stream)


def test_the_service_log_holds_no_traceback(service: tuple[Service, str]) -> None:
    svc, _ = service
    assert "Traceback" not in Path(svc.log).read_text()
