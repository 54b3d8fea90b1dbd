"""What a query will cost, estimated before it runs: lists multiply what is nested in them.

Depth, alias and token limits do not bound the work: ``organization { agreements { parties
{ agreements { parties { … } } } } }`` stays inside any depth limit while each level
multiplies the answer (8 MB and 22 s on the seeds before this limit existed). The cost of a
query is the number of objects it may resolve: an object field costs 1 plus what is
selected in it, a list field multiplies that by its expected length — the page size
(``first``) where the field takes one, a known bound for the few long lists, else
``DEFAULT_LIST`` — so nested lists multiply as they do when the query runs. A connection
(a type with ``edges``) takes its page size from ``first`` or ``last`` on the field that
returns it (when it names none, the page it serves then: ``PAGE_DEFAULTS``, else
``MAX_PAGE``), and ``nodes(ids:)`` counts its ids. An
interface (``node``) costs what is selected on it, fragments on its types included. Scalars
are free; the introspection fields (``__schema``) are bounded by the schema and free too.

A query over ``MAX_COST`` is refused before anything runs, with the estimate in the
message, so a client can see which part to trim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

DEFAULT_LIST = 10
MAX_PAGE = 100  # the largest page any field serves (`first`/`last`, `nodes(ids:)`)
# Lists known to be longer than DEFAULT_LIST, by "Type.field": the size a full answer has.
BOUNDS: dict[str, int] = {
    "Query.states": 32,
    "Query.serviceTypes": 15,
    "Query.serviceCounts": 32 * 15,
    "Query.collaborations": 20,
    "CoverageReport.cells": 32 * 15,
    "CoverageReport.states": 32,
    "NetworkGraph.nodes": 50,
    "NetworkGraph.edges": 100,
}
# Connections that serve a smaller page than MAX_PAGE when asked no size.
PAGE_DEFAULTS: dict[str, int] = {"Query.organizations": 20, "Query.auditTrailConnection": 50,
                                 "ProviderDirectory.providersConnection": 20}
# The README's and the web app's largest queries cost about 11,000, the tests' "every field
# of every organization" queries about 220,000 (0.3 s on the seeds); the nested-agreements
# abuse of issue 12 costs about 10^8 and six nested lists already 10^6.
MAX_COST = 50_000


def _unwrap(type_: Any) -> tuple[Any, bool]:
    """The named type behind a field's type, and whether a list wraps it."""
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


def _first(node: FieldNode, variables: Mapping[str, Any]) -> int | None:
    """The page size a field asks for, if it names one (`first: 50`, `last: $n`, the
    length of `ids: [...]`); the larger when it names both `first` and `last`."""
    sizes = []
    for arg in node.arguments or ():
        if arg.name.value not in ("first", "last", "ids"):
            continue
        value: Any = None
        if isinstance(arg.value, IntValueNode):
            value = int(arg.value.value)
        elif isinstance(arg.value, ListValueNode):
            value = len(arg.value.values)
        elif isinstance(arg.value, VariableNode):
            value = variables.get(arg.value.name.value)
            if isinstance(value, list):
                value = len(value)
        if value is None and not isinstance(arg.value, IntValueNode | ListValueNode
                                            | VariableNode):
            continue  # `first: null`: the field's default applies
        if isinstance(value, int) and not isinstance(value, bool):
            sizes.append(max(0, min(value, MAX_PAGE)))
        elif value is not None or isinstance(arg.value, VariableNode):
            sizes.append(MAX_PAGE)  # unreadable here: the field itself will refuse it
    return max(sizes) if sizes else None


def _is_connection(type_: Any) -> bool:
    return isinstance(type_, GraphQLObjectType) and "edges" in type_.fields


class _Estimator:
    def __init__(self, schema: GraphQLSchema, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def fields(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType,
               seen: frozenset[str] = frozenset()) -> Iterable[tuple[FieldNode, Any]]:
        """Every field selected on `parent`, through fragments, with its parent type."""
        for sel in selection_set.selections if selection_set else ():
            if isinstance(sel, FieldNode):
                yield sel, parent
            elif isinstance(sel, InlineFragmentNode):
                on = (self.schema.get_type(sel.type_condition.name.value)
                      if sel.type_condition else parent)
                yield from self.fields(sel.selection_set, on or parent, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                frag = self.fragments.get(name)
                if frag is None or name in seen:  # validation reports these; count nothing
                    continue
                on = self.schema.get_type(frag.type_condition.name.value) or parent
                yield from self.fields(frag.selection_set, on, seen | {name})

    def cost(self, selection_set: SelectionSetNode | None, parent: Any,
             page: int | None = None) -> int:
        """The cost of a selection on `parent`; `page` is the page size of the connection
        `parent` is (what its `edges` count)."""
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0
        total = 0
        for node, on in self.fields(selection_set, parent):
            name = node.name.value
            if name.startswith("__") or not isinstance(on, GraphQLObjectType
                                                       | GraphQLInterfaceType):
                continue
            field = on.fields.get(name)
            if field is None:
                continue
            inner, is_list = _unwrap(field.type)
            if not isinstance(get_named_type(inner), GraphQLObjectType | GraphQLInterfaceType):
                continue  # scalars and enums, lists of them included
            size = 1
            first = _first(node, self.variables)
            if is_list:
                if page is not None and name == "edges" and on is parent:
                    size = page
                else:
                    size = first if first is not None else BOUNDS.get(f"{on.name}.{name}",
                                                                      DEFAULT_LIST)
            if _is_connection(inner):
                if first is None:
                    first = PAGE_DEFAULTS.get(f"{on.name}.{name}", MAX_PAGE)
                total += 1 + self.cost(node.selection_set, inner, first)
                continue
            total += size * (1 + self.cost(node.selection_set, inner))
        return total


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is not None:
        return next((o for o in ops if o.name and o.name.value == name), None)
    return ops[0] if len(ops) == 1 else None


def query_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None = None,
               variables: Mapping[str, Any] | None = None) -> int:
    """The estimated number of objects the operation resolves.

    >>> from graphql import build_schema, parse
    >>> s = build_schema('''
    ...   type Query { org(id: ID): Org  orgs(first: Int = 20): [Org] }
    ...   type Org { id: ID  name: String  agreements: [Agreement] }
    ...   type Agreement { subject: String  parties: [Org] }
    ... ''')
    >>> query_cost(s, parse('{ org(id: "a") { id name } }'))
    1
    >>> query_cost(s, parse('{ orgs(first: 5) { agreements { subject } } }'))
    55
    >>> nested = '{ org { agreements { parties { agreements { parties { id } } } } } }'
    >>> query_cost(s, parse(nested))
    11111
    >>> query_cost(s, parse('query($n: Int) { orgs(first: $n) { id } }'), variables={"n": 3})
    3
    >>> c = build_schema('''
    ...   type Query { page(first: Int, last: Int): OrgConnection  org: Org }
    ...   type OrgConnection { edges: [OrgEdge] }
    ...   type OrgEdge { node: Org }
    ...   type Org { id: ID  friends(first: Int): OrgConnection }
    ... ''')
    >>> query_cost(c, parse('{ page(last: 50) { edges { node { id } } } }'))
    101
    >>> query_cost(c, parse('{ org { friends(first: 3) { edges { node { id } } } } }'))
    8
    >>> query_cost(c, parse('{ org { friends { edges { node { id } } } } }'))  # MAX_PAGE
    202
    """
    op = _operation(document, operation_name)
    if op is None:
        return 0
    root = {OperationType.QUERY: schema.query_type, OperationType.MUTATION: schema.mutation_type,
            OperationType.SUBSCRIPTION: schema.subscription_type}[op.operation]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    return _Estimator(schema, fragments, variables or {}).cost(op.selection_set, root)
