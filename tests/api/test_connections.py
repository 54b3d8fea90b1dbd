"""Relay connections (issue 18, finding 6): `organizations` pages backwards too
(`last`/`before`), and an organization's capabilities, agreements and activities and a task
force's members are connections with `pageInfo`, `totalCount` and `aggregate { count }`;
page sizes are bounded and counted by the cost limit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import parse

from referral_graph.api.graphql.cost import query_cost
from referral_graph.api.graphql.schema import build_schema
from referral_graph.auth.tokens import Role, create
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

PAGE = "edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor " \
       "endCursor } totalCount"
ORGS = f"""query($first: Int, $after: String, $last: Int, $before: String) {{
  organizations(first: $first, after: $after, last: $last, before: $before) {{ {PAGE} }} }}"""


def slugs(page: dict[str, Any]) -> list[str]:
    return [e["node"]["slug"] for e in page["edges"]]


def orgs(client: TestClient, **page: Any) -> dict[str, Any]:
    return data(client, ORGS, page)["organizations"]


def test_organizations_page_backwards_as_forwards(client: TestClient) -> None:
    everything = orgs(client, first=100)
    names = slugs(everything)
    assert len(names) == everything["totalCount"] > 6
    tail = orgs(client, last=3)
    assert slugs(tail) == names[-3:]
    assert tail["pageInfo"]["hasPreviousPage"] and not tail["pageInfo"]["hasNextPage"]
    before = orgs(client, last=3, before=tail["pageInfo"]["startCursor"])
    assert slugs(before) == names[-6:-3]
    assert before["pageInfo"]["hasNextPage"] and before["pageInfo"]["hasPreviousPage"]
    # Backwards to the start: every organization once, in the same order.
    seen: list[str] = []
    cursor = None
    while True:
        page = orgs(client, last=4, before=cursor)
        seen = slugs(page) + seen
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        cursor = page["pageInfo"]["startCursor"]
    assert seen == names
    # A window between two cursors.
    first = everything["edges"]
    window = orgs(client, first=10, after=first[1]["cursor"], before=first[5]["cursor"])
    assert slugs(window) == names[2:5]


def test_first_and_last_together_are_refused(client: TestClient) -> None:
    body = gql(client, ORGS, {"first": 2, "last": 2})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


NESTED = f"""query($first: Int, $after: String, $last: Int, $before: String,
               $id: ID! = "proteja") {{
  organization(id: $id) {{
    capabilities {{ slug }} agreements {{ slug }} activities {{ slug }}
    capabilitiesConnection(first: $first, after: $after, last: $last, before: $before) {{
      {PAGE} aggregate {{ count }} }}
    agreementsConnection(first: $first, after: $after, last: $last, before: $before) {{
      {PAGE} aggregate {{ count }} }}
    activitiesConnection(first: $first, after: $after, last: $last, before: $before) {{
      {PAGE} aggregate {{ count }} }} }} }}"""


@pytest.fixture(scope="module")
def staff(client: TestClient, database: Database) -> str:
    return create(database, Role.STAFF, "connections staff")


# Staff: a public answer's masked items trade places in each list (api/graphql/schema.py's
# redaction), so the list and the connection would not be in the same order.
@pytest.mark.parametrize(("field", "org"), [("capabilities", "casa-alianza"),
                                            ("agreements", "proteja"),
                                            ("activities", "proteja")])
def test_nested_lists_are_connections(client: TestClient, staff: str, field: str,
                                      org: str) -> None:
    def ask(**page: Any) -> dict[str, Any]:
        return data(client, NESTED, {"id": org, **page}, staff)["organization"]

    whole = ask(first=100)
    expected = [x["slug"] for x in whole[field]]
    assert len(expected) > 3, field
    conn = whole[f"{field}Connection"]
    assert slugs(conn) == expected
    assert conn["totalCount"] == conn["aggregate"]["count"] == len(expected)
    # Forwards two at a time, then backwards two at a time: the same list.
    forward: list[str] = []
    after = None
    while True:
        page = ask(first=2, after=after)[f"{field}Connection"]
        assert page["totalCount"] == len(expected)
        forward += slugs(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert forward == expected
    last = ask(last=2)[f"{field}Connection"]
    assert slugs(last) == expected[-2:] and last["pageInfo"]["hasPreviousPage"]


def test_members_are_a_connection_that_hides_what_the_list_hides(
        client: TestClient, database: Database) -> None:
    q = """{ collaboration(id: "proteja-shelters-network") { members { slug }
             membersConnection(first: 2) { totalCount edges { node { slug } } } } }"""
    public = data(client, q)["collaboration"]
    staff = data(client, q, token=create(database, Role.STAFF, "members staff"))["collaboration"]
    assert public["membersConnection"]["totalCount"] == len(public["members"])
    assert staff["membersConnection"]["totalCount"] == len(staff["members"])
    assert len(public["members"]) < len(staff["members"])  # the shelters, for staff only


@pytest.mark.parametrize(("variables", "argument"), [
    ({"first": 101}, "first"), ({"last": -1}, "last"), ({"after": "bm90LWEtY3Vyc29y"}, "after"),
    ({"before": "garbage"}, "before"),
])
def test_bad_page_arguments_are_refused_by_name(client: TestClient, variables: dict[str, Any],
                                                argument: str) -> None:
    body = gql(client, NESTED, variables)
    codes = {(e["extensions"]["code"], e["extensions"].get("argument")) for e in body["errors"]}
    assert codes == {("BAD_USER_INPUT", argument)}


def test_the_cost_limit_multiplies_by_the_page_size() -> None:
    schema = build_schema()._schema
    q = "{ organizations(%s) { edges { node { capabilities { sources { id } } } } } }"
    small, large = (query_cost(schema, parse(q % f"first: {n}")) for n in (10, 100))
    assert large > 9 * small
    assert query_cost(schema, parse(q % "last: 100")) == large
    nested = ("{ organization(id: \"x\") { capabilitiesConnection(%s) "
              "{ edges { node { sources { id } } } } } }")
    assert query_cost(schema, parse(nested % "first: 100")) > 9 * query_cost(
        schema, parse(nested % "first: 10"))
    # `node`/`nodes` count what is selected on the interface and its types.
    assert query_cost(schema, parse(
        '{ nodes(ids: ["a", "b", "c"]) { ... on Organization { capabilities { id } } } }')) \
        == 3 * (1 + 10)


TRAIL = """query($first: Int, $after: String, $last: Int, $before: String) {
  auditTrailConnection(first: $first, after: $after, last: $last, before: $before) {
    totalCount aggregate { count } edges { cursor node { slug at action } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


def test_the_audit_trail_pages_both_ways(client: TestClient, database: Database) -> None:
    admin = create(database, Role.ADMIN, "trail admin")
    for n in range(5):  # each issued token is an audited change
        create(database, Role.STAFF, f"trail staff {n}")
    whole = data(client, "{ auditTrail(first: 200) { slug } }", token=admin)["auditTrail"]
    expected = [e["slug"] for e in whole]
    assert len(expected) >= 6
    seen: list[str] = []
    after = None
    while True:
        page = data(client, TRAIL, {"first": 2, "after": after}, admin)["auditTrailConnection"]
        assert page["totalCount"] == page["aggregate"]["count"] == len(expected)
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected
    tail = data(client, TRAIL, {"last": 2}, admin)["auditTrailConnection"]
    assert [e["node"]["slug"] for e in tail["edges"]] == expected[-2:]
    before = data(client, TRAIL, {"last": 3, "before": tail["pageInfo"]["startCursor"]},
                  admin)["auditTrailConnection"]
    assert [e["node"]["slug"] for e in before["edges"]] == expected[-5:-2]
    assert before["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]
    # Instants are DateTime: ISO 8601 with the offset.
    assert tail["edges"][0]["node"]["at"].endswith("+00:00")
    refused = gql(client, TRAIL, {"first": 1})  # public
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
