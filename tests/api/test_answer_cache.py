"""Kept answers (api/answer_cache.py): a repeated read is served from memory, a write makes
every kept answer stale at once, roles never share answers, and a kept answer still counts
against a public caller's rate limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database

SECRET = "casa-alianza"  # a confidential shelter of the seeds
WHO = '{ organization(id: "casa-alianza") { id: slug name city } }'
COUNT = '{ organizations(query: "clinica") { totalCount } }'
CREATE = """mutation($input: OrganizationInput!) { createOrganization(input: $input) { ok } }"""
NEW = {"name": "Clínica Jurídica Comunitaria", "kind": "ngo", "sector": "civil_society",
       "states": ["MX-OAX"], "sources": ["qr-cover"]}


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings.replace(heavy_rate="2/minute"), seeded_db),
                    client=("127.0.0.1", 50000)) as c:  # this machine: /metrics answers it
        c.app.state.projection().current()  # loaded: answers have a version to be kept for
        yield c


def ask(client: TestClient, query: str, token: str | None = None,
        variables: dict | None = None) -> tuple[dict, str | None]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = client.post("/graphql", json={"query": query, "variables": variables or {}},
                    headers=headers)
    assert r.status_code == 200, r.text
    return r.json(), r.headers.get("x-answer-cache")


def counters(client: TestClient) -> dict[str, float]:
    text = client.get("/metrics").text
    return {s.labels["result"]: s.value for f in text_string_to_metric_families(text)
            if f.name == "referral_graph_answer_cache" for s in f.samples
            if s.name.endswith("_total")}


def test_a_repeated_read_is_kept_until_a_write(client: TestClient,
                                               seeded_db: Database) -> None:
    before = counters(client)
    first, how = ask(client, COUNT)
    assert how is None
    again, how = ask(client, "query {\n  organizations(query: \"clinica\") {\n"
                             "    totalCount\n  }\n}")  # the same question, spaced otherwise
    assert how == "hit" and again == first
    after = counters(client)
    assert after["hit"] == before.get("hit", 0) + 1
    assert after["miss"] == before.get("miss", 0) + 1

    editor = create(seeded_db, Role.EDITOR, "cache editor")
    made, how = ask(client, CREATE, editor, {"input": NEW})
    assert made["data"]["createOrganization"]["ok"] and how is None  # a mutation: never kept
    fresh, how = ask(client, COUNT)
    assert how is None
    assert fresh["data"]["organizations"]["totalCount"] == (
        first["data"]["organizations"]["totalCount"] + 1)


def test_public_and_staff_answers_are_never_shared(client: TestClient,
                                                   seeded_db: Database) -> None:
    staff = create(seeded_db, Role.STAFF, "cache staff")
    for _ in range(2):
        seen, _how = ask(client, WHO, staff)
        assert seen["data"]["organization"]["id"] == SECRET
    public, how = ask(client, WHO)
    assert how is None and public["data"]["organization"] is None
    public, how = ask(client, WHO)
    assert how == "hit" and public["data"]["organization"] is None
    seen, how = ask(client, WHO, staff)
    assert how == "hit" and seen["data"]["organization"]["id"] == SECRET


def test_a_kept_answer_still_counts_against_the_rate_limit(client: TestClient) -> None:
    heavy = '{ serviceCounts(state: "OAX") { providers } }'
    assert "errors" not in ask(client, heavy)[0]
    body, how = ask(client, heavy)
    assert how == "hit" and "errors" not in body
    limited, how = ask(client, heavy)  # the third in a minute, at 2 a minute
    assert how is None and limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_a_bad_token_is_never_answered_from_the_cache(client: TestClient) -> None:
    ask(client, COUNT)
    assert ask(client, COUNT)[1] == "hit"
    r = client.post("/graphql", json={"query": COUNT},
                    headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401 and r.headers.get("x-answer-cache") is None
    assert r.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
