"""A Neo4j outage is answered at once, with one shape, on every surface (finding 1).

The database here is a port nobody listens on: what a service sees right after Neo4j dies.
Before, requests waited 14 to 52 s for the driver's retries, answers mixed HTTP 503 with
HTTP 200, and /exports and /reports answered 500.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph import cli
from referral_graph.api.app import create_app
from referral_graph.config import Settings
from referral_graph.store import driver
from referral_graph.store.driver import Database
from tests.neo4j_harness import free_port

LIMIT = 2.0  # seconds; a refused connection involves no waiting, so this is a wide margin
TOKEN = {"Authorization": "Bearer rg_somebodys-token"}

GRAPHQL = {
    "a directory search": ({"query": '{ organizations(query: "casa") { totalCount } }'}, {}),
    "a referral plan": ({"query": '{ referralPlan(origin: "cndh", needs: ["medical"], '
                                  'state: "OAX") { plans { rank } } }'}, {}),
    "a coverage report": ({"query": "{ coverageReport { summary } }"}, {}),
    "a mutation": ({"query": 'mutation { createSource(input: {document: "d", section: "s", '
                             'passage: "p"}) { ok } }'}, TOKEN),
    "any query with a token": ({"query": "{ me { role } }"}, TOKEN),
}
DOWNLOADS = ["/reports/gaps.html", "/reports/gaps.csv?state=OAX", "/exports/network.csv",
             "/exports/network.graphml?collaboration=x"]


@pytest.fixture(scope="module")
def down(neo4j_settings: Settings) -> Iterator[TestClient]:
    dead = Database(f"bolt://127.0.0.1:{free_port()}", ("neo4j", "x"), "neo4j")
    try:
        with TestClient(create_app(neo4j_settings, dead), raise_server_exceptions=False) as c:
            yield c
    finally:
        dead.close()


def timed(call):  # type: ignore[no-untyped-def]
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


@pytest.mark.parametrize("name", list(GRAPHQL))
def test_graphql_answers_503_with_the_code_at_once(down: TestClient, name: str) -> None:
    body, headers = GRAPHQL[name]
    for _ in range(3):  # the first call, and the calls while the circuit is open
        r, took = timed(lambda: down.post("/graphql", json=body, headers=headers))
        assert r.status_code == 503, (name, r.status_code, r.text[:300])
        assert r.headers["retry-after"]
        assert r.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert took < LIMIT, (name, took)


@pytest.mark.parametrize("url", DOWNLOADS)
@pytest.mark.parametrize("auth", [{}, TOKEN], ids=["public", "token"])
def test_downloads_answer_503_never_500(down: TestClient, url: str, auth: dict) -> None:
    r, took = timed(lambda: down.get(url, headers=auth))
    assert r.status_code == 503, (url, r.status_code, r.text[:300])
    assert r.json()["code"] == "DATABASE_UNAVAILABLE" and r.headers["retry-after"]
    assert took < LIMIT, (url, took)


def test_health_and_pages(down: TestClient) -> None:
    r, took = timed(lambda: down.get("/health"))
    assert r.status_code == 503 and r.json()["status"] == "degraded" and took < LIMIT
    page = down.get("/")
    assert page.status_code == 200  # the page loads, and its script shows the outage message


def test_the_cli_says_so_plainly_at_once(monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    monkeypatch.setattr(driver, "_db", None)  # the CLI makes its own, from the environment
    monkeypatch.setattr(sys, "argv", ["referral-graph", "providers", "legal_aid", "OAX"])
    start = time.monotonic()
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main()
    finally:
        made = driver._db
        if made is not None:
            made.close()
    took = time.monotonic() - start
    err = capsys.readouterr().err
    assert exited.value.code == 1
    assert "not reachable" in err and "Traceback" not in err
    assert took < LIMIT, took
