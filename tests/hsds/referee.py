"""The independent referee: the official compiled HSDS 3.0 schemas in ../shared/hsds-3.0,
read as they are (never the project's vendored copy), with formats asserted."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from referral_graph.config import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared" / "hsds-3.0"
COMPILED = SHARED / "schema" / "compiled"
EXAMPLES = SHARED / "examples"


@cache
def compiled(name: str) -> dict[str, Any]:
    return json.loads((COMPILED / f"{name}.json").read_text(encoding="utf-8"))


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def document_validator(name: str) -> Draft202012Validator:
    """service, organization, service_at_location, *_list: the compiled document schemas."""
    return _validator(compiled(name))


@cache
def row_validator(table: str) -> Draft202012Validator:
    """One row of a table, as compiled/tabular.json describes it."""
    return _validator(compiled("tabular")["properties"][table]["items"])


@cache
def location_validator() -> Draft202012Validator:
    return _validator(compiled("organization")["properties"]["locations"]["items"])


def errors(v: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instance)]
