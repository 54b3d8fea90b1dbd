"""A token verified at a data version is not looked up again at that version (the first
requests after Neo4j restarts skip a cold plan), and a revocation still takes effect:
at once in the process that revoked, and in every other one as soon as it follows the
change the revocation records."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.kept import KeptAt
from referral_graph.store import changes
from referral_graph.store.driver import Database


@pytest.fixture
def client(seeded_module: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_module)) as c:
        yield c


def _status(client: TestClient, token: str) -> int:
    return client.post("/graphql", json={"query": "{ states { code } }"},
                       headers={"Authorization": f"Bearer {token}"}).status_code


def _head(db: Database) -> int:
    return changes.head(db).value


def _wait_for_version(client: TestClient, value: int) -> None:
    client.app.state.projection().current()  # type: ignore[attr-defined]  # loads it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        snap = client.app.state.loaded_snapshot()  # type: ignore[attr-defined]
        if snap is not None and snap.version >= value:
            return
        time.sleep(0.05)
    raise AssertionError(f"the app did not follow the database to version {value}")


def test_a_token_is_looked_up_again_only_after_a_revocation_anywhere(
        client: TestClient, seeded_module: Database) -> None:
    token = create(seeded_module, Role.STAFF, "verified once")
    assert _status(client, token) == 200
    _wait_for_version(client, _head(seeded_module))
    assert _status(client, token) == 200  # now kept
    # Revoked behind the service's back (no change recorded): the kept verification is
    # still taken, which shows the lookup was skipped...
    seeded_module.write("MATCH (t:ApiToken {hash: $h}) SET t.revoked = true",
                        h=tokens._hash(token))
    assert _status(client, token) == 200
    # ...also after an ordinary write (a stream of writes keeps its tokens)...
    seeded_module.write_tx(lambda tx: changes.record(tx, changes.begin(tx), action="edit"))
    _wait_for_version(client, _head(seeded_module))
    assert _status(client, token) == 200
    # ...until a revocation is logged, as another process's `revoke` logs it: refused.
    seeded_module.write_tx(lambda tx: changes.record(tx, changes.begin(tx), action="revoke",
                                                     scope=changes.TOKENS))
    _wait_for_version(client, _head(seeded_module))
    assert _status(client, token) == 401


def test_a_revocation_records_a_change_and_is_refused_at_once(
        client: TestClient, seeded_module: Database) -> None:
    token = create(seeded_module, Role.STAFF, "revoked soon")
    assert _status(client, token) == 200
    assert _status(client, token) == 200
    token_id = seeded_module.read("MATCH (t:ApiToken {hash: $h}) RETURN t.id AS id",
                                  h=tokens._hash(token))[0]["id"]
    before = _head(seeded_module)
    assert tokens.revoke(seeded_module, token_id)
    assert _head(seeded_module) == before + 1  # every follower's version moves
    assert _status(client, token) == 401  # this process forgot what it kept
    assert tokens.revoke(seeded_module, token_id)  # again: nothing new, no change
    assert _head(seeded_module) == before + 1


def test_a_kept_verification_expires() -> None:
    kept = KeptAt[str](max_entries=4, max_age=60.0)
    kept.put("h", (1, "e"), "staff")
    kept.max_age = 0.0
    time.sleep(0.01)
    assert kept.get("h", (1, "e")) is None  # too old: looked up again
