"""The coverage report and the comparison of two scopes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import networkx as nx
import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.enums import CoverageStatus
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.network.public import public_view


def _view(info: Info) -> nx.Graph:
    """The graph the report was made on: the public view (confidential shelters as
    pseudonyms) for a public caller, as `gaps.service.report_for` chose it."""
    ctx = info.context
    return ctx.graph if ctx.see_confidential else public_view(ctx.graph)


def organizations_in(info: Info, ids: Iterable[str]) -> list[Organization]:
    """The organizations a report names, as the report's graph holds them: a public caller
    gets a confidential shelter as its pseudonym, exactly as in the report's ids and names."""
    G = _view(info)
    return [Organization.of_node(G.nodes[i]["org"]) for i in ids if i in G]


@strawberry.type
class LastRecordedCell:
    organization: strawberry.ID
    name: str
    ended: dt.date


@strawberry.type
class CoverageCell:
    state: str
    service: str
    status: CoverageStatus
    status_label: str
    provider_ids: list[strawberry.ID] = strawberry.field(
        deprecation_reason="Use `providers { slug }`.")
    provider_names: list[str] = strawberry.field(
        deprecation_reason="Use `providers { name }`.")
    reasons: list[str]
    sources: list[str]
    last_recorded: list[LastRecordedCell] = strawberry.field(
        description="A gap on a date: the providers recorded last, with their end dates.")

    @strawberry.field(description="The providers that cover the cell, in the report's order "
                                  "(a confidential shelter, for a public caller, as its "
                                  "pseudonym with no name or city).")
    def providers(self, info: Info) -> list[Organization]:
        return organizations_in(info, self.provider_ids)


@strawberry.type
class StateCoverage:
    code: str
    name: str
    law_status: str
    law_label: str
    law_date: dt.date | None
    collaborations: list[str]
    communities: int
    notes: list[str]
    _brokers: strawberry.Private[tuple[str, ...]]
    _isolated: strawberry.Private[tuple[str, ...]]

    @strawberry.field  # described in schema/descriptions.yaml
    def brokers(self, info: Info) -> list[Organization]:
        return organizations_in(info, self._brokers)

    @strawberry.field
    def isolated(self, info: Info) -> list[Organization]:
        return organizations_in(info, self._isolated)


@strawberry.type
class CoverageReport:
    disclaimer: str
    date_basis: str = strawberry.field(description="The date the report is about (the one the "
                                                   "directory and plans use: the date asked, "
                                                   "else today), and what counts on it.")
    newest_evidence: dt.date | None = strawberry.field(
        description="The newest date among the records behind the report.")
    freshness: str = strawberry.field(description="How old the evidence is, in words.")
    as_of: dt.date | None
    without: list[strawberry.ID]
    summary: list[str]
    services: list[str]
    service_names: list[str]
    cells: list[CoverageCell]
    states: list[StateCoverage]


def report_of(data: dict, lang: str, freshness: str, newest: dt.date | None) -> CoverageReport:
    names = data["organizations"]
    return CoverageReport(
        disclaimer=data["disclaimer"], date_basis=data["scope"], newest_evidence=newest,
        freshness=freshness,
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
                last_recorded=[LastRecordedCell(organization=strawberry.ID(x["org"]),
                                                name=names.get(x["org"], x["org"]),
                                                ended=dt.date.fromisoformat(x["ended"]))
                               for x in c["last_recorded"]],
            )
            for c in data["cells"]
        ],
        states=[
            StateCoverage(
                code=code, name=data["states"][code], law_status=d["law_status"],
                law_label=d["law_label"],
                law_date=dt.date.fromisoformat(d["law_date"]) if d["law_date"] else None,
                collaborations=[c["name"] for c in d["collaborations"]],
                _brokers=tuple(b["org"] for b in d["brokers"]),
                _isolated=tuple(d["isolated"]),
                communities=len(d["communities"]), notes=d["notes"],
            )
            for code, d in data["details"].items()
        ],
    )


@strawberry.input(description="One side of a comparison: organizations taken as closed, and "
                                "the date (none: today, or the other side's date; allDates: "
                                "every record, whatever its dates).")
class CoverageScope:
    without: list[strawberry.ID] | None = None
    as_of: dt.date | None = None
    all_dates: bool = False


@strawberry.type
class CoverageChange:
    state: str
    state_name: str
    service: str
    service_name: str
    kind: str = strawberry.field(description="new_gap, closed_gap, weaker, stronger or other")
    kind_label: str
    before: CoverageStatus
    before_label: str
    after: CoverageStatus
    after_label: str
    lost: list[strawberry.ID] = strawberry.field(description="Providers no longer recorded")
    lost_names: list[str]
    gained: list[strawberry.ID]
    gained_names: list[str]
    reasons: list[str] = strawberry.field(description="Why the cell is what it is after")


@strawberry.type(description="What a change does to a state's network: an organization left "
                             "with no tie, the last broker lost, the network split.")
class NetworkEffect:
    state: str
    state_name: str
    kind: str = strawberry.field(description="isolated, lost_broker or split")
    kind_label: str
    organizations: list[strawberry.ID] = strawberry.field(
        description="isolated: the organizations left with no tie; lost_broker: the brokers")
    organization_names: list[str]
    causes: list[strawberry.ID] = strawberry.field(
        description="The organizations whose closing (or ending) caused it")
    cause_names: list[str]
    parts_before: int
    parts_after: int
    text: str


@strawberry.type
class CoverageChanges:
    before: str = strawberry.field(description="What the first report covers")
    after: str
    headline: str
    lines: list[str] = strawberry.field(description="The changes in sentences: cells that "
                                        "change alike (one service, many states) share one")
    new_gaps: list[CoverageChange]
    closed_gaps: list[CoverageChange]
    other_changes: list[CoverageChange]
    network_effects: list[NetworkEffect] = strawberry.field(
        description="Organizations that become isolated, states that lose their last broker "
                    "or whose network splits, with the organization that caused it")


def change_of(c: dict) -> CoverageChange:
    return CoverageChange(**{k: v for k, v in c.items() if k not in ("lost", "gained")},
                          lost=[strawberry.ID(x) for x in c["lost"]],
                          gained=[strawberry.ID(x) for x in c["gained"]])
