"""The schema: per-domain Query types merged into one, with the hardening extensions."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.tools import merge_types

from referral_graph.api.graphql.directory import DirectoryQuery
from referral_graph.api.graphql.documented import DocumentedQuery
from referral_graph.api.graphql.edits import EditsMutation, EditsQuery
from referral_graph.api.graphql.gaps import GapsQuery
from referral_graph.api.graphql.referrals import ReferralQuery
from referral_graph.directory.errors import DirectoryError
from referral_graph.edits.errors import EditRejected, Forbidden
from referral_graph.gaps.service import ReportError
from referral_graph.network.public import key_of, shuffle_key
from referral_graph.network.redact import redactor_for
from referral_graph.reference.services import ServiceError
from referral_graph.reference.states import StateError
from referral_graph.referrals.planner import PlanError
from referral_graph.store.driver import DatabaseUnavailable

# A domain module adds its fields by contributing one more type here.
Query = merge_types("Query", (DirectoryQuery, DocumentedQuery, ReferralQuery, GapsQuery,
                              EditsQuery))
Mutation = EditsMutation

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000

# Errors a caller should read: they name the field and carry no internals.
USER_ERRORS = (PlanError, ReportError, DirectoryError, EditRejected, Forbidden,
               DatabaseUnavailable, StateError, ServiceError)


def _mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False  # validation, variable and limiter errors from GraphQL itself
    return not isinstance(original, USER_ERRORS)


class RedactForPublic(SchemaExtension):
    """Last line of defence: no confidential name or city in any public answer's data.

    Error messages are left as they are: they only echo the caller's own input, and
    masking them would tell a hidden id from an unknown one.
    """

    def on_execute(self):  # type: ignore[no-untyped-def]
        yield
        ctx = self.execution_context.context
        result = self.execution_context.result
        if result is None or result.data is None or ctx.see_confidential:
            return
        key = key_of(ctx.graph)
        result.data = redactor_for(ctx.graph).redact_data(
            result.data, order=lambda text: shuffle_key(key, text))


class QuietSchema(strawberry.Schema):
    """Errors the caller caused are answers, not incidents: only the rest is logged."""

    def process_errors(self, errors, execution_context=None):  # type: ignore[no-untyped-def]
        unexpected = [e for e in errors if _mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(*, debug: bool = False, introspection: bool = True) -> strawberry.Schema:
    # Factories, so that each request gets fresh extension instances.
    extensions: list = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        RedactForPublic,
    ]
    if not debug:
        extensions.append(lambda: MaskErrors(should_mask_error=_mask,
                                             error_message="Internal error; it has been logged."))
    if not introspection:
        extensions.append(DisableIntrospection)
    return QuietSchema(query=Query, mutation=Mutation, extensions=extensions)


def sdl() -> str:
    return build_schema().as_str() + "\n"
