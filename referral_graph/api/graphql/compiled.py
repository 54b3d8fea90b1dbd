"""Selection sets compiled once per request into steps, for objects answered in bulk.

Why: a large computed answer (a directory of 300 providers, a network of 400 nodes) is
mostly graphql-core's per-object and per-field bookkeeping, not our own work. For each
object of a list, graphql-core looks up every field by name, makes a path segment, calls
``execute_field``, checks the result for an awaitable, and for each plain object field
builds a resolve info and calls a resolver only to read an attribute. Here the fields of
a selection set are sorted once per request (``compile_selection``) and each object of
that selection then runs the steps (``run_steps``):

- ``__typename``: the type's name.
- a plain leaf (no resolver, no extension, a scalar or an enum; noted by ``lean.py``):
  the attribute, coerced.
- a plain list of leaves (the same, a list of scalars or enums): each item coerced.
- a plain object field (no resolver, no extension; an object, or a list of objects, of
  one concrete type): the attribute, each object completed by the same steps.
- a lean resolver (``lean.py``): called with its arguments read once per request, its
  result completed by graphql-core (a scalar or enum coerced here).
- anything else (an asynchronous resolver, an interface or a union, a list of lists,
  ``@stream``): the field as graphql-core executes it.

Anything unusual on the first two kinds (an attribute that fails, a null where the schema
forbids one, a value the type refuses, an awaitable, something that is not a list) is
handed back to graphql-core's own path for that field before any of its work is done,
so its error is reported exactly as before. Errors raised while completing the objects
of a plain object field are handled at the same places graphql-core handles them (the
list item, then the field), with the same messages. ``tests/api/test_lean_execution.py``
compares answers and errors with Strawberry's own path.

A little over 400 lines for one reason: each kind of step sits beside the check that hands
it back to graphql-core, and the two must be read together to see that an error is
reported as graphql-core reports it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
)
from graphql.pyutils import Path, Undefined, gather_with_cancel

if TYPE_CHECKING:
    from referral_graph.api.graphql.lean import LeanExecutor, PlainLeaf

_TYPENAME, _LEAF, _LEAVES, _OBJECT, _CALL, _FIELD = range(6)
KIND_NAMES = ("typename", "leaf", "leaves", "object", "call", "field")  # by kind, for tests


@dataclass(frozen=True, slots=True)
class PlainObject:
    """A field answered by reading an attribute that holds an object or a list of them."""

    attribute: str
    object_type: GraphQLObjectType
    non_null: bool
    is_list: bool
    item_non_null: bool
    item_type: GraphQLOutputType | None  # the schema's own type of a list's items


@dataclass(frozen=True, slots=True)
class Call:
    """A lean resolver's field with its arguments for this request."""

    field: GraphQLField
    nodes: list[FieldNode]
    args: dict[str, Any]
    coerce: Callable[[Any], Any] | None  # the leaf type's coercion, when it is one


@dataclass(frozen=True, slots=True)
class PlainLeaves:
    """A field answered by reading an attribute that holds a list of scalars or enums."""

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    item_non_null: bool


def output_coercion(leaf: GraphQLScalarType | GraphQLEnumType) -> Callable[[Any], Any]:
    """The leaf type's output coercion; for an enum, a look-up of the value's name first.

    Why: Strawberry's enum type tests each value against its Python enum class, then asks
    graphql-core, which reads the same table behind a property: ~6% of a depth-2 network
    answer, which has a kind and a sector per node and the kinds of each tie. A value the
    table does not hold (an enum member of a class that is not a str, an unknown value)
    goes to the type's own coercion, which answers or raises as before.

    >>> from graphql import GraphQLEnumType
    >>> kind = GraphQLEnumType("Kind", {"NGO": "ngo", "SHELTER": "shelter"})
    >>> output_coercion(kind)("shelter")
    'SHELTER'
    >>> output_coercion(kind)("hotel")
    Traceback (most recent call last):
    ...
    graphql.error.graphql_error.GraphQLError: Enum 'Kind' cannot represent value: 'hotel'
    """
    slow = leaf.coerce_output_value
    if not isinstance(leaf, GraphQLEnumType):
        return slow
    names: dict[Any, str] = {}
    for name, value in leaf.values.items():
        try:
            names[value.value] = name  # as graphql-core's own table: the last name
        except TypeError:  # an unhashable value: only the type's own scan finds it
            return slow

    def coerce(value: Any) -> Any:
        try:
            return names[value]
        except (KeyError, TypeError):
            return slow(value)

    return coerce


def plain_leaves(attribute: str, type_: GraphQLOutputType) -> PlainLeaves | None:
    """The PlainLeaves for an attribute of this type, or None when it is not a list of
    scalars or enums."""
    non_null = isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if not isinstance(inner, GraphQLList):
        return None
    item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    item = item.of_type if isinstance(item, GraphQLNonNull) else item
    if not isinstance(item, GraphQLScalarType | GraphQLEnumType):
        return None
    return PlainLeaves(attribute, output_coercion(item), non_null, item_non_null)


# One step: (kind, response name, the field's details (for graphql-core's path), and the
# PlainLeaf, PlainLeaves, PlainObject, Call or type name the kind needs).
Step = tuple[int, str, Any, Any]


def plain_object(attribute: str, type_: GraphQLOutputType) -> PlainObject | None:
    """The PlainObject for an attribute of this type, or None when its shape is not one
    of those answered here (an interface, a union, a list of lists, a leaf)."""
    non_null = isinstance(type_, GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLObjectType):
        return PlainObject(attribute, inner, non_null, False, False, None)
    if not isinstance(inner, GraphQLList):
        return None
    item_type = item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    item = item.of_type if isinstance(item, GraphQLNonNull) else item
    if not isinstance(item, GraphQLObjectType):
        return None
    return PlainObject(attribute, item, non_null, True, item_non_null, item_type)


def compile_selection(parent_type: GraphQLObjectType, grouped_field_set: dict[str, Any],
                      leaf_of: Callable[[Any], PlainLeaf | None],
                      object_of: Callable[[Any], PlainObject | PlainLeaves | None],
                      call_of: Callable[[GraphQLField, Any], Call | None]) -> list[Step]:
    """The steps answering one selection set on objects of ``parent_type``."""
    steps: list[Step] = []
    for name, details in grouped_field_set.items():
        first = details[0]
        field_name = first.node.name.value
        if first.fragment_variable_values is not None or any(
                d.node.directives and any(x.name.value == "stream" for x in d.node.directives)
                for d in details):
            steps.append((_FIELD, name, details, None))
            continue
        if field_name == "__typename":
            steps.append((_TYPENAME, name, details, parent_type.name))
            continue
        gfield = parent_type.fields.get(field_name)
        leaf = leaf_of(gfield) if gfield is not None else None
        if leaf is not None:
            steps.append((_LEAF, name, details, leaf))
            continue
        shape = object_of(gfield) if gfield is not None else None
        if shape is not None:
            if isinstance(shape, PlainObject):  # with its field, read when it fails
                steps.append((_OBJECT, name, details, (shape, gfield)))
            else:
                steps.append((_LEAVES, name, details, shape))
            continue
        call = call_of(gfield, details) if gfield is not None else None
        if call is not None:
            steps.append((_CALL, name, details, call))
            continue
        steps.append((_FIELD, name, details, None))
    return steps


def run_steps(ex: LeanExecutor, steps: list[Step], parent_type: GraphQLObjectType,
              source: Any, path: Path | None) -> Any:
    """The completed object: a dict, or an awaitable of one when a field is awaitable."""
    results: dict[str, Any] = {}
    pending: list[str] = []
    try:
        _run(ex, steps, parent_type, source, path, results, pending)
    except Exception:
        if pending:  # as graphql-core: a bubbling error leaves no sibling unsettled
            ex.settle_in_background([results[name] for name in pending])
        raise
    if not pending:
        return results
    return _filled(results, pending)


def _run(ex: LeanExecutor, steps: list[Step], parent_type: GraphQLObjectType, source: Any,
         path: Path | None, results: dict[str, Any], pending: list[str]) -> None:
    is_awaitable = ex.is_awaitable
    for kind, name, details, spec in steps:
        if kind == _LEAF:
            try:
                value = getattr(source, spec.attribute)
            except Exception:  # reported by graphql-core's path below
                value = Undefined
            if value is None:
                if not spec.non_null:
                    results[name] = None
                    continue
            elif value is not Undefined and not isinstance(value, Exception):
                try:
                    coerced = spec.coerce(value)
                except Exception:  # reported by graphql-core's path below
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    results[name] = coerced
                    continue
        elif kind == _LEAVES:
            done = _leaves(spec, source)
            if done is not Undefined:
                results[name] = done
                continue
        elif kind == _TYPENAME:
            results[name] = spec
            continue
        elif kind == _OBJECT:
            shape, field_def = spec
            done = _object_field(ex, shape, field_def, parent_type, source, name, details, path)
            if done is not Undefined:
                results[name] = done
                if is_awaitable(done):
                    pending.append(name)
                continue
        elif kind == _CALL:
            done = _called(ex, spec, parent_type, source, details,
                           Path(path, name, parent_type.name))
            results[name] = done
            if is_awaitable(done):
                pending.append(name)
            continue
        result = ex.execute_field(parent_type, source, details,
                                  Path(path, name, parent_type.name), None)
        if result is not Undefined:
            results[name] = result
            if is_awaitable(result):
                pending.append(name)


async def _filled(out: Any, keys: list[Any]) -> Any:
    """`out` (a dict of fields or a list of items) with its awaitable values at `keys`
    awaited together, as graphql-core gathers them."""
    awaited = await gather_with_cancel(*(out[key] for key in keys))
    for key, value in zip(keys, awaited, strict=True):
        out[key] = value
    return out


def _leaves(spec: PlainLeaves, source: Any) -> Any:
    """The list of leaves coerced, or Undefined to have graphql-core's path answer it (it
    reads and coerces again, which changes nothing)."""
    try:
        value = getattr(source, spec.attribute)
    except Exception:
        return Undefined
    if value is None:
        return Undefined if spec.non_null else None
    if not isinstance(value, list | tuple):
        return Undefined
    coerce = spec.coerce
    out: list[Any] = []
    for item in value:
        if item is None:
            if spec.item_non_null:
                return Undefined
            out.append(None)
            continue
        if isinstance(item, Exception):
            return Undefined
        try:
            coerced = coerce(item)
        except Exception:
            return Undefined
        if coerced is None or coerced is Undefined:
            return Undefined
        out.append(coerced)
    return out


def _called(ex: LeanExecutor, call: Call, parent_type: GraphQLObjectType, source: Any,
            details: Any, path: Path) -> Any:
    """What graphql-core's ``execute_field`` does for this field, without looking the field
    up and reading its arguments again for each object."""
    field_type = call.field.type
    resolve = call.field.resolve
    assert resolve is not None  # a lean resolver
    info = ex.build_resolve_info(call.field, call.nodes, parent_type, path)
    try:
        result = resolve(source, info, **call.args)
        if ex.is_awaitable(result):
            return ex.complete_awaitable_value(field_type, details, info, path, result, None)
        if call.coerce is not None and result is not None and not isinstance(
                result, Exception):
            coerced = call.coerce(result)
            if coerced is not None and coerced is not Undefined:
                return coerced
        done = ex.complete_value(field_type, details, info, path, result, None)
    except Exception as error:
        ex.handle_field_error(error, field_type, details, path)
        return None
    if ex.is_awaitable(done):
        return _field_awaited(ex, done, field_type, details, path)
    return done


def _object_field(ex: LeanExecutor, spec: PlainObject, field_def: GraphQLField,
                  parent_type: GraphQLObjectType, source: Any, name: str, details: Any,
                  path: Path | None) -> Any:
    """The field completed here, or Undefined to have graphql-core's path answer it (when
    nothing of it has been done yet)."""
    try:
        value = getattr(source, spec.attribute)
    except Exception:
        return Undefined
    if value is None:
        return Undefined if spec.non_null else None
    is_awaitable = ex.is_awaitable
    if isinstance(value, Exception) or is_awaitable(value):
        return Undefined
    if spec.is_list and (not isinstance(value, list | tuple)
                         or any(is_awaitable(item) for item in value)):
        return Undefined
    field_path = Path(path, name, parent_type.name)
    field_type = field_def.type
    # The field's resolve info, which graphql-core hands to `is_type_of` (built only then).
    info = (ex.build_resolve_info(field_def, [d.node for d in details], parent_type,
                                  field_path) if spec.object_type.is_type_of else None)
    try:
        if not spec.is_list:
            done = ex.complete_plain_object(spec.object_type, details, field_path, value, info)
        else:
            done = _list(ex, spec, parent_type, details, field_path, value, info)
    except Exception as error:
        ex.handle_field_error(error, field_type, details, field_path)
        return None
    if is_awaitable(done):
        return _field_awaited(ex, done, field_type, details, field_path)
    return done


def _list(ex: LeanExecutor, spec: PlainObject, parent_type: GraphQLObjectType, details: Any,
          field_path: Path, items: list[Any] | tuple[Any, ...], info: Any) -> Any:
    item_type = spec.item_type
    assert item_type is not None  # a list's
    complete = ex.complete_plain_object
    is_awaitable = ex.is_awaitable
    object_type = spec.object_type
    out: list[Any] = []
    waiting: list[int] = []
    try:
        for index, item in enumerate(items):
            item_path = Path(field_path, index, None)
            try:
                if item is None:
                    if spec.item_non_null:
                        raise TypeError("Cannot return null for non-nullable field"
                                        f" {parent_type.name}.{details[0].node.name.value}.")
                    out.append(None)
                    continue
                done = complete(object_type, details, item_path, item, info)
            except Exception as error:
                ex.handle_field_error(error, item_type, details, item_path)
                out.append(None)
                continue
            if is_awaitable(done):
                waiting.append(index)
                done = _field_awaited(ex, done, item_type, details, item_path)
            out.append(done)
    except Exception:
        if waiting:  # as graphql-core: a bubbling error leaves no item unsettled
            ex.settle_in_background([out[index] for index in waiting])
        raise
    if not waiting:
        return out
    return _filled(out, waiting)


async def _field_awaited(ex: LeanExecutor, done: Awaitable[Any], type_: GraphQLOutputType,
                         details: Any, path: Path) -> Any:
    try:
        return await done
    except Exception as error:
        ex.handle_field_error(error, type_, details, path)
        return None
