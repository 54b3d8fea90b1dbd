"""GraphQL `referralPlan`: the same plan as `referral-graph refer`, for the caller's role."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.ids import local_id
from referral_graph.api.graphql.scalars import ServiceId, StateCode
from referral_graph.api.graphql.types.common import (
    Lang,
    lang_of,
)
from referral_graph.api.graphql.types.enums import Population
from referral_graph.api.graphql.types.referrals import ReferralPlanResult, plan_result_of
from referral_graph.auth.tokens import Role
from referral_graph.reference.services import parse_service
from referral_graph.referrals.service import plan_for


@strawberry.type
class ReferralQuery:
    @strawberry.field(description="Referral plans for several needs at once. Needs no victim "
                                  "identity. Confidential shelters appear only for staff. "
                                  "`lang`: the language of explanations and reasons.")
    def referral_plan(
        self,
        info: Info,
        origin: strawberry.ID,
        needs: list[ServiceId],
        state: StateCode,
        languages: list[str] | None = None,
        population: Population | None = None,
        max_handoffs: int = 4,
        exclude: list[strawberry.ID] | None = None,
        k: int = 3,
        as_of: dt.date | None = None,
        lang: Lang | None = None,
    ) -> ReferralPlanResult | None:
        ctx = info.context
        return plan_result_of(plan_for(
            ctx.graph, see_confidential=ctx.caller.can(Role.STAFF),
            origin=local_id(str(origin), "Organization", "origin"),
            needs=[parse_service(n, "needs") for n in needs], state=state,
            languages=languages or (), population=population,
            max_handoffs=max_handoffs, exclude=[local_id(str(x), "Organization", "exclude")
                                           for x in exclude or ()], k=k,
            as_of=as_of, lang=lang_of(info, lang).value,
        ), ctx.max_age_days)
