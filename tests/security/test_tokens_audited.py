"""Finding 10: `createToken` answered `list_tokens()[-1]` (another caller's token under
concurrency), and issuing or revoking a token left no trace in the audit trail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

CREATE = ('mutation($n: String!) { createToken(input: {role: "staff", name: $n}) { '
          'ok id token } }')


@pytest.fixture
def client(seeded_module: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_module)) as c:
        yield c


def test_each_token_id_comes_from_its_own_write(client: TestClient,
                                                seeded_module: Database) -> None:
    admin = create(seeded_module, Role.ADMIN, "token admin")
    with ThreadPoolExecutor(6) as pool:
        out = list(pool.map(lambda i: data(client, CREATE, {"n": f"caseworker {i}"},
                                           token=admin)["createToken"], range(12)))
    assert all(o["ok"] for o in out) and len({o["id"] for o in out}) == 12
    for o in out:
        stored = seeded_module.read("MATCH (t:ApiToken {id: $id}) RETURN t.hash AS hash",
                                id=o["id"])
        assert stored[0]["hash"] == hashlib.sha256(o["token"].encode()).hexdigest()


def test_issue_and_revoke_are_in_the_audit_trail_without_the_secret(
        client: TestClient, seeded_module: Database) -> None:
    admin = create(seeded_module, Role.ADMIN, "token admin")
    editor = create(seeded_module, Role.EDITOR, "an editor")
    made = data(client, CREATE, {"n": "Caseworker, Oaxaca"}, token=admin)["createToken"]
    revoked = data(client, 'mutation($id: String!) { revokeToken(input: {id: $id}) { ok id } }',
                   {"id": made["id"]}, token=admin)["revokeToken"]
    assert revoked == {"ok": True, "id": made["id"]}
    r = client.post("/graphql", json={"query": "{ me { role } }"},
                    headers={"Authorization": f"Bearer {made['token']}"})
    assert r.status_code == 401  # the id revoked is the token issued
    q = ('{ auditTrail(targetId: "ID") { actor role action targetLabel targetId before after '
         "at } }").replace("ID", made["id"])
    trail = data(client, q, token=admin)["auditTrail"]
    assert [e["action"] for e in trail] == ["revoke_token", "issue_token"]
    assert {e["actor"] for e in trail} == {"token admin"}
    assert {e["targetLabel"] for e in trail} == {"ApiToken"} and all(e["at"] for e in trail)
    issued = trail[1]["after"]["properties"]
    assert issued == {"id": made["id"], "name": "Caseworker, Oaxaca", "role": "staff",
                      "revoked": False}
    assert trail[0]["after"]["properties"]["revoked"] is True
    text = json.dumps(trail)
    assert made["token"] not in text
    assert hashlib.sha256(made["token"].encode()).hexdigest() not in text
    # Who holds which role is for admins: an editor's trail leaves token events out.
    assert data(client, q, token=editor)["auditTrail"] == []
    # The command line is audited too, under its own name.
    create(seeded_module, Role.STAFF, "from a shell")
    cli = data(client, '{ auditTrail(first: 5) { actor action } }', token=admin)["auditTrail"]
    assert {"actor": "command line", "action": "issue_token"} in cli
    assert gql(client, '{ auditTrail { actor } }')["errors"][0]["extensions"]["code"] == \
        "FORBIDDEN"
