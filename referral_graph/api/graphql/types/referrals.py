"""A referral plan: steps, hops, unmet needs and the counts behind them."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.enums import Basis, Reach
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.referrals import model
from referral_graph.referrals.render import date_basis, freshness


@strawberry.type
class Hop:
    source: strawberry.ID
    target: strawberry.ID
    strength: float
    because: list[str] = strawberry.field(description="The evidence that carries the tie, "
                                                      "with its source; says when an "
                                                      "agreement had ended.")


@strawberry.type
class ReferralStep:
    order: int
    provider_id: strawberry.ID = strawberry.field(deprecation_reason="Use `provider { slug }`.")
    provider_name: str = strawberry.field(deprecation_reason="Use `provider { name }`.")
    needs: list[str]
    reach: Reach
    basis: Basis
    scope: str = strawberry.field(description="organization, or group: the source states the "
                                              "service for a group the provider belongs to, "
                                              "not for the provider itself")
    group: str | None
    cold: bool
    tie: str = strawberry.field(description="live, ended (only agreements past their end "
                                            "carry it) or none (a cold referral)")
    explanation: str
    quote: str = strawberry.field(description="The passage that states the service (or names "
                                              "the institution, for a mandate).")
    source: str
    notes: list[str]
    path: list[Hop]

    @strawberry.field(description="The organization to refer to (null only if the caller may "
                                  "no longer see it).")
    async def provider(self, info: Info) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(
            str(self.provider_id)))


@strawberry.type
class ReferralPlan:
    rank: int
    cost: float
    handoffs: int
    steps: list[ReferralStep]


@strawberry.type
class LastRecord:
    organization: strawberry.ID
    name: str
    ended: dt.date


@strawberry.type
class UnmetNeed:
    need: str
    state: str
    reason: str
    _alternatives: strawberry.Private[tuple[str, ...]]
    confidential: bool = strawberry.field(description="A confidential shelter the caller may "
                                                      "not see meets it: not a gap.")
    via: list[strawberry.ID] = strawberry.field(description="Public organizations to reach "
                                                            "that shelter through.")
    last_recorded: list[LastRecord] = strawberry.field(
        description="Nothing in force on the date: the providers recorded last.")

    @strawberry.field  # described in schema/descriptions.yaml
    async def alternatives(self, info: Info) -> list[Organization]:
        found = await info.context.loaders.organization.load_many(list(self._alternatives))
        return [Organization.of(o) for o in found if o is not None]


@strawberry.type
class NeedCount:
    need: str
    providers: int = strawberry.field(description="Providers in force in the state, local and "
                                                  "national, confidential ones counted: the "
                                                  "directory's and the coverage report's "
                                                  "number.")


@strawberry.type
class ReferralPlanResult:
    origin: strawberry.ID
    state: str
    needs: list[str]
    as_of: dt.date
    plans: list[ReferralPlan]
    unmet: list[UnmetNeed]
    gaps: list[str]
    counts: list[NeedCount]
    newest_evidence: dt.date | None = strawberry.field(
        description="The newest date among the records the plan rests on.")
    date_basis: str = strawberry.field(description="The date the plan is about.")
    freshness: str = strawberry.field(description="How old the evidence is, in words.")
    evidence_is_old: bool


def plan_result_of(r: model.PlanResult, max_age_days: int) -> ReferralPlanResult:
    fresh = freshness(r, max_age_days)
    from referral_graph.directory.lang import Lang as DomainLang

    language = DomainLang.EN if r.lang == "en" else DomainLang.ES
    return ReferralPlanResult(
        origin=strawberry.ID(r.origin), state=r.state, needs=list(r.needs), as_of=r.as_of,
        plans=[
            ReferralPlan(
                rank=p.rank, cost=p.cost, handoffs=p.handoffs,
                steps=[
                    ReferralStep(
                        order=s.order, provider_id=strawberry.ID(s.provider),
                        provider_name=s.provider_name, needs=list(s.needs),
                        reach=s.reach.name.lower(), basis=s.basis, scope=s.scope,
                        group=s.group, cold=s.cold, tie=s.tie, explanation=s.explanation,
                        quote=s.quote, source=s.source, notes=list(s.notes),
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
                         _alternatives=tuple(a for a, _ in u.alternatives),
                         confidential=u.confidential,
                         via=[strawberry.ID(v) for v in u.via],
                         last_recorded=[LastRecord(organization=strawberry.ID(i), name=n,
                                                   ended=d) for i, n, d in u.last_recorded])
               for u in r.unmet],
        gaps=list(r.gaps),
        counts=[NeedCount(need=n, providers=c) for n, c in r.counts],
        newest_evidence=r.newest, date_basis=date_basis(r).text(language),
        freshness=fresh.text(language), evidence_is_old=fresh.stale,
    )
