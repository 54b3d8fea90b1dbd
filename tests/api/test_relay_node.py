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

    # Both asked at one data version: the `tokens` fixture may have just written, and the
    # first answer at a new version also reads the reference sets, whichever id it names.
    client.app.state.projection().catch_up()
    node(client, global_id("State", "MX-OAX"))
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


# One record of every Node type of the schema: `test_every_node_type_has_a_record_here`
# fails when a type becomes a Node without one, so no future type is left unresolved.
# (Referral: the seeds record none; the test records one as staff.)
EVERY_NODE_TYPE = dict(PUBLIC_RECORDS) | {
    "Legislation": "law-mx-agu", "Figure": "fig-budget", "Conflict": "subgrants-end-date",
    "ConflictSide": "subgrants-end-march-3", "AuditEvent": "", "ApiToken": "", "Referral": "",
}
# Types with an `id` that are not Nodes, and why: each is a view computed for one answer,
# not a stored record; each links to the record it shows.
NOT_NODES = {
    "NetworkNode": "a drawing's view of an Organization (see `organization`)",
    "Subject": "names the record a figure or statement is about (its kind and slug)",
    "NetworkEdge": "a tie computed from agreements, activities, memberships and referrals",
    "TokenPayload": "a mutation's answer; its `id` names the ApiToken it created",
}
TYPES = """{ node: __type(name: "Node") { possibleTypes { name } }
  __schema { types { name kind interfaces { name } fields { name } } } }"""


def node_types(client: TestClient) -> set[str]:
    return {t["name"] for t in data(client, TYPES)["node"]["possibleTypes"]}


def test_every_node_type_has_a_record_here(client: TestClient) -> None:
    assert node_types(client) == set(EVERY_NODE_TYPE)


def test_every_type_with_a_stored_id_is_a_node(client: TestClient) -> None:
    # A type that answers an `id` either implements Node (so node(id:) resolves it) or
    # is named in NOT_NODES with the reason it is not a stored record.
    with_id = {t["name"] for t in data(client, TYPES)["__schema"]["types"]
               if t["kind"] == "OBJECT" and not t["name"].startswith("__")
               and "id" in {f["name"] for f in t["fields"] or ()}
               and "Node" not in {i["name"] for i in t["interfaces"] or ()}}
    assert with_id == set(NOT_NODES)


def test_node_resolves_every_node_type_of_the_schema(
        client: TestClient, tokens: dict[str, str]) -> None:
    admin, staff = tokens["admin"], tokens["staff"]
    samples = dict(EVERY_NODE_TYPE)
    samples["AuditEvent"] = data(client, "{ auditTrail(first: 1) { slug } }",
                                 token=admin)["auditTrail"][0]["slug"]
    samples["ApiToken"] = data(client, "{ apiTokens { slug } }",
                               token=admin)["apiTokens"][0]["slug"]
    samples["Referral"] = data(client, """mutation($i: ReferralInput!) {
        recordReferral(input: $i) { referral { slug } } }""", {"i": {
        "fromOrganization": "pgr", "toOrganization": "cndh", "needs": ["legal_aid"],
        "date": "2024-05-02", "outcome": "completed"}}, staff)["recordReferral"]["referral"]["slug"]
    types = sorted(node_types(client))
    query = ("query($id: ID!) { node(id: $id) { __typename id "
             + " ".join(f"... on {t} {{ slug }}" for t in types) + " } }")
    for type_name in types:
        gid = global_id(type_name, samples[type_name])
        found = data(client, query, {"id": gid}, admin)["node"]
        assert found == {"__typename": type_name, "id": gid, "slug": samples[type_name]}, \
            type_name
        unknown = global_id(type_name, "no-such-record")
        assert data(client, query, {"id": unknown}, admin)["node"] is None, type_name


def test_laws_figures_and_conflicts_are_nodes_read_as_the_api_reads_them(
        client: TestClient) -> None:
    d = data(client, """{ state(code: "AGU") { legislation { id slug status } }
        federalLegislation { id slug } figures(about: "proteja") { id slug text }
        conflicts { id slug attribute sides { id slug value } } }""")
    law = d["state"]["legislation"]
    assert decode(law["id"]) == ("Legislation", law["slug"])
    assert decode(d["federalLegislation"]["id"]) == ("Legislation", "law-federal")
    assert data(client, NODE.replace("... on State", "... on Legislation { slug status } "
                                     "... on State"), {"id": law["id"]})["node"]["status"] \
        == law["status"]
    one = "query($id: ID!) { node(id: $id) { ... on Figure { slug text } " \
          "... on Conflict { slug attribute sides { slug value } } " \
          "... on ConflictSide { slug value } } }"
    figure = d["figures"][0]
    assert decode(figure["id"]) == ("Figure", figure["slug"])
    assert data(client, one, {"id": figure["id"]})["node"] == {
        "slug": figure["slug"], "text": figure["text"]}
    assert d["conflicts"]
    for conflict in d["conflicts"]:
        got = data(client, one, {"id": conflict["id"]})["node"]
        assert got == {"slug": conflict["slug"], "attribute": conflict["attribute"],
                       "sides": [{"slug": s["slug"], "value": s["value"]}
                                 for s in conflict["sides"]]}
        for side in conflict["sides"]:
            assert data(client, one, {"id": side["id"]})["node"] == {
                "slug": side["slug"], "value": side["value"]}


def test_a_figure_about_a_hidden_shelter_hides_it_through_node_too(client: TestClient) -> None:
    # As `figures` lists it: the figure, with its subject hidden (no id, no name).
    q = "query($id: ID!) { node(id: $id) { ... on Figure { about { id name confidential } } } }"
    listed = [f for f in data(client, "{ figures { slug about { id name confidential } } }")[
        "figures"] if f["slug"] == "fig-hotline-victims"]
    got = data(client, q, {"id": global_id("Figure", "fig-hotline-victims")})["node"]
    assert listed and got == {"about": listed[0]["about"]}
    assert got["about"]["id"] is None and got["about"]["confidential"] is True
    assert HIDDEN not in str(got) and "Alianza" not in str(got)


def test_a_network_node_links_its_organization(client: TestClient) -> None:
    d = data(client, """{ network(around: "proteja") { nodes { id organization {
        id slug } } } }""")
    nodes = d["network"]["nodes"]
    assert nodes and all(n["organization"]["slug"] == n["id"] for n in nodes)
    assert all(decode(n["organization"]["id"]) == ("Organization", n["id"]) for n in nodes)
