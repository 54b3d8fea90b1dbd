"""A small GraphQL client over FastAPI's TestClient, shared by the API tests."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None,
        token: str | None = None, lang: str | None = None) -> dict[str, Any]:
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if lang:
        headers["Accept-Language"] = lang
    r = client.post("/graphql", json={"query": query, "variables": variables or {}},
                    headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def data(client: TestClient, query: str, variables: dict[str, Any] | None = None,
         token: str | None = None, lang: str | None = None) -> dict[str, Any]:
    body = gql(client, query, variables, token, lang)
    assert "errors" not in body, body["errors"]
    return body["data"]
