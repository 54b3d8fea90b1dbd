"""A referral is written in three statements (`edits.ledger`, `cypher.RECORD_REFERRAL`),
not eleven, so that the first writes after Neo4j restarts wait for fewer plans. What the
eleven guaranteed still holds: nothing is written for a missing organization or need
(each named), the audit event holds the record exactly as stored, the change log names
both organizations, and the idempotency key answers a retry with the first answer.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from referral_graph.auth.tokens import Caller, Role
from referral_graph.edits import audit, referrals
from referral_graph.edits.errors import EditRejected
from referral_graph.edits.guard import IdempotencyKey, WriteGuard
from referral_graph.store.driver import Database

STAFF = Caller(Role.STAFF, "Ana")
DAY = dt.date(2009, 3, 1)
COUNT = """
MATCH (v:DataVersion) WITH v.value AS seq
RETURN seq, COUNT { (:Referral) } AS referrals, COUNT { (:AuditEvent) } AS events,
       COUNT { (:Change) } AS changes, COUNT { (:IdempotencyKey) } AS keys
"""


def state(db: Database) -> dict[str, Any]:
    return db.read(COUNT)[0]


def record(db: Database, key: str | None = None, **kw: Any) -> str:
    args: dict[str, Any] = {"from_org": "cndh", "to_org": "proteja", "needs": ["legal_aid"],
                            "date": DAY, "outcome": "accepted", **kw}
    guard = WriteGuard(IdempotencyKey.of(STAFF, key, 1, args) if key else None)
    return referrals.record_referral(db, STAFF, guard=guard, **args)[0]


@pytest.mark.parametrize(("change", "fields"), [
    ({"from_org": "nope"}, ["input.fromOrganization"]),
    ({"to_org": "nope"}, ["input.toOrganization"]),
    ({"from_org": "nope", "to_org": "nada"}, ["input.fromOrganization", "input.toOrganization"]),
    ({"needs": ["shelter", "teleportation", "legal_aid"]}, ["input.needs[2]"]),
])
def test_a_missing_organization_or_need_is_named_and_nothing_is_written(
        seeded_db: Database, change: dict[str, Any], fields: list[str]) -> None:
    before = state(seeded_db)
    with pytest.raises(EditRejected) as e:
        record(seeded_db, key="k", **change)
    assert [f.field for f in e.value.errors] == fields
    assert {f.code for f in e.value.errors} == {"NOT_FOUND"}
    assert state(seeded_db) == before  # no referral, event, change, key; counter unmoved


def test_the_audit_event_holds_the_referral_as_stored_and_the_change_names_both(
        seeded_db: Database) -> None:
    ref = record(seeded_db, needs=["shelter", "legal_aid", "shelter"])
    event = seeded_db.read("MATCH (e:AuditEvent {target_id: $id}) RETURN e {.*} AS e",
                           id=ref)
    assert len(event) == 1
    e = event[0]["e"]
    stored = seeded_db.read_tx(lambda tx: audit.snapshot(tx, "Referral", ref))
    assert json.loads(e["after"]) == stored
    assert "before" not in e and (e["action"], e["target_label"]) == ("record", "Referral")
    assert (e["actor"], e["role"]) == ("Ana", "staff")
    assert {r["type"]: r["to"] for r in stored["relationships"]} == {
        "REFERRED_FROM": "cndh", "REFERRED_TO": "proteja"}
    assert stored["properties"]["needs"] == ["legal_aid", "shelter"]
    change = seeded_db.read("MATCH (c:Change {seq: $seq}) RETURN c {.*} AS c",
                            seq=e["seq"])[0]["c"]
    assert change["orgs"] == ["cndh", "proteja"] and change["full"] is False
    assert change["action"] == f"record Referral {ref}" and change["by"] == "Ana"
    assert e["seq"] == state(seeded_db)["seq"]


def test_a_retry_with_the_key_gets_the_first_answer_and_writes_nothing(
        seeded_db: Database) -> None:
    first = record(seeded_db, key="k1")
    after_first = state(seeded_db)
    assert after_first["keys"] == 1
    assert record(seeded_db, key="k1") == first
    again = state(seeded_db)
    # Nothing at all: not even a change number, which would leave a gap in the change log
    # and make every process reload its whole projection (it did).
    assert again == after_first
    with pytest.raises(EditRejected) as e:  # the same key for another request
        record(seeded_db, key="k1", outcome="declined")
    assert e.value.errors[0].field == "Idempotency-Key"
    assert record(seeded_db, key="k2") != first


class CountsStatements:
    """The real database; each write transaction's statements are counted."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.statements: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    def write_tx(self, work: Any, **kw: Any) -> Any:
        outer = self

        class Tx:
            def __init__(self, tx: Any) -> None:
                self._tx = tx

            def run(self, query: str, *a: Any, **k: Any) -> Any:
                outer.statements.append(" ".join(query.split())[:40])
                return self._tx.run(query, *a, **k)

        return self._db.write_tx(lambda tx: work(Tx(tx)), **kw)


def test_a_referral_is_three_statements(seeded_db: Database) -> None:
    """Each distinct statement is planned once per Neo4j start, at 0.1–1 s each on a
    just-started JVM: the first writes after an outage waited for eleven (5.3 s)."""
    counted = CountsStatements(seeded_db)
    record(counted, key="k3")  # type: ignore[arg-type]
    assert len(counted.statements) == 3, counted.statements


def test_a_referral_refreshes_the_projection_by_its_ties_alone(seeded_db: Database) -> None:
    """A referral's change log entry has scope `referrals`: a refresh re-reads the
    referral ties of its two organizations in one statement (not twelve), and the graph
    is the one a full load gives; the snapshot readers held is unchanged."""
    from referral_graph.network.loading import load_network
    from referral_graph.network.projection import Projection
    from referral_graph.store import changes
    from tests.test_projection_reads import canonical

    projection = Projection(seeded_db)
    before = projection.current()
    old = canonical(before.graph)
    G = before.graph
    a, b = next((a, b) for a in sorted(G) for b in sorted(G)
                if a < b and not G.has_edge(a, b))  # a new edge
    c, d = next(iter(sorted(tuple(sorted(e)) for e in G.edges)))  # one with other evidence
    record(seeded_db, from_org=a, to_org=b)
    record(seeded_db, from_org=d, to_org=c, outcome="declined")
    log = changes.between(seeded_db, before.version, changes.head(seeded_db).value)
    assert log is not None and [x.scope for x in log] == [changes.REFERRALS] * 2
    trips = seeded_db.round_trips
    after = projection.catch_up()
    assert after is not None and after.version == before.version + 2
    assert seeded_db.round_trips - trips <= 2  # the log, the referrals: no full refresh
    assert canonical(after.graph) == canonical(load_network(seeded_db))
    assert canonical(after.graph) != old and canonical(before.graph) == old
    assert after.graph.has_edge(a, b) and after.graph.has_edge(c, d)
