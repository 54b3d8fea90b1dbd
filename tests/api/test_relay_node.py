"""Relay global ids (issue 18, finding 6): `node(id:)`/`nodes(ids:)` resolve every entity
type, `id` is a global id and the old id lives on as `slug`; a record the caller may not
see is null exactly like an unknown id; arguments take a global id or a slug."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.graphql.ids import decode, global_id
from referral_graph.auth.tokens import Role, create
from referral_graph.network.redact import MASK
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

HIDDEN = "casa-alianza"  # a confidential shelter of the seeds
NODE = "query($id: ID!) { node(id: $id) { __typename id ... on Organization { slug name } " \
       "... on State { slug code } ... on Collaboration { slug } ... on Agreement { slug } " \
       "... on Activity { slug } ... on Source { slug } ... on Capability { slug } " \
       "... on Membership { slug role } ... on ServiceType { slug } " \
       "... on AuditEvent { slug action } ... on ApiToken { slug name } } }"
# One record of each type in the seeds, visible to everyone.
PUBLIC_RECORDS = [
    ("Organization", "proteja"), ("State", "MX-OAX"),
    ("Collaboration", "proteja-shelters-network"), ("Agreement", "usaid-cooperative-agreement"),
    ("Activity", "t1-2009-01-12-detection-course-df"), ("Source", "qr-cover"),
    ("Capability", "cap-proteja-legal-aid"), ("Membership", "proteja-shelters-network:proteja"),
    ("ServiceType", "legal_aid"),
]
# Records a public caller may not see, each beside an unknown id of the same type.
HIDDEN_RECORDS = [
    ("Organization", HIDDEN, "no-such-organization"),
    ("Capability", "cap-casa-alianza-shelter", "cap-no-such-thing"),
    ("Membership", f"proteja-shelters-network:{HIDDEN}", "proteja-shelters-network:nobody"),
]


@pytest.fixture(scope="module")
def tokens(client: TestClient, database: Database) -> dict[str, str]:
    return {"staff": create(database, Role.STAFF, "relay staff"),
            "admin": create(database, Role.ADMIN, "relay admin")}


def node(client: TestClient, gid: str, token: str | None = None) -> dict[str, Any]:
    return gql(client, NODE, {"id": gid}, token)


@pytest.mark.parametrize(("type_name", "slug"), PUBLIC_RECORDS)
def test_node_resolves_every_entity_type(client: TestClient, type_name: str,
                                         slug: str) -> None:
    gid = global_id(type_name, slug)
    found = data(client, NODE, {"id": gid})["node"]
    assert found is not None, (type_name, slug)
    assert (found["__typename"], found["id"], found["slug"]) == (type_name, gid, slug)


def test_audit_events_and_tokens_are_nodes_for_their_roles_only(
        client: TestClient, tokens: dict[str, str]) -> None:
    admin = tokens["admin"]
    event = data(client, "{ auditTrail(first: 1) { id slug } }", token=admin)["auditTrail"][0]
    token = data(client, "{ apiTokens { id slug name } }", token=admin)["apiTokens"][0]
    for item, type_name in ((event, "AuditEvent"), (token, "ApiToken")):
        assert decode(item["id"]) == (type_name, item["slug"])
        assert data(client, NODE, {"id": item["id"]}, admin)["node"]["slug"] == item["slug"]
        unknown = global_id(type_name, "no-such-" + type_name.lower())
        # Below the role: null, the same answer as an unknown id, and no FORBIDDEN.
        for who in (None, tokens["staff"]):
            assert node(client, item["id"], who) == node(client, unknown, who) \
                == {"data": {"node": None}}


def test_every_id_is_global_and_the_old_id_is_the_slug(client: TestClient) -> None:
    d = data(client, """{ organization(id: "proteja") { id slug capabilities { id slug }
        memberships { id slug collaboration { id slug } } agreements { id slug } }
        state(code: "OAX") { id slug code } serviceTypes { id slug } }""")
    org = d["organization"]
    assert decode(org["id"]) == ("Organization", "proteja") and org["slug"] == "proteja"
    assert decode(d["state"]["id"]) == ("State", "MX-OAX") == ("State", d["state"]["slug"])
    for type_name, items in (("Capability", org["capabilities"]),
                             ("Membership", org["memberships"]),
                             ("Agreement", org["agreements"]),
                             ("ServiceType", d["serviceTypes"])):
        assert items, type_name
        # (a sub-grant named after a shelter is masked whole, id and slug)
        assert all(decode(i["id"]) == (type_name, i["slug"]) for i in items
                   if i["id"] != MASK), type_name
    # Each membership's global id resolves back to it.
    m = org["memberships"][0]
    assert data(client, NODE, {"id": m["id"]})["node"]["slug"] == m["slug"]


@pytest.mark.parametrize(("type_name", "hidden", "unknown"), HIDDEN_RECORDS)
def test_a_hidden_record_is_null_exactly_like_an_unknown_one(
        client: TestClient, database: Database, tokens: dict[str, str],
        monkeypatch: pytest.MonkeyPatch, type_name: str, hidden: str, unknown: str) -> None:
    reads: list[str] = []
    real = database.read

    def counted(query: str, **params: Any) -> Any:
        reads.append(query)
        return real(query, **params)

    monkeypatch.setattr(database, "read", counted)
    answers = []
    for slug in (hidden, unknown):
        reads.clear()
        answers.append((node(client, global_id(type_name, slug)), list(reads)))
    (seen_hidden, reads_hidden), (seen_unknown, reads_unknown) = answers
    assert seen_hidden == seen_unknown == {"data": {"node": None}}
    # The same reads, in the same order: one timing class, whatever the id names.
    assert reads_hidden == reads_unknown
    # Staff see it.
    assert node(client, global_id(type_name, hidden), tokens["staff"])["data"]["node"]


def test_nodes_keeps_the_order_asked_with_nulls(client: TestClient) -> None:
    ids = [global_id("State", "MX-OAX"), global_id("Organization", HIDDEN), "not-a-global-id",
           global_id("NoSuchType", "x"), global_id("Organization", "proteja")]
    got = data(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert [n and n["id"] for n in got["nodes"]] == [ids[0], None, None, None, ids[4]]


def test_nodes_is_bounded(client: TestClient) -> None:
    ids = [global_id("State", "MX-OAX")] * 101
    body = gql(client, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["argument"] == "ids"


def test_arguments_take_a_global_id_or_a_slug(client: TestClient) -> None:
    q = "query($id: ID!) { organization(id: $id) { slug } }"
    by_slug = data(client, q, {"id": "proteja"})
    assert data(client, q, {"id": global_id("Organization", "proteja")}) == by_slug
    assert by_slug == {"organization": {"slug": "proteja"}}
    d = data(client, """query($o: ID!, $s: StateCode!) { activities(organization: $o) { slug }
                        state(code: $s) { code } }""",
             {"o": global_id("Organization", "proteja"), "s": global_id("State", "MX-OAX")})
    assert d["activities"] and d["state"] == {"code": "MX-OAX"}
    # Another type's global id is a client's bug worth telling.
    body = gql(client, q, {"id": global_id("State", "MX-OAX")})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}


def test_no_public_global_id_names_a_hidden_record(client: TestClient) -> None:
    # The shelters' sub-grants are named after them ("subgrant-casa-alianza"): their slug is
    # masked in public answers, and so must be their global id, or base64 would show it.
    d = data(client, '{ agreements(organization: "proteja") { id slug } }')
    assert d["agreements"]
    for a in d["agreements"]:
        decoded = decode(a["id"])
        assert decoded is None or HIDDEN not in decoded[1], a
    assert any(a["id"] == MASK for a in d["agreements"])
