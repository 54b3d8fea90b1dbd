"""Every GraphQL example in the README runs against the seeds without errors."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from referral_graph.config import REPO_ROOT

EXAMPLES = [json.loads(m.group(1)) for m in re.finditer(
    r"-d '(\{.*?\})'\n", (REPO_ROOT / "README.md").read_text(), re.S)]



def test_the_readme_has_the_three_directory_examples() -> None:
    text = " ".join(e["query"] for e in EXAMPLES)
    assert "legal_aid" in text and "network(collaboration:" in text and "legislation" in text


@pytest.mark.parametrize("body", EXAMPLES, ids=[e["query"][:40] for e in EXAMPLES])
def test_readme_example_answers(client: TestClient, body: dict) -> None:
    answer = client.post("/graphql", json=body).json()
    assert "errors" not in answer and all(v for v in answer["data"].values())
