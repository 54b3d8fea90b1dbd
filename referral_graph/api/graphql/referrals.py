"""GraphQL `referralPlan`: the same plan as `referral-graph refer`, for the caller's role."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from referral_graph.auth.tokens import Role
from referral_graph.referrals import model
from referral_graph.referrals.service import plan_for


@strawberry.type
class Hop:
    source: strawberry.ID
    target: strawberry.ID
    strength: float
    because: list[str]


@strawberry.type
class ReferralStep:
    order: int
    provider_id: strawberry.ID
    provider_name: str
    needs: list[str]
    reach: str
    basis: str
    cold: bool
    explanation: str
    notes: list[str]
    path: list[Hop]


@strawberry.type
class ReferralPlan:
    rank: int
    cost: float
    handoffs: int
    steps: list[ReferralStep]


@strawberry.type
class UnmetNeed:
    need: str
    state: str
    reason: str
    alternatives: list[strawberry.ID]


@strawberry.type
class ReferralPlanResult:
    origin: strawberry.ID
    state: str
    needs: list[str]
    as_of: dt.date
    plans: list[ReferralPlan]
    unmet: list[UnmetNeed]
    gaps: list[str]


def _result(r: model.PlanResult) -> ReferralPlanResult:
    return ReferralPlanResult(
        origin=strawberry.ID(r.origin), state=r.state, needs=list(r.needs), as_of=r.as_of,
        plans=[
            ReferralPlan(
                rank=p.rank, cost=p.cost, handoffs=p.handoffs,
                steps=[
                    ReferralStep(
                        order=s.order, provider_id=strawberry.ID(s.provider),
                        provider_name=s.provider_name, needs=list(s.needs),
                        reach=s.reach.name.lower(), basis=s.basis, cold=s.cold,
                        explanation=s.explanation, notes=list(s.notes),
                        path=[Hop(source=strawberry.ID(h.source), target=strawberry.ID(h.target),
                                  strength=h.strength, because=list(h.because))
                              for h in s.path],
                    )
                    for s in p.steps
                ],
            )
            for p in r.plans
        ],
        unmet=[UnmetNeed(need=u.need, state=u.state, reason=u.reason,
                         alternatives=[strawberry.ID(a) for a, _ in u.alternatives])
               for u in r.unmet],
        gaps=list(r.gaps),
    )


@strawberry.type
class ReferralQuery:
    @strawberry.field(description="Referral plans for several needs at once. Needs no victim "
                                  "identity. Confidential shelters appear only for staff.")
    def referral_plan(
        self,
        info: Info,
        origin: strawberry.ID,
        needs: list[str],
        state: str,
        languages: list[str] | None = None,
        population: str | None = None,
        max_handoffs: int = 4,
        exclude: list[strawberry.ID] | None = None,
        k: int = 3,
        as_of: dt.date | None = None,
    ) -> ReferralPlanResult:
        ctx = info.context
        return _result(plan_for(
            ctx.graph, see_confidential=ctx.caller.can(Role.STAFF), origin=str(origin),
            needs=needs, state=state, languages=languages or (), population=population,
            max_handoffs=max_handoffs, exclude=[str(x) for x in exclude or ()], k=k,
            as_of=as_of,
        ))
