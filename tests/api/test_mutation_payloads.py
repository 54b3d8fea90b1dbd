"""Issue 18, finding 5: payloads return the object saved. Before, `recordReferral` and
`createActivity` answered ids (no Referral type existed), memberships only the organization,
`setCapacity` a capability id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.api.graphql.ids import global_id
from referral_graph.api.graphql.schema import build_schema
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def test_a_referral_holds_two_organizations_a_date_needs_an_outcome_and_nothing_else(
) -> None:
    referral = build_schema()._schema.type_map["Referral"]
    assert set(referral.fields) == {  # type: ignore[attr-defined]
        "id", "slug", "date", "outcome", "fromOrganization", "toOrganization", "needs"}


REFERRAL = """mutation($i: ReferralInput!) { recordReferral(input: $i) { userErrors { code }
  referral { id: slug date outcome fromOrganization { id: slug } toOrganization { id: slug }
             needs { id: slug } } } }"""
ACTIVITY = """mutation($i: ActivityInput!) { createActivity(input: $i) { userErrors { code }
  activity { id: slug theme start participants { id: slug } } } }"""
MEMBERSHIP = """mutation($i: AddMembershipInput!) { addMembership(input: $i) {
  userErrors { code } membership { role organization { id: slug }
  collaboration { id: slug } } } }"""
CAPACITY = """mutation($i: CapacityInput!) { setCapacity(input: $i) { userErrors { code }
  capability { id: slug capacity { available total } } } }"""


def test_payloads_return_the_referral_activity_membership_and_capability(
        client: TestClient, seeded_db: Database) -> None:
    staff = create(seeded_db, Role.STAFF, "payload staff")
    editor = create(seeded_db, Role.EDITOR, "payload editor")
    ref = data(client, REFERRAL, {"i": {
        "fromOrganization": "pgr", "toOrganization": "cndh", "needs": ["legal_aid"],
        "date": "2024-05-02", "outcome": "completed"}}, token=staff)["recordReferral"]
    assert ref["userErrors"] == [] and ref["referral"]["id"].startswith("referral-")
    assert {k: v for k, v in ref["referral"].items() if k != "id"} == {
        "date": "2024-05-02", "outcome": "completed", "fromOrganization": {"id": "pgr"},
        "toOrganization": {"id": "cndh"}, "needs": [{"id": "legal_aid"}]}
    # A Referral is a Node: staff resolve its global id; anyone else gets null, as unknown.
    gid = global_id("Referral", ref["referral"]["id"])
    node = "query($id: ID!) { node(id: $id) { ... on Referral { slug date } } }"
    assert data(client, node, {"id": gid}, token=staff)["node"] == {
        "slug": ref["referral"]["id"], "date": "2024-05-02"}
    assert data(client, node, {"id": gid})["node"] is None
    assert data(client, node, {"id": global_id("Referral", "referral-none")},
                token=staff)["node"] is None
    act = data(client, ACTIVITY, {"i": {
        "kind": "workshop", "theme": "Referral routes", "start": "2008-03-04",
        "participants": ["pgr", "cndh"], "sources": ["qr-cover"]}},
        token=editor)["createActivity"]
    assert act["userErrors"] == [] and act["activity"]["theme"] == "Referral routes"
    assert sorted(p["id"] for p in act["activity"]["participants"]) == ["cndh", "pgr"]
    collab = data(client, "{ collaborations { id: slug } }")["collaborations"][0]["id"]
    mem = data(client, MEMBERSHIP, {"i": {"collaboration": collab, "organization": "pgr",
                                          "role": "member"}}, token=editor)["addMembership"]
    assert mem["membership"] == {"role": "member", "organization": {"id": "pgr"},
                                 "collaboration": {"id": collab}}
    cap = data(client, CAPACITY, {"i": {"capability": "cap-oaxaca-dif-social-protection",
                                        "available": 3, "total": 10}},
               token=staff)["setCapacity"]
    assert cap["capability"] == {"id": "cap-oaxaca-dif-social-protection",
                                 "capacity": {"available": 3, "total": 10}}
