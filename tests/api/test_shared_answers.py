"""Public answers shared by the workers of ``serve --workers N`` (api/shared_answers.py): a
question one worker computed is read back by another, a token holder's answer never leaves
the worker's memory (nor reaches the file), a write makes shared answers stale for every
worker, and a worker whose snapshot does not hold its own last write yet neither serves
nor adds shared answers. Two apps over one state directory stand for two workers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.api.serving import ANSWERS_FILE
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.test_answer_cache import COUNT, CREATE, NEW, SECRET, WHO, ask, counters

LEGAL_AID = """query($s: ServiceId!, $st: StateCode!) { providers(service: $s, state: $st,
  asOf: "2008-06-01") { providers { organization { id: slug name } } } }"""


@pytest.fixture
def workers(seeded_db: Database, neo4j_settings: Settings) -> Iterator[list[TestClient]]:
    settings = neo4j_settings.replace(workers=2)
    for suffix in ("", "-wal", "-shm"):  # as `serve` does at each start (prepare_workers)
        (settings.state_dir / (ANSWERS_FILE + suffix)).unlink(missing_ok=True)
    with TestClient(create_app(settings, seeded_db), client=("127.0.0.1", 50001)) as one, \
            TestClient(create_app(settings, seeded_db), client=("127.0.0.1", 50002)) as two:
        for c in (one, two):
            c.app.state.projection().current()
        yield [one, two]


def rows(state_dir: Path) -> list[bytes]:
    with sqlite3.connect(state_dir / ANSWERS_FILE) as db:
        return [bytes(b) for (b,) in db.execute("SELECT body FROM answers")]


def test_a_public_answer_one_worker_computed_is_read_back_by_another(
        workers: list[TestClient]) -> None:
    one, two = workers
    variables = {"s": "legal_aid", "st": "MX-OAX"}
    first, how = ask(one, LEGAL_AID, variables=variables)
    assert how is None and first["data"]["providers"]["providers"]
    before = counters(two)
    again, how = ask(two, LEGAL_AID, variables=variables)
    assert how == "shared" and again == first
    assert counters(two)["shared"] == before.get("shared", 0) + 1
    _, how = ask(two, LEGAL_AID, variables=variables)
    assert how == "hit"  # kept in the second worker's memory from then on


def test_a_token_holders_answer_is_never_written_to_the_shared_file(
        workers: list[TestClient], seeded_db: Database, neo4j_settings: Settings) -> None:
    one, two = workers
    staff = create(seeded_db, Role.STAFF, "shared staff")
    seen, how = ask(one, WHO, staff)
    assert how is None and seen["data"]["organization"]["name"]  # staff see the shelter
    _, how = ask(one, WHO, staff)
    assert how == "hit"  # kept, in the first worker's memory only
    _, how = ask(two, WHO, staff)
    assert how is None  # computed again: not shared
    public, _ = ask(one, WHO)
    assert public["data"]["organization"] is None
    stored = b"".join(rows(neo4j_settings.state_dir))
    assert stored  # the public answer is there
    assert SECRET.encode() not in stored and b"Casa Alianza" not in stored


def test_a_write_makes_shared_answers_stale_for_every_worker(
        workers: list[TestClient], seeded_db: Database) -> None:
    one, two = workers
    first, _ = ask(one, COUNT)
    editor = create(seeded_db, Role.EDITOR, "shared editor")
    made, _ = ask(two, CREATE, editor, {"input": NEW})
    assert made["data"]["createOrganization"]["ok"]
    expected = first["data"]["organizations"]["totalCount"] + 1
    # The worker that wrote never serves the old shared answer, even before its
    # projection has followed the write.
    _, how = ask(two, COUNT)
    assert how != "shared"
    for c in (one, two):
        c.app.state.projection().catch_up()  # followed: the new version
        seen, _ = ask(c, COUNT)
        assert seen["data"]["organizations"]["totalCount"] == expected


def test_a_worker_that_wrote_adds_nothing_until_its_snapshot_holds_the_write(
        workers: list[TestClient], seeded_db: Database) -> None:
    one, two = workers
    ask(one, COUNT)
    editor = create(seeded_db, Role.EDITOR, "shared editor two")
    made, _ = ask(two, CREATE, editor, {"input": NEW})
    assert made["data"]["createOrganization"]["ok"]
    state_dir = two.app.state.settings.state_dir
    kept = rows(state_dir)
    _, how = ask(two, LEGAL_AID, variables={"s": "legal_aid", "st": "MX-OAX"})
    assert how is None
    assert rows(state_dir) == kept  # computed while its snapshot lacked the write: not shared
    # Its next read is at the version holding the write: shared again, and the rows of
    # the version before are gone.
    _, how = ask(two, LEGAL_AID, variables={"s": "legal_aid", "st": "MX-OAX"})
    assert how is None
    assert [b"providers" in body for body in rows(state_dir)] == [True]
    one.app.state.projection().catch_up()  # the other worker follows the write
    _, how = ask(one, LEGAL_AID, variables={"s": "legal_aid", "st": "MX-OAX"})
    assert how == "shared"


def test_serve_empties_the_shared_answers_of_a_previous_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from referral_graph.api.serving import prepare_workers

    settings = Settings.from_env().replace(state_dir=tmp_path, workers=2)
    for name in ("REFERRAL_GRAPH_WORKERS", "PROMETHEUS_MULTIPROC_DIR"):
        # prepare_workers sets them for the workers. Set here first, so that monkeypatch
        # removes them after (it does not restore a variable it deleted while absent, and
        # a multiprocess-mode /metrics left behind fails other tests).
        monkeypatch.setenv(name, "unset after this test")
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / (ANSWERS_FILE + suffix)).write_bytes(b"an answer of older code")
    prepare_workers(settings, 2)
    assert not list(tmp_path.glob(ANSWERS_FILE + "*"))


def test_the_file_keeps_within_its_budget_dropping_the_oldest(tmp_path: Path) -> None:
    import datetime as dt

    from referral_graph.api.answer_cache import Entry, Version
    from referral_graph.api.shared_answers import SharedAnswers

    shared = SharedAnswers(tmp_path / ANSWERS_FILE, max_bytes=2_500)
    v = Version("e", 1, dt.date(2026, 11, 28))
    keys = [(f"{{ q{i} }}", "{}", None, ("PUBLIC", ""), "es") for i in range(3)]
    for i, k in enumerate(keys):
        shared.put(v, k, Entry(bytes([65 + i]) * 1_000))
    assert shared.get(v, keys[0]) is None  # the oldest made room
    assert [shared.get(v, k).body[:1] for k in keys[1:]] == [b"B", b"C"]  # type: ignore[union-attr]
    shared.put(v, ("{ big }", "{}", None, ("PUBLIC", ""), "es"), Entry(b"x" * 3_000))
    assert shared.get(v, keys[2]) is not None  # an answer over the whole budget is not kept
