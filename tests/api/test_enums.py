"""Closed sets are enums, one spelling each (issue 18, finding 1: `organizations(kind:
"bogus")` answered `totalCount: 0`, `referralPlan(population: "martian")` answered
`plans: []`, and `Provider.reach` said "NATIONAL" where `ReferralStep.reach` said
"national")."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.graphql.schema import build_schema
from referral_graph.dataset import model as m
from tests.api.helpers import data


def _error(client: TestClient, query: str, variables: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    body = client.post("/graphql", json={"query": query, "variables": variables or {}},
                       headers={"Accept-Language": "en"}).json()
    assert body.get("errors") and not body.get("data"), body
    return body["errors"][0]


@pytest.mark.parametrize(("query", "variables", "argument"), [
    ("{ organizations(kind: bogus) { totalCount } }", None, "kind"),
    ("query($k: OrganizationKind) { organizations(kind: $k) { totalCount } }",
     {"k": "bogus"}, "kind"),
    ("{ organizations(sector: nowhere) { totalCount } }", None, "sector"),
    ('{ referralPlan(origin: "cndh", needs: ["legal_aid"], state: "OAX", '
     "population: martian) { plans { rank } } }", None, "population"),
    ("query($p: Population) { referralPlan(origin: \"cndh\", needs: [\"legal_aid\"], "
     'state: "OAX", population: $p) { plans { rank } } }', {"p": "martian"}, "population"),
    ("{ activities(kind: party) { id } }", None, "kind"),
    ("{ agreements(kind: handshake) { id } }", None, "kind"),
    ("{ collaborations(kind: club) { id } }", None, "kind"),
])
def test_a_value_outside_the_set_is_refused_naming_the_argument(
        client: TestClient, query: str, variables: dict[str, Any] | None,
        argument: str) -> None:
    error = _error(client, query, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == argument
    assert "is not a value of" in error["message"]


def test_a_value_inside_the_set_filters(client: TestClient) -> None:
    ngos = data(client, "{ organizations(kind: ngo, first: 100) { totalCount "
                        "edges { node { kind } } } }")["organizations"]
    assert ngos["totalCount"] > 0
    assert {e["node"]["kind"] for e in ngos["edges"]} == {"ngo"}


def test_reach_has_one_spelling(client: TestClient) -> None:
    schema = build_schema()._schema
    provider = schema.get_type("Provider").fields["reach"].type.of_type
    step = schema.get_type("ReferralStep").fields["reach"].type.of_type
    assert provider is step and provider.name == "Reach"
    reaches = data(client, '{ providers(service: "prosecution", state: "OAX", '
                           'asOf: "2009-03-01") { providers { reach } } }')
    assert {p["reach"] for p in reaches["providers"]["providers"]} <= set(
        schema.get_type("Reach").values)
    assert all(r.islower() for r in schema.get_type("Reach").values)


@pytest.mark.parametrize(("type_name", "field", "enum", "domain"), [
    ("Organization", "kind", "OrganizationKind", m.OrgKind),
    ("Organization", "sector", "Sector", m.Sector),
    ("Organization", "populations", "Population", m.Population),
    ("Capability", "basis", "Basis", m.Basis),
    ("Legislation", "status", "LawStatus", m.LawStatus),
    ("Collaboration", "kind", "CollaborationKind", m.CollaborationKind),
    ("Collaboration", "level", "CollaborationLevel", m.Level),
    ("Agreement", "kind", "AgreementKind", m.AgreementKind),
    ("Activity", "kind", "ActivityKind", m.ActivityKind),
])
def test_each_closed_set_is_the_domain_s_own(type_name: str, field: str, enum: str,
                                             domain: type) -> None:
    schema = build_schema()._schema
    t = schema.get_type(type_name).fields[field].type
    while hasattr(t, "of_type"):
        t = t.of_type
    assert t.name == enum
    assert set(t.values) == {d.value for d in domain}  # the data's own codes, one spelling
