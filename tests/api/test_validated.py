"""Query texts found valid once are neither parsed nor validated again
(api/graphql/validated.py), and an invalid text's errors are never shared between
requests: each answer's errors are shaped in its own request's language."""

from __future__ import annotations

import pytest
import strawberry.schema.schema as strawberry_schema
from fastapi.testclient import TestClient

from tests.api.helpers import data, gql

ASK = "{ states { code } }"


def test_a_valid_text_is_validated_once(client: TestClient,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    validate = strawberry_schema.validate_document

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[1])
        return validate(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate_document", counted)
    text = ASK + " # validated once"  # a text no other test has sent to this app
    first = data(client, text)
    assert data(client, text) == first == data(client, text) and first["states"]
    assert len(calls) == 1


def test_an_invalid_texts_errors_are_shaped_per_request(client: TestClient) -> None:
    bad = "{ states { code nosuchfield } }"
    answers = [gql(client, bad, lang=lang)["errors"] for lang in ("en", "es", "en", "es")]
    assert answers[0] == answers[2] and answers[1] == answers[3]
    assert answers[0][0]["message"] != answers[1][0]["message"]
    assert all(a[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" for a in answers)
