"""Real processes, real kills (findings 1 and 2): SIGKILL Neo4j during a stream of
mutations, then SIGKILL the service mid-write and start it again.

Each request carries its own Idempotency-Key and is retried with it until acknowledged,
as the API asks clients to. Afterwards: every acknowledged write is stored, none twice;
during the outage every answer was a 503 and came at once; the service took writes again
soon after Neo4j answered. The times are printed (`pytest -s`) and recorded in
docs/reliability.md, not asserted: on a machine shared by many they depend on the others
(tests/faults/test_outage.py asserts the outage answer where it involves no waiting).
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


@pytest.fixture(scope="module")
def service(database: Database, neo4j_settings: Settings,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, str]]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    token = create(database, Role.STAFF, "Fault test stream")
    editor = create(database, Role.EDITOR, "Fault test editor")
    svc = Service(neo4j_settings, tmp_path_factory.mktemp("serve") / "serve.log")
    svc.start()
    svc.editor = editor  # type: ignore[attr-defined]
    try:
        yield svc, token
    finally:
        svc.stop()


def test_load_smoke(service: tuple[Service, str], neo4j_settings: Settings) -> None:
    """bench/load.py, briefly: mixed reads and writes from several clients, no error."""
    from bench.load import run_load, summary

    svc, staff = service
    assert svc.proc is not None
    report = run_load(svc.url, staff, svc.editor, clients=6, seconds=8,  # type: ignore[attr-defined]
                      interval=4, service_pid=svc.proc.pid, show=False)
    print("\n" + summary(report))
    assert report.total.requests > 20
    assert report.total.errors == 0, report.total.first_error


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def answers(db: Database) -> bool:
    """Neo4j answers a query: asked through the driver itself, not through `Database`,
    whose breaker would make this process wait for its own recovery (and so start the
    recovery clock late)."""
    try:
        db.driver.execute_query("RETURN 1", database_=db.database)
    except Exception:  # whatever the failure, the answer is "not yet"
        return False
    return True


def children(pid: int) -> list[int]:
    return [int(c) for task in Path(f"/proc/{pid}/task").glob("*/children")
            for c in task.read_text().split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


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
    wait_for(lambda: answers(database), 300, "Neo4j answering after its restart")
    up = time.monotonic()  # Neo4j answers queries again
    stream.wait()
    during = [a for a in stream.attempts if killed < a.sent and a.sent + a.took < up]
    answer = max(a.took for a in during)
    statuses = Counter(a.status for a in during)
    # Recovery: a write sent after Neo4j answered, acknowledged. The first acknowledgement
    # of any write is printed beside it: requests sent just before the test saw Neo4j
    # answer (the service's prober may see it first) are acknowledged sooner.
    recovered = min(a.sent + a.took for a in stream.attempts if a.ok and a.sent > up) - up
    first_ack = min(a.sent + a.took for a in stream.attempts if a.ok and a.sent + a.took > up)
    print(f"\nNeo4j killed: {len(stream.acked)} writes acknowledged, {len(during)} answers "
          f"during the outage {dict(statuses)}, slowest {answer:.3f} s; writes accepted "
          f"again {recovered:.2f} s after Neo4j answered (first acknowledgement after "
          f"{first_ack - up:.2f} s); Neo4j restart took {up - killed - 1.5:.1f} s")
    stored_once(database, stream)
    # One shape: a 503, never a 500 or an HTTP 200 carrying the error. (0: no answer within
    # the client's 10 s, which happens only while a restarting Neo4j is slow to serve.)
    assert during and set(statuses) <= {503, 0} and statuses[503], statuses


def test_service_killed_mid_write_and_restarted(service: tuple[Service, str],
                                                database: Database) -> None:
    svc, token = service
    stream = Stream(svc.url, token, total=60, tag="service-kill",
                    first_day=dt.date(2021, 1, 1))
    stream.start(seconds=180)
    wait_for(lambda: len(stream.acked) >= 15, 60, "writes before the kill")
    assert svc.proc is not None
    workers = children(svc.proc.pid)
    svc.kill()
    # Its workers do not live on as orphans answering on the port (they did).
    killed = time.monotonic()
    wait_for(lambda: not [w for w in workers if alive(w)], 10, "orphaned workers stopped")
    print(f"\norphaned workers stopped {time.monotonic() - killed:.2f} s after the kill")
    unanswered = stream.total - len(stream.acked)
    took = svc.start()
    stream.wait()
    print(f"\nservice killed with {unanswered} requests not yet acknowledged; restarted in "
          f"{took:.1f} s; {len(stream.acked)} acknowledged in the end")
    stored_once(database, stream)


def test_the_service_log_holds_no_traceback(service: tuple[Service, str]) -> None:
    svc, _ = service
    text = Path(svc.log).read_text()
    at = text.find("Traceback")
    assert at < 0, text[max(0, at - 500):at + 3000]
