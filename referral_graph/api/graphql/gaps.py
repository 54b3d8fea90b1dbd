"""GraphQL `coverageReport`: the analyst's matrix with reasons, in Spanish or English."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.directory import Lang, lang_of
from referral_graph.auth.tokens import Role
from referral_graph.gaps.render import to_dict
from referral_graph.gaps.service import report_for


@strawberry.type
class CoverageCell:
    state: str
    service: str
    status: str
    status_label: str
    provider_ids: list[strawberry.ID]
    provider_names: list[str]
    reasons: list[str]
    sources: list[str]


@strawberry.type
class StateCoverage:
    code: str
    name: str
    law_status: str
    law_label: str
    law_date: dt.date | None
    collaborations: list[str]
    brokers: list[str]
    isolated: list[str]
    communities: int
    notes: list[str]


@strawberry.type
class CoverageReport:
    disclaimer: str
    as_of: dt.date | None
    without: list[strawberry.ID]
    summary: list[str]
    services: list[str]
    service_names: list[str]
    cells: list[CoverageCell]
    states: list[StateCoverage]


def _convert(data: dict, lang: str) -> CoverageReport:
    names = data["organizations"]
    return CoverageReport(
        disclaimer=data["disclaimer"],
        as_of=dt.date.fromisoformat(data["as_of"]) if data["as_of"] else None,
        without=[strawberry.ID(x) for x in data["without"]],
        summary=[s["text"] for s in data["summary"]],
        services=list(data["services"]),
        service_names=list(data["services"].values()),
        cells=[
            CoverageCell(
                state=c["state"], service=c["service"], status=c["status"],
                status_label=c["status_label"],
                provider_ids=[strawberry.ID(p) for p in c["providers"]],
                provider_names=[names.get(p, p) for p in c["providers"]],
                reasons=[r["text"] for r in c["reasons"]],
                sources=[s["cite"] for s in c["sources"]],
            )
            for c in data["cells"]
        ],
        states=[
            StateCoverage(
                code=code, name=data["states"][code], law_status=d["law_status"],
                law_label=d["law_label"],
                law_date=dt.date.fromisoformat(d["law_date"]) if d["law_date"] else None,
                collaborations=[c["name"] for c in d["collaborations"]],
                brokers=[names.get(b["org"], b["org"]) for b in d["brokers"]],
                isolated=[names.get(o, o) for o in d["isolated"]],
                communities=len(d["communities"]), notes=d["notes"],
            )
            for code, d in data["details"].items()
        ],
    )


@strawberry.type
class GapsQuery:
    @strawberry.field(description="Coverage of each service in each state, with reasons. A gap "
                                  "is a claim about the data set: no provider recorded.")
    def coverage_report(
        self,
        info: Info,
        states: list[str] | None = None,
        service_types: list[str] | None = None,
        without: list[strawberry.ID] | None = None,
        as_of: dt.date | None = None,
        lang: Lang | None = None,
    ) -> CoverageReport:
        ctx = info.context
        report = report_for(
            ctx.graph, see_confidential=ctx.caller.can(Role.STAFF), states=states,
            services=service_types, without=[str(w) for w in without or ()], as_of=as_of,
        )
        code = lang_of(info, lang).value
        return _convert(to_dict(report, code), code)
