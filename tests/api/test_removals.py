"""Issue 18, finding 5: the missing removals — `removeCapability`, `deleteAgreement`,
`deleteActivity`. Each: editors only, the record really gone, audited (before kept, after
null), a stale `expectedVersion` refused with CONFLICT, a retry with its Idempotency-Key
answered without a second write, and the public view and the projection follow."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def post(client: TestClient, query: str, variables: dict[str, Any], token: str | None,
         key: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key:
        headers["Idempotency-Key"] = key
    r = client.post("/graphql", json={"query": query, "variables": variables},
                    headers=headers)
    assert r.status_code == 200, r.text
    return dict(r.json())


ORG = """mutation($i: OrganizationInput!) { createOrganization(input: $i) {
  userErrors { path code } organization { id: slug } } }"""
PAIR = ("zq-norte", "zq-sur")  # two new organizations: no tie but the one made here


def _pair(client: TestClient, editor: str) -> None:
    for oid in PAIR:
        out = data(client, ORG, {"i": {"id": oid, "name": f"Zq {oid}", "kind": "ngo",
                                       "sector": "civil_society", "states": ["MX-OAX"],
                                       "sources": ["qr-cover"]}}, token=editor)
        assert out["createOrganization"]["userErrors"] == []


def _version(db: Database, label: str, node_id: str) -> int | None:
    rows = db.read(f"MATCH (n:{label} {{id: $id}}) RETURN n.version AS v", id=node_id)
    return rows[0]["v"] if rows else None


def _trail(client: TestClient, editor: str, target: str) -> list[dict[str, Any]]:
    q = """query($t: ID) { auditTrail(targetId: $t) { action before after } }"""
    return list(data(client, q, {"t": target}, token=editor)["auditTrail"])


def _tied(client: TestClient) -> bool:
    G = client.app.state.projection().graph  # type: ignore[attr-defined]
    return bool(G.has_edge(*PAIR))


def _check_removal(client: TestClient, db: Database, editor: str, label: str, node_id: str,
                   mutation: str, field: str) -> dict[str, Any]:
    """Forbidden to staff, CONFLICT on a stale version, then removed once with a key;
    the retry with the key answers the same; the trail keeps the record as it was."""
    query = f"""mutation($i: {mutation[0].upper() + mutation[1:]}Input!) {{
      r: {mutation}(input: $i) {{ clientMutationId userErrors {{ path code message }}
      {field} }} }}"""
    staff = create(db, Role.STAFF, "removal staff")
    denied = post(client, query, {"i": {"id": node_id}}, staff)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    version = _version(db, label, node_id)
    assert version
    stale = post(client, query, {"i": {"id": node_id, "expectedVersion": version - 1}}, editor)
    assert [(e["path"], e["code"]) for e in stale["data"]["r"]["userErrors"]] == [
        (["input", "expectedVersion"], "CONFLICT")]
    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert _version(db, label, node_id) == version  # still there
    given = {"i": {"id": node_id, "expectedVersion": version, "clientMutationId": "rm"}}
    done = post(client, query, given, editor, key=f"remove-{node_id}")["data"]["r"]
    assert done["userErrors"] == [] and done["clientMutationId"] == "rm"
    assert _version(db, label, node_id) is None and not db.read(
        f"MATCH (n:{label} {{id: $id}}) RETURN n", id=node_id)
    again = post(client, query, given, editor, key=f"remove-{node_id}")["data"]["r"]
    assert again["userErrors"] == [] and again == done  # the first answer, organizations too
    gone = post(client, query, {"i": {"id": node_id}}, editor)["data"]["r"]
    assert [(e["path"], e["code"]) for e in gone["userErrors"]] == [(["input", "id"],
                                                                      "NOT_FOUND")]
    trail = [e for e in _trail(client, editor, node_id) if e["action"] == "delete"]
    assert len(trail) == 1 and trail[0]["after"] is None
    return dict(trail[0]["before"])  # a JSON scalar: the object itself


def test_remove_capability(client: TestClient, seeded_db: Database) -> None:
    editor = create(seeded_db, Role.EDITOR, "removal editor")
    _pair(client, editor)
    cap = """mutation { setCapability(input: {organization: "zq-norte", service: "legal_aid",
      basis: stated, sources: ["qr-cover"]}) { userErrors { code } capability { id: slug } } }"""
    cap_id = data(client, cap, token=editor)["setCapability"]["capability"]["id"]
    providers = """{ providers(service: "legal_aid", state: "OAX") {
      providers { organization { id: slug } } } }"""

    def listed() -> bool:
        found = data(client, providers)["providers"]["providers"]
        return "zq-norte" in {p["organization"]["id"] for p in found}

    assert listed()
    before = _check_removal(client, seeded_db, editor, "Capability", cap_id,
                            "removeCapability", "removedCapabilityId organization { id }")
    assert before["properties"]["basis"] == "stated"
    assert before["incoming"] == [{"type": "PROVIDES", "from": "zq-norte"}]
    assert not listed()  # plans and the public directory follow at once
    caps = data(client, '{ organization(id: "zq-norte") { capabilities { id: slug } } }')
    assert caps["organization"]["capabilities"] == []


ACTIVITY = """mutation { createActivity(input: {kind: workshop, theme: "Zq routes",
  start: "2008-03-04", participants: ["zq-norte", "zq-sur"], sources: ["qr-cover"]}) {
  userErrors { code } activity { id: slug } } }"""
AGREEMENT = """mutation { createAgreement(input: {kind: mou, subject: "Zq referrals",
  parties: ["zq-norte", "zq-sur"], sources: ["qr-cover"]}) {
  userErrors { code } agreement { id: slug } } }"""


def test_delete_activity(client: TestClient, seeded_db: Database) -> None:
    editor = create(seeded_db, Role.EDITOR, "removal editor")
    _pair(client, editor)
    activity_id = data(client, ACTIVITY, token=editor)["createActivity"]["activity"]["id"]
    assert _tied(client)
    before = _check_removal(client, seeded_db, editor, "Activity", activity_id,
                            "deleteActivity", "deletedId organizations { id }")
    assert before["properties"]["theme"] == "Zq routes"
    assert {i["from"] for i in before["incoming"]} == set(PAIR)
    assert not _tied(client)  # the projection (plans, network, reports) follows
    public = data(client, '{ organization(id: "zq-norte") { activities { id: slug } } }')
    assert public["organization"]["activities"] == []


def test_delete_agreement(client: TestClient, seeded_db: Database) -> None:
    editor = create(seeded_db, Role.EDITOR, "removal editor")
    _pair(client, editor)
    agreement_id = data(client, AGREEMENT, token=editor)["createAgreement"]["agreement"]["id"]
    assert _tied(client)
    before = _check_removal(client, seeded_db, editor, "Agreement", agreement_id,
                            "deleteAgreement", "deletedId organizations { id }")
    assert before["properties"]["subject"] == "Zq referrals"
    assert not _tied(client)
    public = data(client, '{ organization(id: "zq-norte") { agreements { id: slug } } }')
    assert public["organization"]["agreements"] == []
