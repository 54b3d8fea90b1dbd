"""`organizations(where:, sort:)` (issue 18, finding 8): operators in the Neo4j GraphQL
Library's style, combinations, relationship filters, sort, `aggregate { count }`, paging,
and the confidentiality of filters and counts. Expectations are computed from the seed
files, not from the code under test."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.store.driver import Database
from referral_graph.text import fold
from tests.api.helpers import data, gql

SEED = load_dataset(DEFAULT_SEED)
ORGS = list(SEED.records("organizations"))
PUBLIC = [o for o in ORGS if not o.confidential]
SERVICES: dict[str, set[str]] = {}
for c in SEED.records("capabilities"):
    SERVICES.setdefault(c.organization, set()).add(c.service)
MEMBERS = {c.id: {m.organization for m in c.members} for c in SEED.records("collaborations")}
KINDS = {c.id: c.kind for c in SEED.records("collaborations")}

Q = """query($where: OrganizationWhere, $sort: [OrganizationSort!], $first: Int,
          $after: String, $last: Int, $before: String, $query: String, $state: StateCode) {
  organizations(where: $where, sort: $sort, first: $first, after: $after, last: $last,
                before: $before, query: $query, state: $state) {
    totalCount aggregate { count } edges { cursor node { slug name kind } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


@pytest.fixture(scope="module")
def staff(client: TestClient, database: Database) -> str:
    return create(database, Role.STAFF, "where staff")


def ask(client: TestClient, token: str | None = None, **variables: Any) -> dict[str, Any]:
    variables.setdefault("first", 100)
    page = data(client, Q, variables, token)["organizations"]
    assert page["totalCount"] == page["aggregate"]["count"]
    return page


def slugs(page: dict[str, Any]) -> set[str]:
    return {e["node"]["slug"] for e in page["edges"]}


def ids(orgs: list[Any]) -> set[str]:
    return {o.id for o in orgs}


CASES = [
    ({"kind": {"eq": "government_agency"}},
     lambda o: o.kind == "government_agency"),
    ({"kind": {"in": ["media", "academic"]}}, lambda o: o.kind in ("media", "academic")),
    ({"name": {"contains": "procuraduria"}}, lambda o: "procuraduria" in fold(o.name)),
    ({"name": {"startsWith": "Comisión"}}, lambda o: fold(o.name).startswith("comision")),
    ({"name": {"endsWith": "oaxaca"}}, lambda o: fold(o.name).endswith("oaxaca")),
    ({"name": {"eq": "Procuraduría General de la República"}},
     lambda o: o.name == "Procuraduría General de la República"),
    ({"acronym": {"in": ["PGR", "INM"]}}, lambda o: o.acronym in ("PGR", "INM")),
    ({"state": {"eq": "OAX"}}, lambda o: "MX-OAX" in o.states),
    ({"state": {"in": ["MX-OAX", "Morelos"]}},
     lambda o: bool({"MX-OAX", "MX-MOR"} & set(o.states))),
    ({"national": {"eq": True}}, lambda o: o.national),
    ({"activeFrom": {"lt": "2007-01-01"}},
     lambda o: o.active_from is not None and str(o.active_from) < "2007-01-01"),
    ({"activeTo": {"gt": "2009-01-01", "lte": "2009-03-31"}},
     lambda o: o.active_to is not None and "2009-01-01" < str(o.active_to) <= "2009-03-31"),
    ({"services": {"some": {"id": {"eq": "legal_aid"}}}},
     lambda o: "legal_aid" in SERVICES.get(o.id, ())),
    ({"services": {"none": {"id": {"in": ["legal_aid", "shelter"]}}}},
     lambda o: not {"legal_aid", "shelter"} & SERVICES.get(o.id, set())),
    ({"collaborations": {"some": {"id": {"eq": "federal-anti-tip-task-force"}}}},
     lambda o: o.id in MEMBERS["federal-anti-tip-task-force"]),
    ({"collaborations": {"some": {"kind": {"eq": "network"}}}},
     lambda o: any(o.id in m for c, m in MEMBERS.items() if KINDS[c] == "network")),
    # Combinations
    ({"kind": {"eq": "government_agency"}, "state": {"eq": "MX-OAX"}},
     lambda o: o.kind == "government_agency" and "MX-OAX" in o.states),
    ({"OR": [{"kind": {"eq": "media"}}, {"national": {"eq": True}}]},
     lambda o: o.kind == "media" or o.national),
    ({"NOT": {"kind": {"eq": "government_agency"}}},
     lambda o: o.kind != "government_agency"),
    ({"AND": [{"OR": [{"state": {"eq": "MX-OAX"}}, {"state": {"eq": "MX-MOR"}}]},
              {"NOT": {"services": {"some": {"id": {"eq": "legal_aid"}}}}}]},
     lambda o: bool({"MX-OAX", "MX-MOR"} & set(o.states))
     and "legal_aid" not in SERVICES.get(o.id, ())),
]


@pytest.mark.parametrize(("where", "expected"), CASES, ids=[str(c[0])[:70] for c in CASES])
def test_each_operator_and_combination(client: TestClient, staff: str, where: dict,
                                       expected: Any) -> None:
    public = ask(client, where=where)
    assert slugs(public) == ids([o for o in PUBLIC if expected(o)])
    assert public["totalCount"] == len(public["edges"])
    everyone = ask(client, staff, where=where)
    assert slugs(everyone) == ids([o for o in ORGS if expected(o)])


def test_the_cases_select_something() -> None:
    # A filter that selects nothing proves little: each case selects someone (staff).
    assert all(any(expected(o) for o in ORGS) for _, expected in CASES)


def test_sort_orders_by_each_key_then_by_name(client: TestClient) -> None:
    by_name = ask(client, sort=[{"name": "ASC"}])
    names = [fold(e["node"]["name"]) for e in by_name["edges"]]
    assert names == sorted(names) and len(names) == len(PUBLIC)
    backwards = ask(client, sort=[{"name": "DESC"}])
    assert [e["node"]["slug"] for e in backwards["edges"]] == [
        e["node"]["slug"] for e in reversed(by_name["edges"])]
    by_kind = ask(client, sort=[{"kind": "DESC"}, {"name": "ASC"}])
    keys = [(e["node"]["kind"], fold(e["node"]["name"])) for e in by_kind["edges"]]
    assert keys == sorted(keys, key=lambda k: (_neg(k[0]), k[1]))


def _neg(text: str) -> tuple[int, ...]:
    return (*(-ord(c) for c in text), 0)


def test_without_a_sort_the_order_is_the_searchs(client: TestClient) -> None:
    plain = data(client, '{ organizations(state: "OAX", first: 100) { edges { node { slug } } } }')
    filtered = ask(client, state="OAX", where={"national": {"eq": False}})
    assert [e["node"]["slug"] for e in filtered["edges"]] == [
        e["node"]["slug"] for e in plain["organizations"]["edges"]
        if not next(o for o in ORGS if o.id == e["node"]["slug"]).national]


def test_where_combines_with_the_search_arguments(client: TestClient) -> None:
    page = ask(client, query="procuraduria", where={"national": {"eq": True}})
    assert slugs(page) == ids([o for o in PUBLIC if "procuraduria" in fold(o.name)
                               and o.national])


def test_filtered_pages_forwards_and_backwards(client: TestClient) -> None:
    where = {"kind": {"in": ["government_agency", "human_rights_commission"]}}
    whole = [e["node"]["slug"] for e in ask(client, where=where)["edges"]]
    assert len(whole) > 6
    seen: list[str] = []
    after = None
    while True:
        page = ask(client, where=where, first=4, after=after)
        seen += [e["node"]["slug"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == whole
    tail = ask(client, where=where, first=None, last=3)
    assert [e["node"]["slug"] for e in tail["edges"]] == whole[-3:]
    before = ask(client, where=where, first=None, last=2,
                 before=tail["pageInfo"]["startCursor"])
    assert [e["node"]["slug"] for e in before["edges"]] == whole[-5:-3]


# What only a confidential organization has: a public caller's filters match as if it
# were absent, and the count says nothing either.
HIDDEN = [
    {"kind": {"eq": "shelter"}},
    {"city": {"contains": "Canc"}},
    {"city": {"eq": "Monterrey"}},
    {"name": {"contains": "Alianza"}},
    {"id": {"eq": "casa-alianza"}},
    {"collaborations": {"some": {"id": {"eq": "proteja-shelters-network"}}},
     "kind": {"eq": "shelter"}},
]


@pytest.mark.parametrize("where", HIDDEN, ids=[str(w)[:60] for w in HIDDEN])
def test_a_filter_never_matches_a_hidden_value(client: TestClient, staff: str,
                                               where: dict) -> None:
    public = ask(client, where=where)
    assert public["totalCount"] == 0 and public["edges"] == []
    assert ask(client, staff, where=where)["totalCount"] > 0  # the values are there


def test_a_relationship_filter_counts_only_visible_members(client: TestClient,
                                                          staff: str) -> None:
    where = {"collaborations": {"some": {"id": {"eq": "proteja-shelters-network"}}}}
    members = MEMBERS["proteja-shelters-network"]
    assert slugs(ask(client, where=where)) == members & ids(PUBLIC)
    assert slugs(ask(client, staff, where=where)) == members
    # Nor does a negated filter on a hidden value change what a public caller gets.
    everyone = ask(client)["totalCount"]
    assert everyone == len(PUBLIC)
    assert ask(client, where={"NOT": {"city": {"contains": "Canc"}}})["totalCount"] == everyone


@pytest.mark.parametrize(("variables", "argument"), [
    ({"where": {"NOT": {"NOT": {"NOT": {"NOT": {"NOT": {"NOT": {}}}}}}}}, "where"),
    ({"sort": [{"name": "ASC", "kind": "DESC"}]}, "sort[0]"),
    ({"sort": [{}]}, "sort[0]"),
    ({"where": {"kind": {"eq": "martian"}}}, None),
])
def test_bad_filters_are_refused_with_a_code(client: TestClient, variables: dict,
                                             argument: str | None) -> None:
    body = gql(client, Q, {"first": 10, **variables})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    if argument is not None:
        assert error["extensions"]["argument"] == argument
