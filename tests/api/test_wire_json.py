"""What goes on the wire: compact UTF-8 JSON, and the size cap counts exactly those bytes."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.graphql import limits

STATES = "{ states { code name } }"


def _raw(client: TestClient, query: str) -> bytes:
    r = client.post("/graphql", json={"query": query})
    assert r.status_code == 200
    return r.content


def test_answers_are_compact_utf8_with_accents_as_themselves(client: TestClient) -> None:
    body = _raw(client, STATES)
    assert "Yucatán".encode() in body and b"\\u00" not in body
    parsed = json.loads(body)
    assert body == json.dumps(parsed, ensure_ascii=False, separators=(",", ":")).encode()


def test_the_size_cap_counts_the_bytes_sent(client: TestClient,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    body = _raw(client, STATES)
    sent = len(body) - len(b'{"data":}')  # the data entry's own bytes
    # The same data under other operation names: a kept answer is not measured again.
    monkeypatch.setattr(limits, "MAX_RESPONSE_BYTES", sent)
    assert json.loads(_raw(client, "query A " + STATES))["data"]["states"]
    monkeypatch.setattr(limits, "MAX_RESPONSE_BYTES", sent - 1)
    refused = json.loads(_raw(client, "query B " + STATES))
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["size"] == sent
