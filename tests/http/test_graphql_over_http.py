"""GraphQL over HTTP (the spec, and the `graphql-http` project's audits of it): media types,
status codes, and every refusal a GraphQL error with a code.

`test_graphql_http_audits_pass` runs the audits (npm package `graphql-http`, pinned in
tests/http/package.json, installed by `make audits`) from tests/http/audit.mjs against the
service on a loopback port, and fails on any MUST or SHOULD that does not pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.conftest import wipe
from tests.neo4j_harness import free_port

HERE = Path(__file__).parent
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(neo4j_settings, database)) as c:
        yield c


def post(client: TestClient, body: object, accept: str = GRAPHQL_RESPONSE,
         **headers: str) -> httpx.Response:
    return client.post("/graphql", content=json.dumps(body),
                       headers={"Content-Type": "application/json", "Accept": accept,
                                **headers})


@pytest.mark.parametrize("query, variables", [
    ("{ states { code ", None),                             # does not parse
    ("{ states { nosuchfield } }", None),                   # does not validate
    ("query($n: Int) { organizations(first: $n) { totalCount } }", {"n": "many"}),  # coerce
])
def test_a_request_error_is_400_without_data_for_graphql_response_json(
        client: TestClient, query: str, variables: dict | None) -> None:
    r = post(client, {"query": query, "variables": variables})
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert "data" not in r.json() and r.json()["errors"]
    legacy = post(client, {"query": query, "variables": variables}, accept="application/json")
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith(
        "application/json")
    assert legacy.json()["errors"]


def test_an_answer_follows_the_accepted_media_type(client: TestClient) -> None:
    for accept, media in ((GRAPHQL_RESPONSE, GRAPHQL_RESPONSE), ("*/*", "application/json"),
                          ("application/json", "application/json")):
        r = post(client, {"query": "{ __typename }"}, accept=accept)
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), accept
        assert r.json() == {"data": {"__typename": "Query"}}


def test_a_mutation_over_get_is_405_with_allow_post(client: TestClient) -> None:
    r = client.get("/graphql", params={
        "query": "mutation { revokeToken(input: {id: \"x\"}) { ok } }"},
                   headers={"Accept": GRAPHQL_RESPONSE})
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    [error] = r.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and "POST" in error["message"]


def test_an_unknown_operation_name_is_a_graphql_error(client: TestClient) -> None:
    r = post(client, {"query": "query A { __typename } query B { __typename }",
                      "operationName": "C"})
    assert r.status_code == 400, r.text
    [error] = r.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "operationName"}


def test_a_bad_token_is_unauthenticated_with_www_authenticate(client: TestClient) -> None:
    for accept in (GRAPHQL_RESPONSE, "application/json"):
        r = post(client, {"query": "{ __typename }"}, accept=accept,
                 Authorization="Bearer not-a-token")
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        [error] = r.json()["errors"]
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.fixture(scope="module")
def live(client: TestClient) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(client.app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}/graphql"
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def test_graphql_http_audits_pass(live: str) -> None:
    node = shutil.which("node")
    assert node, "node is needed for the GraphQL over HTTP audits"
    assert (HERE / "node_modules" / "graphql-http").is_dir(), (
        "the audits are not installed: run `make audits`")
    run = subprocess.run([node, str(HERE / "audit.mjs"), live], capture_output=True,
                         text=True, timeout=120)
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) > 40, run.stderr  # the audits ran
    failed = [r for r in results if r["status"] != "ok" and r["level"] in ("MUST", "SHOULD")]
    assert not failed, json.dumps(failed, indent=1, ensure_ascii=False)
    assert run.returncode == 0, run.stderr
