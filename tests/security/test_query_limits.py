"""Findings 6, 8 and 9 through the API: query cost, answer size, rate limit, error text.

6. One 151-byte public query inside the depth limit (agreements within parties within
   agreements…) returned 8 MB in 22 s; two aliases at depth 9, 110 MB in 188 s.
8. Coverage reports, comparisons and service counts had no rate limit.
9. With introspection off, errors still suggested field names ("Did you mean
   'apiTokens'?"), and echoed the caller's input at any length.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.api.graphql import limits
from referral_graph.api.graphql.cost import MAX_COST
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

NESTED = ('{organization(id:"proteja"){agreements{parties{agreements{parties{agreements{parties'
          "{agreements{parties{id name acronym kind sector city note}}}}}}}}}}")
TWO_ALIASES = ('{a: organization(id:"proteja"){agreements{parties{agreements{parties{agreements'
               '{parties{agreements{parties{id}}}}}}}}} b: organization(id:"pgr"){agreements'
               "{parties{agreements{parties{agreements{parties{agreements{parties{id}}}}}}}}}}")


@pytest.fixture(scope="module")
def settings(neo4j_settings: Settings) -> Settings:
    return neo4j_settings.replace(heavy_rate="3/minute")


@pytest.fixture(scope="module")
def app(client: TestClient, settings: Settings):  # type: ignore[no-untyped-def]
    # `client` (tests/api/conftest.py style) seeds the database once for the module.
    return create_app(settings, client.app.state.db)


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from tests.conftest import wipe

    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(neo4j_settings, database)) as c:
        yield c


def test_the_151_byte_query_is_refused_before_it_runs(client: TestClient) -> None:
    assert len(NESTED.encode()) == 151
    for query in (NESTED, TWO_ALIASES):
        body = gql(client, query, lang="en")
        assert body["data"] is None
        [error] = body["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert error["extensions"]["cost"] > MAX_COST == error["extensions"]["maxCost"]
        assert "nested lists multiply" in error["message"]


def test_an_honest_nested_query_still_runs(client: TestClient) -> None:
    q = '{ organization(id: "proteja") { agreements { subject parties { id name } } } }'
    assert data(client, q)["organization"]["agreements"]


def test_an_answer_over_the_size_cap_is_refused(client: TestClient,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    q = "{ states { code name legislation { title sources { passage } } } }"
    assert data(client, q)["states"]
    monkeypatch.setattr(limits, "MAX_RESPONSE_BYTES", 2000)
    # Another question (the answer above is kept, api/answer_cache.py), as large.
    body = gql(client, q.replace("code name", "code name __typename"), lang="en")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert body["errors"][0]["message"].lower().startswith("answer too large:")


def test_no_suggestions_when_introspection_is_off(client: TestClient,
                                                  neo4j_settings: Settings) -> None:
    q = "{ apiToken { id } }"
    assert "Did you mean" in gql(client, q, lang="en")["errors"][0]["message"]  # open: help
    closed = neo4j_settings.replace(introspection=False)
    with TestClient(create_app(closed, client.app.state.db)) as c:
        for query in (q, '{ providers(servce: "x", state: "OAX") { message } }',
                      '{ organizations(frist: 3) { totalCount } }'):
            messages = [e["message"] for lang in ("en", "es")
                        for e in gql(c, query, lang=lang)["errors"]]
            assert messages and not any("Did you mean" in m or "Quiso decir" in m
                                        for m in messages), messages
            assert not any("apiTokens" in m or "'service'" in m or "'first'" in m
                           for m in messages), messages


def test_errors_echo_only_a_little_of_the_input(client: TestClient) -> None:
    long = "x" * 60_000  # under the body limit
    for query, variables in (
            ('query($a: ID) { network(around: $a) { nodes { id } } }', {"a": long}),
            ('query($f: Int) { organizations(first: $f) { totalCount } }', {"f": long}),
            ('{ organizations(first: "' + long[:50_000] + '") { totalCount } }', None)):
        r = client.post("/graphql", json={"query": query, "variables": variables or {}})
        assert r.status_code in (200, 400) and len(r.content) < 2000, len(r.content)
        assert "x" * 100 not in r.text
    for path in ("/exports/network.csv", "/reports/gaps.csv"):  # REST answers too
        param = "around" if path.startswith("/exports") else "without"
        r = client.get(path, params={param: long[:6000]})
        assert r.status_code in (400, 422) and "x" * 100 not in r.text, r.text[:200]


def test_costly_public_fields_are_rate_limited_per_client(app, database: Database) -> None:  # type: ignore[no-untyped-def]
    staff = create(database, Role.STAFF, "rate staff")
    heavy = ['{ coverageReport(states: ["MX-OAX"]) { summary } }',
             '{ serviceCounts(state: "OAX") { providers } }',
             '{ coverageChanges(after: {asOf: "2008-01-01"}, states: ["MX-OAX"]) { headline } }']
    with TestClient(app, client=("198.51.100.7", 1)) as one, \
            TestClient(app, client=("198.51.100.8", 1)) as other:
        for q in heavy:
            assert "errors" not in gql(one, q)
        limited = gql(one, heavy[0])["errors"][0]
        assert limited["extensions"]["code"] == "RATE_LIMITED"
        assert 1 <= limited["extensions"]["retryAfter"] <= 60
        r = one.get("/reports/gaps.csv")
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60
        assert "errors" not in gql(one, heavy[0], token=staff)  # a known caller
        assert "errors" not in gql(other, heavy[0])  # another client has its own window
        assert "errors" not in gql(one, '{ states { code } }')  # cheap fields are free
