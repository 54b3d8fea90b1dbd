"""Every bad input a clear 4xx, never a 500, and no traceback in the log (finding 3).

Bodies that are not UTF-8 or not a JSON object, lone surrogates in ids, a date that is no
date: in GraphQL, the download routes and the pages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.conftest import wipe

BODIES = {
    "invalid UTF-8": b'{"query": "{ states { code } }", "x": "\xff\xfe\xfd"}',
    "invalid UTF-8 in the query": b'{"query": "{ organization(id: \\"\xc3\\") { id } }"}',
    "JSON null": b"null",
    "a JSON string": b'"x"',
    "a JSON number": b"42",
    "nested too deeply": b"[" * 5000 + b"]" * 5000,
    "a lone surrogate as a variable": (b'{"query": "query($i: ID!) { organization(id: $i) '
                                       b'{ id } }", "variables": {"i": "\\ud800"}}'),
    "a lone surrogate in the query text": (b'{"query": "{ organization(id: \\"\\ud800\\") '
                                           b'{ id } }"}'),
    "a lone surrogate as a key": b'{"query": "{ states { code } }", "\\udfff": 1}',
}


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(neo4j_settings, database), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def editor(client: TestClient, database: Database) -> str:
    return create(database, Role.EDITOR, "bad input test editor")


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not logged, [r.getMessage()[:200] for r in logged]


@pytest.mark.parametrize("name", list(BODIES))
def test_unreadable_bodies_are_400_with_a_graphql_error(client: TestClient, name: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    r = client.post("/graphql", content=BODIES[name],
                    headers={"Content-Type": "application/json"})
    assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:300])
    if r.headers["content-type"].startswith("application/json"):
        body = r.json()
        assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT",
                                                           "GRAPHQL_PARSE_FAILED"), body
    no_tracebacks(caplog)


def test_lone_surrogate_ids_in_get_requests_are_400(client: TestClient,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    r = client.get("/graphql", params={"query": "query($i: ID!) { organization(id: $i) { id } }",
                                       "variables": '{"i": "\\ud800"}'})
    assert r.status_code == 400, r.text
    assert r.json()["errors"][0]["extensions"]["field"] == "variables.i"
    no_tracebacks(caplog)


def test_a_bad_date_is_a_bad_user_input_naming_the_argument(
        client: TestClient, editor: str, caplog: pytest.LogCaptureFixture) -> None:
    auth = {"Authorization": f"Bearer {editor}"}
    for before in ("x", "2009-02-30", "\ud800"):
        r = client.post("/graphql", headers={**auth, "Content-Type": "application/json"},
                        content=json.dumps({  # ASCII escapes: "\ud800" reaches the server
                            "query": "query($b: String) { auditTrail(before: $b) { id } }",
                            "variables": {"b": before}}))
        assert r.status_code in (200, 400), r.text
        error = r.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        if r.status_code == 200:
            assert error["extensions"]["argument"] == "before" and "before" in error["message"]
    ok = client.post("/graphql", headers=auth, json={
        "query": '{ auditTrail(before: "2999-01-01") { id } }'})
    assert ok.status_code == 200 and "errors" not in ok.json()
    no_tracebacks(caplog)


@pytest.mark.parametrize("url", [
    "/reports/gaps.html?as_of=x",
    "/reports/gaps.csv?as_of=2009-02-30",
    "/reports/gaps.json?state=%ED%A0%80",
    "/reports/gaps.json?without=%FF%FE",
    "/reports/gaps.pdf",
    "/reports/gaps.html?lang=%00",
    "/exports/network.graphml?around=%ED%A0%80",
    "/exports/network.csv?asOf=2009-13-01",
    "/exports/network.gexf?depth=x",
    "/exports/network.cyjs?state=%FF",
    "/exports/network.csv?collaboration=no-such-thing",
    "/network?around=%ED%A0%80",
    "/?lang=%FF",
])
def test_download_routes_and_pages_answer_bad_parameters_with_4xx(
        client: TestClient, url: str, caplog: pytest.LogCaptureFixture) -> None:
    r = client.get(url)
    assert r.status_code < 500, (url, r.status_code, r.text[:300])
    if not url.startswith(("/network", "/?")):
        assert 400 <= r.status_code < 500, (url, r.status_code)
    no_tracebacks(caplog)


def test_a_bad_idempotency_key_is_refused(client: TestClient, editor: str) -> None:
    r = client.post("/graphql", json={"query": "{ me { role } }"},
                    headers={"Authorization": f"Bearer {editor}", "Idempotency-Key": "x" * 500})
    assert r.status_code == 400 and "Idempotency-Key" in r.text
