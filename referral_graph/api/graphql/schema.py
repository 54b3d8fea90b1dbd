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
)
from strawberry.tools import merge_types

from referral_graph.api.graphql.gaps import GapsQuery
from referral_graph.api.graphql.referrals import ReferralQuery
from referral_graph.gaps.service import ReportError
from referral_graph.referrals.planner import PlanError
from referral_graph.store.driver import DatabaseUnavailable

# A domain module adds its fields by contributing one more type here.
Query = merge_types("Query", (ReferralQuery, GapsQuery))

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000

# Errors a caller should read: they name the field and carry no internals.
USER_ERRORS = (PlanError, ReportError, DatabaseUnavailable)


def _mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:  # validation and limiter errors from GraphQL itself
        return False
    return not isinstance(original, USER_ERRORS)


def build_schema(*, debug: bool = False, introspection: bool = True) -> strawberry.Schema:
    # Factories, so that each request gets fresh extension instances.
    extensions: list = [
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
    if not debug:
        extensions.append(lambda: MaskErrors(should_mask_error=_mask,
                                             error_message="Internal error; it has been logged."))
    if not introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(query=Query, extensions=extensions)


def sdl() -> str:
    return build_schema().as_str() + "\n"
