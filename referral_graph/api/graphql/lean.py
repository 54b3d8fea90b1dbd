"""Leaner field execution: the steps graphql-core and Strawberry take for every field of
every object, left out where this schema never needs them.

Why: a large computed answer is mostly per-field bookkeeping. At 100k organizations a
providers answer of 1,240 providers completes ~11,000 fields; before this module, each
plain field cost a resolve-info object, a Strawberry wrapper and an awaitable check, and
each resolver field (``why``, ``kindLabel``) also went through Strawberry's argument
conversion and field-extension chain, even with no argument to convert and no extension.

Three changes, each taken only where it gives the same answer:

- ``lean_resolvers(schema)`` replaces a resolver field's Strawberry wrapper with a direct
  call when the field is synchronous, has no field extension (permissions are extensions)
  and every argument is a scalar or an enum (for which Strawberry's conversion returns the
  value as it is). Arguments are renamed to their Python names as Strawberry does.
- ``lean_resolvers`` also notes each plain field (no resolver, no extension) whose type
  is a scalar or an enum, a list of them, or an object or a list of objects.
- ``LeanExecutor`` completes each object by steps compiled once per request for its
  selection set (``compiled.py``): a plain field is answered by reading the attribute
  (and coercing it, or completing its objects by the same steps), without building the
  resolve info; a lean resolver is called with its arguments read once. Anything unusual
  (an exception, a null where the schema forbids it, a value the type refuses) goes
  through graphql-core's own path, which reports it exactly as before. It steps aside
  entirely when a schema extension resolves fields (middleware).

Strawberry and graphql-core are pinned: ``tests/api/test_lean_execution.py`` compares every
workload's answer with and without these changes, so an upgrade that changes what the
skipped steps do fails there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
)
from graphql.execution.executor import invalid_return_type_error
from graphql.execution.values import get_argument_values
from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.field import StrawberryField

from referral_graph.api.graphql.compiled import (
    Call,
    PlainLeaves,
    PlainObject,
    Step,
    compile_selection,
    output_coercion,
    plain_leaves,
    plain_object,
    run_steps,
)

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF


@dataclass(frozen=True, slots=True)
class PlainLeaf:
    """A field answered by reading an attribute: its name and its type's coercion."""

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool


# Where a plain leaf field keeps its PlainLeaf (and a plain object field its PlainObject):
# in the field's own extensions, so that each schema built (the tests build many) carries
# its own.
_PLAIN = "referral_graph.plain_leaf"
_PLAIN_OBJECT = "referral_graph.plain_object"
_LEAN_CALL = "referral_graph.lean_call"


def _leaf_of(gfield: GraphQLField) -> PlainLeaf | None:
    return gfield.extensions.get(_PLAIN)


def _object_of(gfield: GraphQLField) -> PlainObject | PlainLeaves | None:
    return gfield.extensions.get(_PLAIN_OBJECT)


def _strawberry_field(field: GraphQLField) -> StrawberryField | None:
    found = (field.extensions or {}).get(_BACKREF)
    return found if isinstance(found, StrawberryField) else None


def _passes_unchanged(type_: Any, registry: Any) -> bool:
    """True when Strawberry's argument conversion returns a value of this type as it is."""
    if isinstance(type_, StrawberryOptional) and type(type_) is StrawberryOptional:
        type_ = type_.of_type  # a plain optional; `Maybe` wraps its value, so not that
    if type_ is GlobalID:
        return False  # parsed from its string by the conversion
    if has_enum_definition(type_) or isinstance(type_, StrawberryEnumDefinition):
        return True  # graphql-core already gives the enum member
    return isinstance(type_, type) and is_scalar(type_, registry)


def _lean(field: StrawberryField, info_class: type, graphql_to_python: dict[str, str]
          ) -> Callable[..., Any]:
    """A resolver calling the field's function directly, as Strawberry would call it."""
    resolver = field.base_resolver
    assert resolver is not None
    func = cast(Callable[..., Any], resolver.wrapped_func)  # as Strawberry's own call
    wants_self = resolver.self_parameter is not None
    source_names = [p.name for p in (resolver.parent_parameter, resolver.root_parameter)
                    if p is not None]
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    renamed = {k: v for k, v in graphql_to_python.items() if k != v}

    def lean_resolver(source: Any, info: Any, **kwargs: Any) -> Any:
        if renamed:
            kwargs = {renamed.get(k, k): v for k, v in kwargs.items()}
        for name in source_names:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = info_class(_raw_info=info, _field=field)
        return func(source, **kwargs) if wants_self else func(**kwargs)

    return lean_resolver


def lean_resolvers(schema: strawberry.Schema) -> int:
    """Give each resolver field that qualifies a direct resolver, and note each plain leaf
    field for ``LeanExecutor``. Returns how many resolvers were replaced."""
    core: GraphQLSchema = schema._schema
    converter = schema.schema_converter
    registry = converter.scalar_registry
    replaced = 0
    for named in core.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for gfield in named.fields.values():
            field = _strawberry_field(gfield)
            if field is None or field.extensions or field.is_subscription:
                continue
            handlers = converter._get_field_exception_handlers(field)
            if field.base_resolver is None:
                if handlers or schema.config.default_resolver is not getattr:
                    continue
                non_null = isinstance(gfield.type, GraphQLNonNull)
                leaf = gfield.type.of_type if non_null else gfield.type
                if isinstance(leaf, GraphQLScalarType | GraphQLEnumType):
                    gfield.extensions[_PLAIN] = PlainLeaf(
                        field.python_name, output_coercion(leaf), non_null)
                elif (shape := (plain_object(field.python_name, gfield.type)
                                or plain_leaves(field.python_name, gfield.type))):
                    gfield.extensions[_PLAIN_OBJECT] = shape
                continue
            if field.is_async or handlers:
                continue
            args = field.arguments
            if not all(_passes_unchanged(a.type, registry) for a in args):
                continue
            names = {schema.config.name_converter.from_argument(a): a.python_name
                     for a in args}
            if set(names) != set(gfield.args):
                continue  # an argument this function would not recognise
            gfield.resolve = _lean(field, schema.config.info_class, names)
            gfield.extensions[_LEAN_CALL] = True
            replaced += 1
    return replaced


class LeanExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, completing objects by compiled steps (``compiled.py``):
    plain fields without the resolve info, the resolver call and the awaitable checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._lean = manager is None or not manager.middlewares
        # (type, id of the field details) -> (the details, kept alive so that the id is
        # not reused during this request; the steps, or None where they do not apply)
        self._compiled: dict[tuple[GraphQLObjectType, int], tuple[Any, list[Step] | None]] = {}

    def _steps(self, object_type: GraphQLObjectType, details: Any) -> list[Step] | None:
        key = (object_type, id(details))
        found = self._compiled.get(key)
        if found is not None:
            return found[1]
        grouped, new_defer_usages, _forbidden = self.collect_subfields(object_type, details)
        steps = (None if new_defer_usages
                 else compile_selection(object_type, grouped, _leaf_of, _object_of,
                                        self._call_of))
        self._compiled[key] = (details, steps)
        return steps

    def _call_of(self, gfield: GraphQLField, details: Any) -> Call | None:
        """The Call for a lean resolver's field, its arguments read for this request; None
        for any other field, or when reading them fails (graphql-core reports it)."""
        if not gfield.extensions.get(_LEAN_CALL):
            return None
        first = details[0]
        try:
            args = (get_argument_values(gfield, first.node, self.variable_values,
                                        first.fragment_variable_values, self.hide_suggestions)
                    if gfield.args or first.node.arguments else {})
        except Exception:  # reported by graphql-core's own execution of the field
            return None
        leaf = gfield.type.of_type if isinstance(gfield.type, GraphQLNonNull) else gfield.type
        coerce = (leaf.coerce_output_value
                  if isinstance(leaf, GraphQLScalarType | GraphQLEnumType) else None)
        return Call(gfield, [d.node for d in details], args, coerce)

    def collect_and_execute_subfields(self, return_type: GraphQLObjectType, details: Any,
                                      path: Any, result: Any, position_context: Any) -> Any:
        if self._lean and position_context is None:
            steps = self._steps(return_type, details)
            if steps is not None:
                return run_steps(self, steps, return_type, result, path)
        return super().collect_and_execute_subfields(return_type, details, path, result,
                                                     position_context)

    def complete_plain_object(self, object_type: GraphQLObjectType, details: Any,
                              path: Any, value: Any, info: Any) -> Any:
        """An object read from a plain object field, completed as graphql-core's
        ``complete_object_value`` completes it (``info`` is the field's, for
        ``is_type_of``)."""
        if object_type.is_type_of:
            fits = object_type.is_type_of(value, info)
            if self.is_awaitable(fits):
                return self._complete_when_fits(fits, object_type, details, path, value)
            if not fits:
                raise invalid_return_type_error(object_type, value, details)
        return self.collect_and_execute_subfields(object_type, details, path, value, None)

    async def _complete_when_fits(self, fits: Any, object_type: GraphQLObjectType,
                                  details: Any, path: Any, value: Any) -> Any:
        if not await self.with_abort_signal(fits):
            raise invalid_return_type_error(object_type, value, details)
        done = self.collect_and_execute_subfields(object_type, details, path, value, None)
        return await done if self.is_awaitable(done) else done
