"""GraphQL referralPlan over the seeded database: same plans as the CLI, roles, hardening."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.api.graphql.schema import sdl
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, SCHEMA_DIR, Settings
from referral_graph.dataset.load import load_dataset
from referral_graph.network.loading import load_network
from referral_graph.referrals.service import plan_for
from referral_graph.store.driver import Database

PLAN = """
query($origin: ID!, $needs: [ServiceId!]!, $state: StateCode!) {
  referralPlan(origin: $origin, needs: $needs, state: $state, asOf: "2009-03-01") {
    plans { rank cost handoffs steps { providerId providerName needs cold explanation
                                       path { source target because } } }
    unmet { need reason alternatives { slug } }
    gaps
  }
}
"""

SHELTERS = [o for o in load_dataset(DEFAULT_SEED).records("organizations") if o.confidential]


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def ask(client: TestClient, variables: dict, token: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers["Accept-Language"] = "en"  # the messages these tests read are the English ones
    r = client.post("/graphql", json={"query": PLAN, "variables": variables}, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_committed_sdl_matches_the_code() -> None:
    assert (SCHEMA_DIR / "schema.graphql").read_text() == sdl(), (
        "run `referral-graph export-graphql-schema`")


def test_same_plans_as_the_domain_function(client: TestClient, seeded_db: Database) -> None:
    data = ask(client, {"origin": "cndh", "needs": ["legal_aid", "prosecution"],
                        "state": "OAX"})["data"]["referralPlan"]
    expected = plan_for(load_network(seeded_db), see_confidential=False, origin="cndh",
                        needs=["legal_aid", "prosecution"], state="OAX",
                        as_of=dt.date(2009, 3, 1))
    assert [[s["providerId"] for s in p["steps"]] for p in data["plans"]] == [
        [s.provider for s in p.steps] for p in expected.plans]
    assert data["plans"] and all(s["explanation"] for p in data["plans"] for s in p["steps"])


def test_public_never_sees_a_shelter_staff_does(client: TestClient, seeded_db: Database) -> None:
    variables = {"origin": "pgr", "needs": ["shelter", "medical", "legal_aid"], "state": "CMX"}
    # Decoded: the raw body escapes accents ("Canc\\u00fan"), so a plain search misses them.
    public = json.dumps(client.post("/graphql", json={"query": PLAN, "variables": variables})
                        .json(), ensure_ascii=False)
    for shelter in SHELTERS:
        assert shelter.id not in public and shelter.name not in public
        if shelter.city and shelter.city != "Mexico City":  # that one is the state's name too
            assert shelter.city not in public
    token = create(seeded_db, Role.STAFF, "test caseworker")
    staff = ask(client, variables, token)["data"]["referralPlan"]
    used = {s["providerId"] for p in staff["plans"] for s in p["steps"]}
    assert used & {s.id for s in SHELTERS}


def test_public_cannot_probe_a_shelter_as_origin(client: TestClient) -> None:
    shelter = ask(client, {"origin": SHELTERS[0].id, "needs": ["medical"], "state": "CMX"})
    nobody = ask(client, {"origin": "no-such-org", "needs": ["medical"], "state": "CMX"})
    # The plan is null either way (the root field is nullable: the rest of a request answers).
    assert not (shelter["data"] or {}).get("referralPlan")
    assert not (nobody["data"] or {}).get("referralPlan")
    strip = lambda e: e["errors"][0]["message"].replace(SHELTERS[0].id, "X").replace(  # noqa: E731
        "no-such-org", "X")
    assert strip(shelter) == strip(nobody) == "origin: unknown organization 'X'"


def test_bad_token_is_refused(client: TestClient, seeded_db: Database) -> None:
    r = client.post("/graphql", json={"query": "{ __typename }"},
                    headers={"Authorization": "Bearer rg_not-a-token"})
    assert r.status_code == 401


def test_field_errors_name_the_field(client: TestClient) -> None:
    body = ask(client, {"origin": "cndh", "needs": ["teleportation"], "state": "OAX"})
    assert body["errors"][0]["message"].startswith(
        "needs[0]: 'teleportation' is not a service type")
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "needs[0]",
                                               "variable": "needs"}


def test_depth_and_alias_limits(client: TestClient) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(40))
    r = client.post("/graphql", json={"query": "{ " + aliases + " }"})
    assert "aliases" in r.text.lower() and '"data":null' in r.text.replace(" ", "")
    # The depth limiter leaves introspection alone; the parser's nesting bound and the token
    # limit still refuse a deep one.
    nested = "name " + "ofType { " * 800 + "name" + " }" * 800
    deep = "{ __schema { types { fields { type { " + nested + " } } } } }"
    body = client.post("/graphql", json={"query": deep}).json()
    message = body["errors"][0]["message"].lower()
    assert body["data"] is None and ("token" in message or "nested too deeply" in message)
    many = "{ " + "__typename " * 2100 + "}"
    body = client.post("/graphql", json={"query": many}).json()
    assert body["data"] is None and "token" in body["errors"][0]["message"].lower()
    ok = ('{ referralPlan(origin: "cndh", needs: ["medical"], state: "OAX") '
          "{ plans { steps { path { source } } } } }")
    assert "errors" not in client.post("/graphql", json={"query": ok}).json()


def test_oversized_body_is_413(client: TestClient) -> None:
    r = client.post("/graphql", content=b"{" + b" " * 70_000 + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_neo4j_down_is_a_clear_error_without_internals(neo4j_settings: Settings) -> None:
    from tests.neo4j_harness import free_port

    dead = Database(f"bolt://127.0.0.1:{free_port()}", None, "neo4j")
    try:
        with TestClient(create_app(neo4j_settings, dead)) as c:
            answer = c.post("/graphql", json={"query": PLAN, "variables": {
                "origin": "cndh", "needs": ["medical"], "state": "OAX"}},
                headers={"Accept-Language": "en"})
            with_token = c.post("/graphql", json={"query": "{ __typename }"},
                                headers={"Authorization": "Bearer rg_x"})
    finally:
        dead.close()
    body = answer.json()
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert body["errors"][0]["message"].startswith("The graph database is not reachable")
    assert "bolt" not in str(body) and "Traceback" not in str(body)
    # The same shape when the outage is met looking up the caller's token (in Spanish).
    assert with_token.status_code == 503
    assert with_token.json()["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert with_token.json()["errors"][0]["message"].startswith("La base de datos")
