"""A bounded schemathesis run: every GraphQL root field (and the REST routes the app
describes in OpenAPI) with generated arguments, as a public caller, staff and an editor.

No answer may be a 5xx, and none may carry a traceback, a Cypher statement or the Neo4j
driver's words: those would tell an attacker how the service is built and where to push.
Bounded to a few examples per operation so that it costs tens of seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database

# The API's own argument scalars (issue 18): real spellings, aliases and values they refuse.
schemathesis.graphql.scalar("StateCode", st.sampled_from(
    ["OAX", "MX-OAX", "Oaxaca", "CDMX", "Edomex", "XX", ""]).map(schemathesis.graphql.nodes.String))
schemathesis.graphql.scalar("ServiceId", st.sampled_from(
    ["legal_aid", "abogado", "shelter", "astrology", ""]).map(schemathesis.graphql.nodes.String))

EXAMPLES = 3  # per operation and role
LEAKS = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+"
    r"|\b(MATCH|MERGE|UNWIND|OPTIONAL MATCH) \(|\bRETURN \w+\.|Neo\.(Client|Transient|Database)"
    r"Error|CypherSyntaxError|neo4j\.exceptions|ServiceUnavailable|bolt://"
    r"|\b(KeyError|TypeError|AttributeError|ValueError|AssertionError)\b")


@pytest.fixture(scope="module")
def app(database: Database, neo4j_settings: Settings) -> Iterator[FastAPI]:
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from tests.conftest import wipe

    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    app = create_app(neo4j_settings, database)
    with TestClient(app):  # start-up, as the server does
        yield app


def _check(response) -> None:  # type: ignore[no-untyped-def]
    text = response.text
    assert response.status_code < 500, (response.status_code, text[:500])
    found = LEAKS.search(text)
    assert found is None, (found.group() if found else "", text[:500])


def _run(schema, headers: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case) -> None:  # type: ignore[no-untyped-def]
            _check(case.call(headers=headers))

        call()
        ran += 1
    return ran


@pytest.mark.parametrize("role", [None, Role.STAFF, Role.EDITOR])
def test_graphql_answers_no_5xx_and_no_internals(app: FastAPI, database: Database,
                                                 role: Role | None) -> None:
    headers = {}
    if role is not None:
        headers["Authorization"] = f"Bearer {create(database, role, f'fuzz {role.name}')}"
    schema = schemathesis.graphql.from_asgi("/graphql", app)
    assert _run(schema, headers) >= 30  # every root query and mutation


def test_rest_routes_answer_no_5xx_and_no_internals(app: FastAPI) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    schema.app = app
    assert _run(schema, {}) >= 4  # reports, exports, health, metrics
