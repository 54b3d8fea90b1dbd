"""The schema: per-domain Query types merged into one, with the hardening extensions."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult

from referral_graph.api.graphql.described import describe
from referral_graph.api.graphql.errors import ErrorShaping, InputError, ScalarRefused
from referral_graph.api.graphql.ids import decode
from referral_graph.api.graphql.lean import LeanExecutor, lean_resolvers
from referral_graph.api.graphql.limits import ErrorHygiene, QueryCostLimiter, ResponseSizeCap
from referral_graph.api.graphql.mutations.capacity import CapacityMutation
from referral_graph.api.graphql.mutations.edits import EditsMutation
from referral_graph.api.graphql.mutations.removals import RemovalsMutation
from referral_graph.api.graphql.queries.audit import AuditQuery
from referral_graph.api.graphql.queries.directory import DirectoryQuery
from referral_graph.api.graphql.queries.documented import DocumentedQuery
from referral_graph.api.graphql.queries.gaps import GapsQuery
from referral_graph.api.graphql.queries.node import NodeQuery
from referral_graph.api.graphql.queries.referrals import ReferralQuery
from referral_graph.api.graphql.scalars import SCALARS
from referral_graph.api.graphql.types.pages import describe_paging
from referral_graph.api.graphql.validated import KnownValid, ValidOnce
from referral_graph.api.ratelimit import RateLimited
from referral_graph.directory.errors import DirectoryError
from referral_graph.edits.errors import BadArgument, EditRejected, Forbidden
from referral_graph.gaps.service import ReportError
from referral_graph.network.public import key_of, shuffle_key
from referral_graph.network.redact import redactor_for
from referral_graph.reference.services import ServiceError
from referral_graph.reference.states import StateError
from referral_graph.referrals.planner import PlanError
from referral_graph.store.driver import DatabaseUnavailable

# A domain module adds its fields by contributing one more type here.
Query = merge_types("Query", (DirectoryQuery, DocumentedQuery, ReferralQuery, GapsQuery,
                              AuditQuery, NodeQuery))
Mutation = merge_types("Mutation", (EditsMutation, RemovalsMutation, CapacityMutation))

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000

# Errors a caller should read: they name the field and carry no internals.
USER_ERRORS = (PlanError, ReportError, DirectoryError, EditRejected, Forbidden,
               DatabaseUnavailable, StateError, ServiceError, BadArgument, RateLimited,
               ScalarRefused, InputError)
# Operations run on threads of their own, each with its own event loop, so that networkx,
# reports and rendering never hold the server's loop: /health and other requests are
# answered while a costly one runs. Beyond this many at once, operations wait their turn.
WORKERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="graphql")
_THREAD = threading.local()  # each worker thread's own event loop, made once
T = TypeVar("T")


def run_on_thread_loop(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to the end on this thread's event loop, as `asyncio.run` would, then
    cancel whatever it left behind (a sibling field still loading after an error).

    Why not `asyncio.run`: it makes and closes a loop per call (a self-pipe, a selector and
    their teardown), a tenth of the service's CPU for a referral plan at 100k.
    """
    loop = getattr(_THREAD, "loop", None)
    if loop is None or loop.is_closed():
        loop = _THREAD.loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coro)
    finally:
        left = asyncio.all_tasks(loop)
        for task in left:
            task.cancel()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        asyncio.set_event_loop(None)


def _mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False  # validation, variable and limiter errors from GraphQL itself
    return not isinstance(original, USER_ERRORS)


def _slug_of(value: str) -> str | None:
    """The slug inside a global id (which may name a shelter), else None."""
    decoded = decode(value)
    return decoded[1] if decoded is not None else None


class RedactForPublic(SchemaExtension):
    """Last line of defence: no confidential name or city in any public answer's data.

    Error messages are left as they are: they only echo the caller's own input, and
    masking them would tell a hidden id from an unknown one.
    """

    def on_execute(self) -> Iterator[None]:
        yield
        ctx = self.execution_context.context
        result = self.execution_context.result
        if result is None or result.data is None or ctx.see_confidential:
            return
        key = key_of(ctx.graph)
        result.data = redactor_for(ctx.graph).redact_data(
            result.data, order=lambda text: shuffle_key(key, text), opaque=_slug_of)


class ExtraErrors(SchemaExtension):
    """Errors a resolver reports beside its data (a CONFLICT whose payload also says it)."""

    def on_execute(self) -> Iterator[None]:
        yield
        ctx = self.execution_context.context
        result = self.execution_context.result
        if result is not None and getattr(ctx, "extra_errors", None):
            result.errors = [*(result.errors or []), *ctx.extra_errors]


class QuietSchema(strawberry.Schema):
    """Errors the caller caused are answers, not incidents: only the rest is logged."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        def run() -> ExecutionResult:
            return run_on_thread_loop(strawberry.Schema.execute(self, *args, **kwargs))

        return await asyncio.get_running_loop().run_in_executor(WORKERS, run)

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        unexpected = [e for e in errors if _mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, debug: bool = False, introspection: bool = True,
                 lean: bool = True) -> strawberry.Schema:
    """The schema; `lean=False` executes every field as Strawberry does (tests compare)."""
    # Factories, so that each request gets fresh extension instances.
    known = KnownValid()
    extensions: list = [
        lambda: ValidOnce(known),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        QueryCostLimiter,
        RedactForPublic,
        ExtraErrors,
        ResponseSizeCap,  # after redaction in this list: measured before it runs
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    extensions.append(lambda: ErrorHygiene(hide_suggestions=not introspection))
    # Last in the list, so it sees each error first (extensions finish in reverse order):
    # a code on every error, its message from the template of its kind in the request's
    # language, and an internal error masked unless debugging.
    extensions.append(lambda: ErrorShaping(is_unexpected=_mask, debug=debug,
                                            suggest=introspection))
    schema = QuietSchema(query=Query, mutation=Mutation, extensions=extensions,
                         scalar_overrides=SCALARS,
                         execution_context_class=LeanExecutor if lean else None)
    if lean:
        lean_resolvers(schema)
    describe(schema._schema)
    describe_paging(schema._schema)
    return schema


def sdl() -> str:
    return build_schema().as_str() + "\n"
