"""Mutations that had no test of their own: tokens (issue, list, revoke; only admins),
changing an organization's kind, and a new source passage.

The shelter rule on a kind change (an organization made a shelter becomes confidential) is
held by tests/security; here, what else follows the kind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


@pytest.fixture
def tokens(seeded_db: Database) -> dict[str, str]:
    return {r.name.lower(): create(seeded_db, r, f"test {r.name.lower()}")
            for r in (Role.STAFF, Role.EDITOR, Role.ADMIN)}


ISSUE = """mutation($role: String!, $name: String!) { createToken(input: {role: $role,
    name: $name}) {
    ok id token errors { field message } } }"""
REVOKE = """mutation($id: String!) { revokeToken(input: {id: $id}) { ok id
    errors { field message } } }"""
LIST = "{ apiTokens { id: slug role name revoked createdAt } }"
ME = "{ me { role name } }"


def _count_tokens(db: Database) -> int:
    return db.read("MATCH (t:ApiToken) RETURN count(t) AS n")[0]["n"]


def test_only_admins_issue_list_or_revoke_tokens(client: TestClient, tokens: dict[str, str],
                                                 seeded_db: Database) -> None:
    before = _count_tokens(seeded_db)
    some_id = data(client, LIST, token=tokens["admin"])["apiTokens"][0]["id"]
    for who in (None, tokens["staff"], tokens["editor"]):
        for query, variables in ((ISSUE, {"role": "admin", "name": "me, promoted"}),
                                 (REVOKE, {"id": some_id}), (LIST, {})):
            body = gql(client, query, variables, token=who)
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (who, query)
            assert "admin" in body["errors"][0]["message"]
    assert _count_tokens(seeded_db) == before
    listed = data(client, LIST, token=tokens["admin"])["apiTokens"]
    assert not any(t["revoked"] for t in listed)


def test_an_issued_token_works_is_listed_without_its_value_and_revokes(
        client: TestClient, tokens: dict[str, str]) -> None:
    admin = tokens["admin"]
    made = data(client, ISSUE, {"role": "EDITOR", "name": "  Caseworker, Oaxaca "},
                token=admin)["createToken"]
    assert made["ok"] and made["errors"] == [] and made["token"].startswith("rg_")
    assert data(client, ME, token=made["token"])["me"] == {"role": "editor",
                                                          "name": "Caseworker, Oaxaca"}
    listed = data(client, LIST, token=admin)["apiTokens"]
    mine = [t for t in listed if t["id"] == made["id"]]
    assert [(t["role"], t["name"], t["revoked"]) for t in mine] == [
        ("editor", "Caseworker, Oaxaca", False)]
    assert mine[0]["createdAt"]
    assert made["token"] not in json.dumps(listed)  # shown once, at issue, never again
    out = data(client, REVOKE, {"id": made["id"]}, token=admin)["revokeToken"]
    assert out == {"ok": True, "id": made["id"], "errors": []}
    r = client.post("/graphql", json={"query": ME},
                    headers={"Authorization": f"Bearer {made['token']}"})
    assert r.status_code == 401
    again = data(client, LIST, token=admin)["apiTokens"]
    assert [t["revoked"] for t in again if t["id"] == made["id"]] == [True]
    # The other tokens are untouched.
    assert data(client, ME, token=tokens["staff"])["me"]["role"] == "staff"


@pytest.mark.parametrize(("variables", "field", "says"), [
    ({"role": "public", "name": "anyone"}, "role", "need no token"),
    ({"role": "wizard", "name": "anyone"}, "role", "staff, editor, admin"),
    ({"role": "staff", "name": "   "}, "name", "who the token is for"),
])
def test_bad_token_input_names_the_field(client: TestClient, tokens: dict[str, str],
                                         seeded_db: Database, variables: dict[str, str],
                                         field: str, says: str) -> None:
    before = _count_tokens(seeded_db)
    out = data(client, ISSUE, variables, token=tokens["admin"])["createToken"]
    assert not out["ok"] and out["token"] is None and out["id"] is None
    [error] = out["errors"]
    assert error["field"] == field and says in error["message"]
    assert _count_tokens(seeded_db) == before


def test_revoking_an_unknown_token_says_so(client: TestClient, tokens: dict[str, str]) -> None:
    out = data(client, REVOKE, {"id": "no-such-token"}, token=tokens["admin"])["revokeToken"]
    assert out["ok"] is False and [e["field"] for e in out["errors"]] == ["id"]


UPDATE = """mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { ok errors { field message }
    organization { id: slug kind } } }"""
ORG = """query($id: ID!) { organization(id: $id) { kind es: kindLabel(lang: ES)
    en: kindLabel(lang: EN) } }"""
BY_KIND = """query($kind: OrganizationKind) { organizations(kind: $kind, first: 100) {
    edges { node { id: slug } } } }"""
AROUND = """query($id: ID!) { network(around: $id, depth: 0) { nodes { id kind
    kindLabel(lang: EN) } } }"""


def _ids(client: TestClient, kind: str, token: str | None = None) -> set[str]:
    edges = data(client, BY_KIND, {"kind": kind}, token=token)["organizations"]["edges"]
    return {e["node"]["id"] for e in edges}


def test_a_kind_change_reaches_labels_filters_the_network_and_the_trail(
        client: TestClient, tokens: dict[str, str], seeded_db: Database) -> None:
    oid = "mujeres-chinantecas"  # an NGO in the seeds
    assert data(client, ORG, {"id": oid})["organization"]["kind"] == "ngo"
    assert oid in _ids(client, "ngo") and oid not in _ids(client, "government_agency")
    out = data(client, UPDATE, {"input": {"id": oid, "kind": "government_agency"}},
               token=tokens["editor"])["updateOrganization"]
    assert out["ok"], out["errors"]
    assert data(client, ORG, {"id": oid})["organization"] == {
        "kind": "government_agency", "es": "Dependencia de gobierno", "en": "Government agency"}
    assert oid not in _ids(client, "ngo") and oid in _ids(client, "government_agency")
    [node] = data(client, AROUND, {"id": oid})["network"]["nodes"]
    assert (node["kind"], node["kindLabel"]) == ("government_agency", "Government agency")
    trail = data(client, '{ auditTrail(targetId: "mujeres-chinantecas") { action before after } }',
                 token=tokens["editor"])["auditTrail"]
    before, after = (trail[0][k]["properties"]["kind"] for k in ("before", "after"))
    assert (trail[0]["action"], before, after) == ("update", "ngo", "government_agency")
    labels = seeded_db.read("MATCH (o:Organization {id: $id}) RETURN labels(o) AS l", id=oid)
    assert "Shelter" not in labels[0]["l"]
    refused = gql(client, UPDATE, {"input": {"id": oid, "kind": "spaceship"}},
                  token=tokens["editor"])
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["BAD_USER_INPUT"]
    assert data(client, ORG, {"id": oid})["organization"]["kind"] == "government_agency"


def test_a_shelter_made_an_ngo_loses_the_label_and_stays_hidden(
        client: TestClient, tokens: dict[str, str], seeded_db: Database) -> None:
    oid = "casa-alianza"
    out = data(client, UPDATE, {"input": {"id": oid, "kind": "ngo"}},
               token=tokens["editor"])["updateOrganization"]
    assert out["ok"], out["errors"]
    labels = seeded_db.read("MATCH (o:Organization {id: $id}) RETURN labels(o) AS l, "
                            "o.confidential AS c", id=oid)
    assert "Shelter" not in labels[0]["l"] and labels[0]["c"] is True
    staff = data(client, ORG, {"id": oid}, token=tokens["staff"])["organization"]
    assert staff["kind"] == "ngo" and staff["en"] == "NGO"
    # Still confidential: no public answer names it, under its new kind or its old one.
    assert data(client, ORG, {"id": oid})["organization"] is None
    assert oid not in _ids(client, "ngo") | _ids(client, "shelter")
    assert oid in _ids(client, "ngo", tokens["staff"])


SOURCE = """mutation($input: SourceInput!) { createSource(input: $input) { ok
    errors { field message } source { id: slug document section table passage date } } }"""


def test_a_new_source_is_stored_and_can_be_cited(client: TestClient,
                                                 tokens: dict[str, str]) -> None:
    passage = {"document": "Field notes, Oaxaca task force", "section": "Minutes",
               "passage": "The clinic offers legal advice on Tuesdays.", "id": "notes-oax-1"}
    denied = gql(client, SOURCE, {"input": passage}, token=tokens["staff"])
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    out = data(client, SOURCE, {"input": passage}, token=tokens["editor"])["createSource"]
    assert out["ok"], out["errors"]
    assert out["source"] == {"id": "notes-oax-1", "document": passage["document"],
                             "section": "Minutes", "table": None,
                             "passage": passage["passage"], "date": None}
    again = data(client, SOURCE, {"input": passage}, token=tokens["editor"])["createSource"]
    assert not again["ok"] and [e["field"] for e in again["errors"]] == ["input.id"]
    cited = data(client, UPDATE, {"input": {"id": "mujeres-chinantecas",
                                  "sources": ["notes-oax-1"]}},
                 token=tokens["editor"])["updateOrganization"]
    assert cited["ok"], cited["errors"]
