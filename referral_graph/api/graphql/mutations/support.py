"""What every mutation resolver does around the domain call: turn the one ``input`` into the
domain's arguments (global ids to slugs), attach the write guard, run the edit, refresh the
projection, and answer the Relay-style payload fields (`types.edits.outcome`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError, print_ast
from strawberry.types import Info

from referral_graph.api.graphql.ids import local_id
from referral_graph.api.graphql.types.edits import outcome
from referral_graph.edits import errors as domain
from referral_graph.edits.errors import Conflict, EditRejected
from referral_graph.edits.guard import IdempotencyKey, WriteGuard
from referral_graph.edits.validate import camel

T = TypeVar("T")

# Fields of an input that are not data of the record: the mutation's own controls.
CONTROLS = ("client_mutation_id", "expected_version")


def guard(info: Info, expected_version: int | None = None) -> WriteGuard:
    """The request's idempotency key for this mutation, and the version the caller loaded."""
    ctx = info.context
    key = None
    if ctx.idempotency_key is not None:
        # What was asked: the mutation as written, with the request's variables.
        asked = {"mutation": print_ast(info._raw_info.field_nodes[0]),
                 "variables": info.variable_values}
        key = IdempotencyKey.of(ctx.caller, ctx.idempotency_key, ctx.next_mutation(), asked)
    return WriteGuard(key, expected_version)


def version(input: Any) -> int | None:
    value = getattr(input, "expected_version", None)
    return None if value is strawberry.UNSET else value


def one_id(value: Any, type_name: str, field: str) -> str:
    """The slug an input's id field names (a global id of `type_name`, or a slug)."""
    return local_id(str(value), type_name, f"input.{camel(field)}")


def data(input: Any, ids: Mapping[str, str] = {},
         drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """An input object as the snake_case dict the domain validates: UNSET fields, the
    mutation's controls and `drop` left out, the `ids` fields (field → type) as slugs."""
    out = {}
    for name, value in vars(input).items():
        if value is strawberry.UNSET or name in CONTROLS or name in drop:
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, list):
            value = [v.value if isinstance(v, Enum) else str(v) if isinstance(v, str) else v
                     for v in value]
        if name in ids and value is not None:
            value = ([one_id(v, ids[name], name) for v in value] if isinstance(value, list)
                     else one_id(value, ids[name], name))
        out[name] = value
    return out


def run(info: Info, action: Callable[[], tuple[T, list[str]]]
        ) -> tuple[T | None, list[domain.FieldError]]:
    """Run an edit; the organizations it touched are refreshed in the projection."""
    try:
        result, touched = action()
    except EditRejected as e:
        if isinstance(e, Conflict):
            info.context.extra_errors.append(GraphQLError(
                e.errors[0].message, path=info.path.as_list(), extensions=e.extensions))
        return None, e.errors
    if touched:
        info.context.projection.refresh(touched)
    return result, []


def answered(info: Info, input: Any, errors: list[domain.FieldError]) -> dict[str, Any]:
    """The payload fields every mutation shares."""
    return outcome(input.client_mutation_id, errors, info.context.lang)
