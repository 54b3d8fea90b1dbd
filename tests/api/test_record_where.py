"""`where` and `sort` on an organization's `agreementsConnection` and `activitiesConnection`
(issue 18, finding 8), in `OrganizationWhere`'s style, on what the caller may see: a public
caller's filter on a confidential party matches exactly as an unknown id does."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.graphql.ids import global_id
from referral_graph.auth.tokens import Role, create
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

HIDDEN = "casa-alianza"
AGREEMENTS = """query($w: AgreementWhere, $s: [AgreementSort!]) { organization(id: "proteja") {
  agreementsConnection(where: $w, sort: $s) { totalCount edges { node { slug kind date ends
  parties { slug } } } } } }"""
ACTIVITIES = """query($w: ActivityWhere, $s: [ActivitySort!]) { organization(id: "proteja") {
  activitiesConnection(where: $w, sort: $s) { totalCount edges { node { slug kind start end
  participants { slug } } } } } }"""


@pytest.fixture(scope="module")
def staff(client: TestClient, database: Database) -> str:
    return create(database, Role.STAFF, "where staff")


def agreements(client: TestClient, where: Any = None, sort: Any = None,
               token: str | None = None) -> list[dict[str, Any]]:
    page = data(client, AGREEMENTS, {"w": where, "s": sort}, token)["organization"][
        "agreementsConnection"]
    assert page["totalCount"] == len(page["edges"])
    return [e["node"] for e in page["edges"]]


def activities(client: TestClient, where: Any = None, sort: Any = None) -> list[dict[str, Any]]:
    page = data(client, ACTIVITIES, {"w": where, "s": sort})["organization"][
        "activitiesConnection"]
    return [e["node"] for e in page["edges"]]


def test_agreements_filter_by_kind_date_and_party(client: TestClient) -> None:
    every = agreements(client)
    kinds = {a["kind"] for a in every}
    assert len(kinds) > 1  # else the kind filter below proves nothing
    kind = sorted(kinds)[0]
    assert [a["slug"] for a in agreements(client, {"kind": {"eq": kind}})] == \
        [a["slug"] for a in every if a["kind"] == kind]
    assert agreements(client, {"kind": {"in": sorted(kinds)}}) == every
    dated = sorted(a["date"] for a in every if a["date"])
    middle = dated[len(dated) // 2]
    later = agreements(client, {"date": {"gte": middle}})
    assert later and len(later) < len(every)
    assert {a["slug"] for a in later} == {a["slug"] for a in every
                                          if a["date"] and a["date"] >= middle}
    party = next(p["slug"] for a in every for p in a["parties"] if p["slug"] != "proteja")
    some = agreements(client, {"parties": {"some": {"id": {"eq": party}}}})
    none = agreements(client, {"parties": {"none": {"id": {"eq": party}}}})
    assert some and {a["slug"] for a in some} | {a["slug"] for a in none} == \
        {a["slug"] for a in every} and not {a["slug"] for a in some} & {a["slug"] for a in none}
    # A global id works as a slug does; AND / OR / NOT combine.
    assert agreements(client, {"parties": {"some": {"id": {
        "eq": global_id("Organization", party)}}}}) == some
    assert agreements(client, {"OR": [{"kind": {"eq": kind}}, {"NOT": {"kind": {"eq": kind}}}]}
                      ) == every
    assert agreements(client, {"AND": [{"kind": {"eq": kind}}, {"NOT": {"kind": {"eq": kind}}}]}
                      ) == []


def test_agreements_sort(client: TestClient, staff: str) -> None:
    # As staff: for a public caller the answer's redaction lets the items it masked (the
    # sub-grants named after shelters) trade places, so their order tells nothing.
    every = agreements(client, token=staff)
    newest = agreements(client, sort=[{"date": "DESC"}], token=staff)
    dates = [a["date"] for a in newest if a["date"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1
    assert all(a["date"] is None for a in newest[len(dates):])  # undated last
    assert sorted(a["slug"] for a in newest) == sorted(a["slug"] for a in every)
    by_kind = [a["kind"] for a in agreements(client, sort=[{"kind": "ASC"}], token=staff)]
    assert by_kind == sorted(by_kind)
    body = gql(client, AGREEMENTS, {"s": [{"date": "ASC", "kind": "ASC"}]})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_public_filter_on_a_hidden_party_matches_as_an_unknown_id(
        client: TestClient, staff: str) -> None:
    hidden = {"parties": {"some": {"id": {"eq": HIDDEN}}}}
    unknown = {"parties": {"some": {"id": {"eq": "no-such-organization"}}}}
    assert agreements(client, hidden) == agreements(client, unknown) == []
    assert agreements(client, {"NOT": hidden}) == agreements(client, {"NOT": unknown}) \
        == agreements(client)
    assert agreements(client, hidden, token=staff)  # staff see the shelter's sub-grant


def test_activities_filter_and_sort(client: TestClient) -> None:
    every = activities(client)
    kinds = sorted({a["kind"] for a in every})
    assert len(kinds) > 1
    assert [a["slug"] for a in activities(client, {"kind": {"eq": kinds[0]}})] == \
        [a["slug"] for a in every if a["kind"] == kinds[0]]
    starts = sorted({a["start"] for a in every})
    cut = starts[len(starts) // 2]
    before = activities(client, {"start": {"lt": cut}})
    assert before and {a["slug"] for a in before} == {a["slug"] for a in every
                                                      if a["start"] < cut}
    other = next(p["slug"] for a in every for p in a["participants"] if p["slug"] != "proteja")
    some = activities(client, {"participants": {"some": {"id": {"in": [other]}}}})
    assert some and all(other in {p["slug"] for p in a["participants"]} for a in some)
    latest = [a["start"] for a in activities(client, sort=[{"start": "DESC"}])]
    assert latest == sorted(latest, reverse=True)


def test_a_filter_too_deep_is_refused(client: TestClient) -> None:
    deep: dict[str, Any] = {"kind": {"eq": "mou"}}
    for _ in range(6):
        deep = {"NOT": deep}
    body = gql(client, AGREEMENTS, {"w": deep})
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "where"}
