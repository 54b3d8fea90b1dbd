"""Kept answers (api/answer_cache.py): a repeated read is served from memory, a write makes
every kept answer stale at once, roles never share answers, a kept answer still counts
against a public caller's rate limit, and requests arriving while their answer is being
computed wait for it rather than compute it again."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from referral_graph.api.app import create_app
from referral_graph.api.graphql.queries import directory as directory_query
from referral_graph.api.graphql.queries import gaps as gaps_query
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


GAPS = '{ coverageReport(states: ["OAX"]) { summary cells { state service status } } }'


def _slowed(monkeypatch: pytest.MonkeyPatch, module: object, name: str,
            fail_first: bool = False) -> list[int]:
    """Make `module.name` take 0.5 s and count its calls: long enough for the other
    requests, sent at the same moment, to arrive while the first is being computed."""
    calls: list[int] = []
    real = getattr(module, name)

    def slow(*args: object, **kwargs: object) -> object:
        calls.append(1)
        first = len(calls) == 1
        time.sleep(0.5)
        if fail_first and first:
            raise RuntimeError("the first computation failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return calls


def _at_once(client: TestClient, query: str, n: int, token: str | None = None
             ) -> list[dict]:
    with ThreadPoolExecutor(n) as pool:
        return [body for body, _ in pool.map(lambda _: ask(client, query, token), range(n))]


def test_requests_at_once_for_the_same_answer_wait_for_one_computation(
        client: TestClient, seeded_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _slowed(monkeypatch, gaps_query, "report_for")
    staff = create(seeded_db, Role.STAFF, "cache analyst")
    before = counters(client)
    answers = _at_once(client, GAPS, 4, staff)
    assert len(calls) == 1
    assert all(a == answers[0] for a in answers) and "errors" not in answers[0]
    after = counters(client)
    assert after["joined"] - before.get("joined", 0) == 3
    assert after["miss"] - before.get("miss", 0) == 1


def test_when_the_first_computation_fails_each_waiting_request_computes_its_own(
        client: TestClient, seeded_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _slowed(monkeypatch, gaps_query, "report_for", fail_first=True)
    staff = create(seeded_db, Role.STAFF, "cache analyst 2")
    answers = _at_once(client, GAPS, 3, staff)
    assert len(calls) == 3
    assert sum("errors" in a for a in answers) == 1  # the first one's own error, not shared
    good = [a for a in answers if "errors" not in a]
    assert len(good) == 2 and good[0] == good[1]


def test_a_waiting_public_request_still_counts_against_the_rate_limit(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _slowed(monkeypatch, directory_query, "service_counts")
    heavy = '{ serviceCounts(state: "PUE") { providers } }'
    answers = _at_once(client, heavy, 4)  # at 2 a minute: two are answered, two refused
    codes = sorted(a["errors"][0]["extensions"]["code"] if "errors" in a else "ok"
                   for a in answers)
    assert codes == ["RATE_LIMITED", "RATE_LIMITED", "ok", "ok"]
    assert len(calls) == 1  # the refused ones are refused before computing
