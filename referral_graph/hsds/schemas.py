"""The official HSDS schemas (vendored in `spec/`), as validators and as table layouts.

The per-object schemas refer to each other by file name ("phone.json"); they are registered
under the specification's own base URL, so a reference resolves exactly as it does in the
published files. The same schemas describe a table row (the tabular form) and a nested
object (the JSON form): a row simply has no arrays.

Formats are asserted (uuid, email, uri, date-time), not only annotated: HSDS 3.0 says ids
are UUIDs, and an export that a strict consumer rejects is not an export.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).parent / "spec"
BASE_30 = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
BASE_31 = "https://raw.githubusercontent.com/openreferral/specification/3.1-dev/schema/"
VERSION = "3.0"
# Tables this service adds from HSDS 3.1 (service capacity); not part of a 3.0 package.
EXTRA_31 = ("service_capacity", "unit")


@dataclass(frozen=True, slots=True)
class Table:
    """One HSDS object: its name ("service"), CSV file ("services.csv") and columns."""

    name: str
    path: str
    order: int
    columns: tuple[str, ...]  # the scalar fields, in the specification's order
    numbers: frozenset[str]
    required: tuple[str, ...]
    tabular_required: tuple[str, ...]
    version: str = VERSION
    nested_required: tuple[str, ...] = ()  # required objects a flat row holds as an id


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _table(data: dict[str, Any], version: str) -> Table:
    props = data["properties"]
    columns = tuple(k for k, v in props.items()
                    if v.get("type") != "array" and "$ref" not in v)
    return Table(
        name=data["name"], path=data["path"],
        order=data.get("datapackage_metadata", {}).get("order", 99), columns=columns,
        numbers=frozenset(k for k in columns if props[k].get("type") == "number"),
        required=tuple(data.get("required", ())),
        tabular_required=tuple(data.get("tabular_required", ())), version=version,
        nested_required=tuple(k for k in data.get("required", ()) if k not in columns),
    )


@cache
def tables() -> dict[str, Table]:
    """Every HSDS 3.0 table by name, in the data package's order; then the 3.1 extras."""
    found = [_table(_read(p), "3.0") for p in sorted((SPEC / "3.0").glob("*.json"))
             if p.name != "openapi.json"]
    found.sort(key=lambda t: (t.order, t.name))
    extra = [_table(_read(SPEC / "3.1" / f"{n}.json"), "3.1") for n in EXTRA_31]
    return {t.name: t for t in [*found, *extra]}


def raw_schema(name: str) -> dict[str, Any]:
    folder = "3.1" if name in EXTRA_31 else "3.0"
    return _read(SPEC / folder / f"{name}.json")


@cache
def registry() -> Registry:
    resources = []
    for path in (SPEC / "3.0").glob("*.json"):
        if path.name == "openapi.json":
            continue
        res = Resource.from_contents(_read(path), default_specification=DRAFT202012)
        resources.append((BASE_30 + path.name, res))
        # The 3.1 capacity schema refers to attribute.json and metadata.json of its own
        # branch; those did not change from 3.0 in the fields it uses.
        resources.append((BASE_31 + path.name, res))
    for name in EXTRA_31:
        res = Resource.from_contents(_read(SPEC / "3.1" / f"{name}.json"),
                                     default_specification=DRAFT202012)
        resources.append((BASE_31 + f"{name}.json", res))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator of one object (``service``, ``taxonomy_term`` ...), nested or flat."""
    base = BASE_31 if name in EXTRA_31 else BASE_30
    return Draft202012Validator({"$ref": f"{base}{name}.json"}, registry=registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(name: str, record: dict[str, Any]) -> list[tuple[str, str]]:
    """Each way ``record`` breaks the schema of ``name``, as (field path, message).

    >>> problems("taxonomy", {"id": "not-a-uuid", "name": "x"})
    [('', "'description' is a required property"), ('id', "'not-a-uuid' is not a 'uuid'")]
    """
    out = []
    for e in sorted(validator(name).iter_errors(record), key=lambda e: list(e.absolute_path)):
        out.append((".".join(str(p) for p in e.absolute_path), e.message))
    return out


def openapi() -> dict[str, Any]:
    """The official HSDS 3.0 OpenAPI description (vendored, unmodified)."""
    return _read(SPEC / "3.0" / "openapi.json")
