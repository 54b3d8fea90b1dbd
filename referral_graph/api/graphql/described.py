"""Descriptions for every type, field, argument and enum value of the schema (issue 18).

Types declared in the code carry their description there when they have one; the rest are
kept by schema coordinate in `schema/descriptions.yaml`, one reviewed text, and set on the
built schema here. A test walks the schema and fails on anything left undescribed.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import yaml
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from referral_graph.config import SCHEMA_DIR

TABLE = SCHEMA_DIR / "descriptions.yaml"
BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8")) or {}


def elements(schema: GraphQLSchema) -> Iterator[tuple[str, Any]]:
    """Every describable element of the schema with its coordinate, built-ins left out."""
    for name, t in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        yield name, t
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in t.fields.items():
                yield f"{name}.{field_name}", field
                for arg_name, arg in (getattr(field, "args", None) or {}).items():
                    yield f"{name}.{field_name}({arg_name}:)", arg
        elif isinstance(t, GraphQLEnumType):
            for value_name, value in t.values.items():
                yield f"{name}.{value_name}", value


def describe(schema: GraphQLSchema) -> None:
    """Set the table's description on each element the code left without one."""
    texts = table()
    for coordinate, element in elements(schema):
        if not element.description and coordinate in texts:
            element.description = texts[coordinate]
