"""The providers answer: who can provide a service in a state, and the counts and data
age beside it."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.relay import PageInfo
from strawberry.types import Info

from referral_graph.api.graphql.types.common import Lang, Source, lang_of, sources_of
from referral_graph.api.graphql.types.enums import Basis, Reach
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.api.graphql.types.pages import page_info
from referral_graph.api.graphql.types.reference import ServiceType, State
from referral_graph.directory import provider_pages
from referral_graph.directory.answers import DateBasis, Freshness
from referral_graph.directory.lang import label
from referral_graph.directory.providers import Provider as ProviderRecord
from referral_graph.directory.providers import ProviderDirectory as DirectoryRecord
from referral_graph.directory.providers_text import confidential_note, message, why


@strawberry.type(description="One provider of a service for a state, with why and sources.")
class Provider:
    organization: Organization
    reach: Reach
    state: str
    distance: int
    basis: Basis
    mandate: str | None
    scope: str = strawberry.field(description="organization, or group: a source states the "
                                              "service for a group it belongs to, not for it")
    group: str | None
    sources: list[Source]
    _record: strawberry.Private[ProviderRecord]

    @strawberry.field
    def reach_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("reach", self.reach.value, lang_of(info, lang)) or self.reach.value

    @strawberry.field(description="How it reaches the state and on what basis, with sources.")
    def why(self, info: Info, lang: Lang | None = None) -> str:
        return why(self._record, info.context.graph, lang_of(info, lang))

    @classmethod
    def of(cls, p: ProviderRecord) -> Provider:
        return cls(organization=Organization.of_node(p.org), reach=Reach(p.reach.name.lower()),
                   state=p.state, distance=p.distance, basis=p.provision.basis,
                   mandate=p.provision.mandate, scope=p.provision.scope,
                   group=p.provision.group, sources=sources_of(p.sources), _record=p)


@strawberry.type(description="A provider recorded for the state whose record had ended by "
                             "the date asked.")
class LastRecorded:
    organization: Organization
    ended: dt.date
    reach: Reach


@strawberry.type
class ProviderDirectory:
    service: ServiceType
    state: State
    as_of: dt.date
    none_in_state: bool
    _record: strawberry.Private[DirectoryRecord]

    # Made when asked, not with the answer: a caller who asks for a page of
    # `providersConnection` does not pay for the hundreds it leaves out.
    @strawberry.field
    def providers(self) -> list[Provider]:
        return [Provider.of(p) for p in self._record.providers]

    @strawberry.field
    def alternatives(self) -> list[Provider]:
        return [Provider.of(p) for p in self._record.alternatives]

    @strawberry.field(description="The headline; says plainly when no provider is recorded.")
    def message(self, info: Info, lang: Lang | None = None) -> str:
        return message(self._record, info.context.graph, lang_of(info, lang))

    @strawberry.field(description="For public callers: that a confidential shelter serves "
                                  "the state, and a public organization to reach it through.")
    def confidential_note(self, info: Info, lang: Lang | None = None) -> str | None:
        return confidential_note(self._record, lang_of(info, lang))

    @strawberry.field(description="Confidential providers in force for the state that the "
                                  "caller may not see: counted, as the coverage report counts "
                                  "them, never named.")
    def confidential_providers(self) -> int:
        return sum(self._record.hidden)

    @strawberry.field(description="Providers in force for the state (local and national, "
                                  "confidential ones counted): the coverage report's and the "
                                  "planner's number for the same question.")
    def provider_count(self) -> int:
        return self._record.count

    @strawberry.field(description="When nothing is in force on the date asked: the providers "
                                  "recorded last, latest end first.")
    def last_recorded(self) -> list[LastRecorded]:
        return [LastRecorded(organization=Organization.of_node(e.org), ended=e.ended,
                             reach=Reach(e.reach.name.lower()))
                for e in self._record.ended]

    @strawberry.field(description="The date the answer is about, and what counts on it.")
    def date_basis(self, info: Info, lang: Lang | None = None) -> str:
        assert self._record.basis is not None  # set by every directory answer
        return self._record.basis.text(lang_of(info, lang))

    @strawberry.field(description="The newest date among the records behind the answer.")
    def newest_evidence(self) -> dt.date | None:
        return self._record.newest

    @strawberry.field(description="True when the newest evidence is older than the "
                                  "configured age on the date basis.")
    def evidence_is_old(self, info: Info) -> bool:
        return self._record.freshness(info.context.max_age_days).stale

    @strawberry.field(description="How old the evidence is, in words: \"The newest record is "
                                  "from March 2009, …: confirm before referring.\"")
    def freshness(self, info: Info, lang: Lang | None = None) -> str:
        f = self._record.freshness(info.context.max_age_days)
        return f.text(lang_of(info, lang))
    @strawberry.field(description="For public callers, when a confidential shelter serves the "
                                  "need: the public organizations the confidentialNote names, "
                                  "to contact it through (empty when none is recorded; null "
                                  "when no hidden provider serves it).")
    def confidential_via(self) -> list[Organization] | None:
        via = self._record.confidential_via
        return None if via is None else [Organization.of_node(o) for o in via]

    @strawberry.field(description="The providers a page at a time, in the order of "
                                  "`providers`: `first` (20 when not given, at most 100) "
                                  "after the cursor `after`. For weak connections: a page "
                                  "costs what its providers cost.")
    def providers_connection(self, first: int | None = None, after: str | None = None
                             ) -> ProviderConnection:
        found = provider_pages.page(self._record, first, after)
        edges = [ProviderEdge(cursor=c, node=Provider.of(p)) for c, p in found.items]
        return ProviderConnection(
            total_count=found.total, edges=edges,
            page_info=page_info(edges, has_next=found.has_next,
                                has_previous=found.has_previous))


@strawberry.type(description="A provider and its cursor.")
class ProviderEdge:
    cursor: str
    node: Provider


@strawberry.type(description="A page of a directory answer's providers.")
class ProviderConnection:
    total_count: int = strawberry.field(description="Providers in the whole answer (those "
                                                    "the caller may see).")
    edges: list[ProviderEdge]
    page_info: PageInfo


@strawberry.type
class ServiceCount:
    state: str
    service: str
    providers: int = strawberry.field(description="Providers the caller may see that work "
                                                  "in or cover the state.")
    national: int
    also_confidential: bool = strawberry.field(description="A confidential provider the "
                                                           "caller may not see also serves it.")


@strawberry.type(description="The date an answer is about and how old the data set's newest "
                             "record is on it: what every page shows.")
class DataAge:
    as_of: dt.date
    newest_evidence: dt.date | None
    evidence_is_old: bool
    _basis: strawberry.Private[DateBasis]
    _fresh: strawberry.Private[Freshness]

    @strawberry.field
    def date_basis(self, info: Info, lang: Lang | None = None) -> str:
        return self._basis.text(lang_of(info, lang))

    @strawberry.field
    def freshness(self, info: Info, lang: Lang | None = None) -> str:
        return self._fresh.text(lang_of(info, lang))


@strawberry.type
class Understanding:
    service: ServiceType | None
    state: State | None
