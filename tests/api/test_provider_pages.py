"""A directory answer's providers a page at a time (`providersConnection`): the pages walk
the whole list in its order, cursors survive an edit, and bad arguments name the field."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient

from referral_graph.auth.tokens import Role, create
from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.provider_pages import cursor_of, page
from referral_graph.directory.providers import Provider, ProviderDirectory
from referral_graph.network.model import OrgNode, Provision
from referral_graph.network.reach import Reach
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

WHOLE = """query($s: ServiceId!, $st: StateCode!) { providers(service: $s, state: $st) {
  providers { organization { id: slug } reach why } } }"""

PAGE = """query($s: ServiceId!, $st: StateCode!, $n: Int, $after: String) {
  providers(service: $s, state: $st) { providersConnection(first: $n, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { organization { id: slug } reach why } } } } }"""

# Mexico City, where the seeds record the most organizations.
PAIRS = [(s, "MX-CMX") for s in ("legal_aid", "mental_health", "shelter", "medical",
                                 "prosecution", "social_protection", "victim_identification")]


def _walk(client: TestClient, service: str, state: str, n: int,
          token: str | None = None) -> tuple[list[dict], list[int]]:
    nodes, totals, after = [], [], None
    while True:
        c = data(client, PAGE, {"s": service, "st": state, "n": n, "after": after},
                 token=token)["providers"]["providersConnection"]
        assert len(c["edges"]) <= n
        assert c["pageInfo"]["hasPreviousPage"] is (after is not None)
        nodes += [e["node"] for e in c["edges"]]
        totals.append(c["totalCount"])
        if not c["pageInfo"]["hasNextPage"]:
            return nodes, totals
        after = c["pageInfo"]["endCursor"]
        assert after == c["edges"][-1]["cursor"]


@pytest.mark.parametrize("role", ["public", "staff"])
def test_pages_walk_the_whole_answer_in_its_order(client: TestClient, database: Database,
                                                  role: str) -> None:
    token = create(database, Role.STAFF, "pages") if role == "staff" else None
    walked = 0
    for service, state in PAIRS:
        whole = data(client, WHOLE, {"s": service, "st": state},
                     token=token)["providers"]["providers"]
        nodes, totals = _walk(client, service, state, 1, token)
        assert nodes == whole
        assert set(totals) == {len(whole)}
        walked += len(whole) > 1
    assert walked, "no pair with more than one page: the test would prove nothing"


def test_without_first_a_page_is_twenty(client: TestClient) -> None:
    c = data(client, PAGE, {"s": "legal_aid", "st": "MX-CMX"})["providers"][
        "providersConnection"]
    assert len(c["edges"]) == min(20, c["totalCount"])


@pytest.mark.parametrize(("variables", "field"), [
    ({"n": 0}, "first"), ({"n": 101}, "first"), ({"after": "bm90IGEgY3Vyc29y"}, "after"),
    ({"after": "%%%"}, "after"),
])
def test_bad_arguments_name_the_field(client: TestClient, variables: dict,
                                      field: str) -> None:
    body = gql(client, PAGE, {"s": "legal_aid", "st": "MX-CMX", **variables})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"{field}:"), error["message"]


def _provider(name: str, reach: Reach = Reach.OPERATES_IN) -> Provider:
    return Provider(OrgNode(name, name, "ngo", "civil_society", frozenset({"MX-OAX"})),
                    Provision(f"{name}-p", name, "legal_aid", "stated"), reach, "MX-OAX")


def _directory(*ps: Provider) -> ProviderDirectory:
    return ProviderDirectory("legal_aid", "MX-OAX", dt.date(2026, 1, 1), ps, ())


def test_a_cursor_survives_an_edit_between_pages() -> None:
    a, b, c, d = (_provider(n) for n in "abcd")
    before = page(_directory(a, b, c, d), first=2)
    assert [p.org.id for _, p in before.items] == ["a", "b"]
    # b's record ends and an earlier-ranked provider appears: the next page still starts
    # right after where b stood, neither repeating nor skipping c and d.
    after = page(_directory(_provider("0"), a, c, d), first=2, after=before.items[-1][0])
    assert [p.org.id for _, p in after.items] == ["c", "d"]
    assert after.has_previous and not after.has_next


def test_ranking_holds_across_reach_and_ties() -> None:
    ps = sorted([_provider("x", Reach.NATIONAL), _provider("y"), _provider("x")],
                key=lambda p: (p.reach, p.org.id))
    d = _directory(*ps)
    seen = []
    cursor = None
    while True:
        got = page(d, first=1, after=cursor)
        seen += [(p.org.id, p.reach) for _, p in got.items]
        if not got.has_next:
            break
        cursor = got.items[-1][0]
    assert seen == [("x", Reach.OPERATES_IN), ("y", Reach.OPERATES_IN),
                    ("x", Reach.NATIONAL)]
    assert cursor_of(ps[0]) != cursor_of(ps[2])


def test_a_cursor_of_another_kind_is_refused() -> None:
    other = base64.urlsafe_b64encode(json.dumps(["organization", 0, 0, 0, "a", "b", "c"])
                                     .encode()).decode()
    with pytest.raises(DirectoryError, match=r"^after:"):
        page(_directory(_provider("a")), after=other)
