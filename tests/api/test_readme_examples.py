"""Every GraphQL example in the README runs against the seeds without errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import REPO_ROOT, Settings
from referral_graph.store.driver import Database

EXAMPLES = [json.loads(m.group(1)) for m in re.finditer(
    r"-d '(\{.*?\})'\n", (REPO_ROOT / "README.md").read_text(), re.S)]


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.importer.run import import_dataset
    from tests.conftest import wipe

    wipe(database)
    import_dataset(database, DEFAULT_SEED)
    with TestClient(create_app(neo4j_settings, database)) as c:
        yield c


def test_the_readme_has_the_three_directory_examples() -> None:
    text = " ".join(e["query"] for e in EXAMPLES)
    assert "legal_aid" in text and "network(collaboration:" in text and "legislation" in text


@pytest.mark.parametrize("body", EXAMPLES, ids=[e["query"][:40] for e in EXAMPLES])
def test_readme_example_answers(client: TestClient, body: dict) -> None:
    answer = client.post("/graphql", json=body).json()
    assert "errors" not in answer and all(v for v in answer["data"].values())
