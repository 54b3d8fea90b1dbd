"""Mutations: roles, field errors, nothing half-written, the audit trail, referrals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.health import check
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


CREATE = """
mutation($input: OrganizationInput!) {
  createOrganization(input: $input) { ok errors { field message }
                                      organization { id: slug name states { code } } }
}
"""

GOOD = {"name": "Clínica Jurídica Comunitaria", "kind": "ngo", "sector": "civil_society",
        "states": ["MX-OAX"], "sources": ["qr-cover"]}


def _counts(db: Database) -> dict:
    report = check(db)
    return {"nodes": report.nodes, "relationships": report.relationships}


def test_roles_are_enforced_with_a_clear_error(client: TestClient, tokens: dict) -> None:
    for who in (None, tokens["staff"]):
        body = gql(client, CREATE, {"input": GOOD}, token=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert "editor" in body["errors"][0]["message"]
    denied = gql(client, "{ apiTokens { id: slug } }", token=tokens["editor"])
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert data(client, "{ apiTokens { id: slug role } }", token=tokens["admin"])["apiTokens"]


def test_invalid_input_names_each_field_and_writes_nothing(client: TestClient, tokens: dict,
                                                          seeded_db: Database) -> None:
    before = _counts(seeded_db)
    bad = {**GOOD, "states": ["MX-OAX"], "sources": []}
    out = data(client, CREATE, {"input": bad}, token=tokens["editor"])["createOrganization"]
    assert not out["ok"] and out["organization"] is None
    assert {e["field"] for e in out["errors"]} == {"input.sources"}
    refs = {**GOOD, "states": ["MX-OAX"], "sources": ["qr-cover", "no-such-source"]}
    out = data(client, CREATE, {"input": refs}, token=tokens["editor"])["createOrganization"]
    assert {e["field"] for e in out["errors"]} == {"input.sources[1]"}
    # Closed sets and states are refused before anything runs, naming the field.
    for field, value in (("kind", "spaceship"), ("states", ["MX-OAX", "MX-ZZZ"])):
        body = gql(client, CREATE, {"input": {**GOOD, field: value}}, token=tokens["editor"])
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert field in error["extensions"]["argument"], error
    assert _counts(seeded_db) == before


def test_create_update_and_audit_trail(client: TestClient, tokens: dict) -> None:
    out = data(client, CREATE, {"input": GOOD}, token=tokens["editor"])["createOrganization"]
    assert out["ok"] and out["organization"]["id"] == "clinica-juridica-comunitaria"
    again = data(client, CREATE, {"input": GOOD}, token=tokens["editor"])["createOrganization"]
    assert [e["field"] for e in again["errors"]] == ["input.id"]
    upd = data(client, """mutation { updateOrganization(input: {
        id: "clinica-juridica-comunitaria", acronym: "CJC", states: ["MX-OAX", "MX-PUE"]})
        { ok errors { field }
        organization { acronym states { code } } } }""", token=tokens["editor"])
    assert upd["updateOrganization"]["organization"]["acronym"] == "CJC"
    found = data(client, '{ organizations(query: "cjc") { edges { node { id: slug } } } }')
    assert [e["node"]["id"] for e in found["organizations"]["edges"]] == [
        "clinica-juridica-comunitaria"]
    trail = data(client, '{ auditTrail(targetId: "clinica-juridica-comunitaria") '
                         '{ action actor before after } }', token=tokens["editor"])["auditTrail"]
    assert [e["action"] for e in trail] == ["update", "create"]
    assert trail[1]["before"] is None and trail[0]["actor"] == "test editor"
    before, after = trail[0]["before"], trail[0]["after"]  # JSON scalars
    assert "acronym" not in before["properties"] and after["properties"]["acronym"] == "CJC"


def test_capability_edit_reaches_the_directory_at_once(client: TestClient,
                                                       tokens: dict) -> None:
    data(client, CREATE, {"input": GOOD}, token=tokens["editor"])
    q = '{ providers(service: "legal_aid", state: "OAX") { noneInState ' \
        'providers { organization { id: slug } basis } } }'
    assert data(client, q)["providers"]["noneInState"] is True
    cap = data(client, """mutation { setCapability(input: {organization:
        "clinica-juridica-comunitaria", service: "legal_aid", basis: mandate,
        sources: ["qr-cover"]}) { ok errors { field message } } }""", token=tokens["editor"])
    assert [e["field"] for e in cap["setCapability"]["errors"]] == ["input"]  # no mandate named
    cap = data(client, """mutation { setCapability(input: {organization:
        "clinica-juridica-comunitaria", service: "legal_aid", basis: stated,
        sources: ["qr-cover"]}) { ok capability { id: slug service { id: slug } } } }""",
               token=tokens["editor"])
    assert cap["setCapability"]["capability"]["id"] == "clinica-juridica-comunitaria-legal-aid"
    after = data(client, q)["providers"]
    assert after["noneInState"] is False
    assert after["providers"][0]["organization"]["id"] == "clinica-juridica-comunitaria"
    # The organization's own capabilities too (answered from the projection once loaded).
    caps = data(client, """{ organization(id: "clinica-juridica-comunitaria") {
        capabilities { id: slug basis service { id: slug } sources { id: slug } } } }""",
                token=tokens["staff"])["organization"]["capabilities"]
    assert caps == [{"id": "clinica-juridica-comunitaria-legal-aid", "basis": "stated",
                     "service": {"id": "legal_aid"}, "sources": [{"id": "qr-cover"}]}]


def test_record_referral_is_evidence_of_a_tie_and_nothing_else(
        client: TestClient, tokens: dict, seeded_db: Database) -> None:
    m = """mutation($i: ReferralInput!) { recordReferral(input: $i) { ok referralId
           errors { field message } } }"""
    ok = {"fromOrganization": "pgr", "toOrganization": "cndh", "needs": ["legal_aid"],
          "date": "2024-05-02", "outcome": "completed"}
    assert gql(client, m, {"i": ok})["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = {**ok, "toOrganization": "pgr", "date": "2999-01-01"}
    errs = data(client, m, {"i": bad}, token=tokens["staff"])["recordReferral"]["errors"]
    assert {e["field"] for e in errs} == {"input.toOrganization", "input.date"}
    with_name = gql(client, m, {"i": {**ok, "victimName": "X"}}, token=tokens["staff"])
    assert "victimName" in with_name["errors"][0]["message"]  # no such field exists
    net = '{ network(around: "pgr", depth: 1) { edges { source target kinds } } }'
    kinds = [e["kinds"] for e in data(client, net)["network"]["edges"]
             if {e["source"], e["target"]} == {"pgr", "cndh"}]
    out = data(client, m, {"i": ok}, token=tokens["staff"])["recordReferral"]
    assert out["ok"] and out["referralId"]
    edge = [e for e in data(client, net)["network"]["edges"]
            if {e["source"], e["target"]} == {"pgr", "cndh"}]
    assert edge and "referral" in edge[0]["kinds"] and kinds != [edge[0]["kinds"]]
    stored = seeded_db.read("MATCH (r:Referral) RETURN properties(r) AS p")
    assert len(stored) == 1
    assert set(stored[0]["p"]) == {"id", "date", "needs", "outcome", "recorded_at", "dataset"}


def test_membership_and_agreement_edits(client: TestClient, tokens: dict) -> None:
    data(client, CREATE, {"input": GOOD}, token=tokens["editor"])
    collab = data(client, "{ collaborations { id: slug } }")["collaborations"][0]["id"]
    add = data(client, """mutation($c: ID!) { addMembership(input: {collaboration: $c,
        organization: "clinica-juridica-comunitaria", role: "member"}) { ok
        organization { memberships { role collaboration { id: slug } } } } }""", {"c": collab},
               token=tokens["editor"])["addMembership"]
    assert add["ok"] and add["organization"]["memberships"][0]["collaboration"]["id"] == collab
    missing = data(client, """mutation { addMembership(input: {collaboration: "nope",
        organization: "clinica-juridica-comunitaria"}) { ok errors { field } } }""",
                   token=tokens["editor"])["addMembership"]
    assert [e["field"] for e in missing["errors"]] == ["collaboration"]
    ag = data(client, """mutation { createAgreement(input: {kind: mou, subject: "Legal aid",
        parties: ["clinica-juridica-comunitaria", "pgr"], sources: ["qr-cover"],
        date: "2024-01-10"}) { ok errors { field message }
        agreement { id: slug parties { id: slug } } } }""",
              token=tokens["editor"])["createAgreement"]
    assert ag["ok"], ag["errors"]
    assert {p["id"] for p in ag["agreement"]["parties"]} == {"clinica-juridica-comunitaria",
                                                             "pgr"}
