"""GraphQL directory: providers of a service in a state, search, organizations, task forces,
states and their laws, and the network around an organization — thin over
`referral_graph.directory`, with nested fields batched by DataLoaders."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.capacity import Capacity, capacity_of
from referral_graph.directory import reads
from referral_graph.directory import records as rec
from referral_graph.directory.answers import DateBasis, Freshness, newest_in_graph
from referral_graph.directory.contact import newest_record, reach_through
from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.directory.lang import label
from referral_graph.directory.network import edge_evidence, network_graph
from referral_graph.directory.providers import Provider as ProviderRecord
from referral_graph.directory.providers import ProviderDirectory as DirectoryRecord
from referral_graph.directory.providers import (
    confidential_note,
    message,
    providers_in_state,
    why,
)
from referral_graph.network.model import CollaborationInfo, OrgNode, SourceRef
from referral_graph.network.model import Evidence as EvidenceRecord
from referral_graph.network.public import key_of, shuffle_key
from referral_graph.reference.services import parse_service
from referral_graph.reference.services import understand as understand_text
from referral_graph.referrals.eligibility import providers_by_service
from referral_graph.referrals.model import Reach as ReachRecord
from referral_graph.referrals.service import normalize_state

VERSION_HELP = ("The change that last wrote this record. Send it back as `expectedVersion` when "
                "saving: a save based on an older version is refused with a CONFLICT error.")
if TYPE_CHECKING:
    from referral_graph.api.graphql.documented import Activity, Conflict, Figure


@strawberry.enum(description="Language of labels and messages; the default follows "
                             "Accept-Language, else Spanish.")
class Lang(Enum):
    ES = "es"
    EN = "en"


def lang_of(info: Info, lang: Lang | None) -> DomainLang:
    return DomainLang(lang.value) if lang is not None else info.context.lang


def _state_code(state: str | None, argument: str = "state") -> str | None:
    return normalize_state(state, argument) if state is not None else None


@strawberry.type(description="A passage of a document that states a fact.")
class Source:
    id: strawberry.ID
    document: str
    section: str
    table: str | None
    passage: str
    date: dt.date | None = strawberry.field(description="The document's own date, where it "
                                                        "states one: how old the evidence is.")

    @classmethod
    def of(cls, s: SourceRef) -> Source:
        return cls(id=strawberry.ID(s.id), document=s.document, section=s.section,
                   table=s.table, passage=s.passage, date=s.date)


def _sources(items: tuple[SourceRef, ...] | list[SourceRef]) -> list[Source]:
    return [Source.of(s) for s in items]


@strawberry.type
class ServiceType:
    id: strawberry.ID
    name_es: str
    name_en: str
    hsds_term: str | None
    _record: strawberry.Private[rec.ServiceType]

    @strawberry.field
    def name(self, info: Info, lang: Lang | None = None) -> str:
        return self.name_es if lang_of(info, lang) is DomainLang.ES else self.name_en

    @strawberry.field
    def description(self, info: Info, lang: Lang | None = None) -> str:
        r = self._record
        return r.description_es if lang_of(info, lang) is DomainLang.ES else r.description_en

    @strawberry.field(description="Words users type for the service, Spanish and English "
                                  "(\"abogado\", \"lawyer\"): what free-text search reads.")
    def synonyms(self) -> list[str]:
        return [*self._record.synonyms_es, *self._record.synonyms_en]

    @strawberry.field
    def synonyms_es(self) -> list[str]:
        return list(self._record.synonyms_es)

    @strawberry.field
    def synonyms_en(self) -> list[str]:
        return list(self._record.synonyms_en)

    @classmethod
    def of(cls, t: rec.ServiceType) -> ServiceType:
        return cls(id=strawberry.ID(t.id), name_es=t.name_es, name_en=t.name_en,
                   hsds_term=t.hsds_term, _record=t)


@strawberry.type(description="A jurisdiction's anti-trafficking law, as the documents state it.")
class Legislation:
    id: strawberry.ID
    status: str
    title: str | None
    approved: dt.date | None
    signed: dt.date | None
    published: dt.date | None
    effective: dt.date | None
    date_text: str | None
    note: str | None

    @strawberry.field
    def status_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("law", self.status, lang_of(info, lang)) or self.status

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return _sources(await info.context.loaders.sources.load(str(self.id)))

    @classmethod
    def of(cls, x: rec.Legislation) -> Legislation:
        return cls(id=strawberry.ID(x.id), status=x.status, title=x.title, approved=x.approved,
                   signed=x.signed, published=x.published, effective=x.effective,
                   date_text=x.date_text, note=x.note)


@strawberry.type(description="One of Mexico's 32 federal entities.")
class State:
    code: str
    name_es: str
    name_en: str
    kind: str
    neighbours: list[str]
    legislation: Legislation | None

    @strawberry.field
    def name(self, info: Info, lang: Lang | None = None) -> str:
        return self.name_es if lang_of(info, lang) is DomainLang.ES else self.name_en

    @strawberry.field(description="Task forces and networks working in the state.")
    def collaborations(self, info: Info) -> list[Collaboration]:
        G = info.context.graph
        return [Collaboration.of_projection(c) for c in
                sorted(G.graph.get("collaborations", {}).values(), key=lambda c: c.name)
                if self.code in c.states]

    @classmethod
    def of(cls, s: rec.State) -> State:
        return cls(code=s.code, name_es=s.name_es, name_en=s.name_en, kind=s.kind,
                   neighbours=list(s.neighbours),
                   legislation=Legislation.of(s.legislation) if s.legislation else None)


async def _states(info: Info, codes: tuple[str, ...] | list[str]) -> list[State]:
    found = await info.context.loaders.state.load_many(list(codes))
    return [State.of(s) for s in found if s is not None]


@strawberry.type
class Capability:
    id: strawberry.ID
    basis: str
    national: bool
    mandate: str | None
    active_from: dt.date | None
    active_to: dt.date | None
    sources: list[Source]
    scope: str = strawberry.field(description="organization: the sources state it for this "
                                              "organization; group: for a group it belongs "
                                              "to (named in `group`), which says less")
    group: str | None = strawberry.field(description="The group the sources state it for.")
    note: str | None = strawberry.field(description="What the data set says about this row.")
    version: int = strawberry.field(description=VERSION_HELP)
    _record: strawberry.Private[rec.Capability]

    @strawberry.field
    async def service(self, info: Info) -> ServiceType:
        t = await info.context.loaders.service.load(self._record.service)
        return ServiceType.of(t or rec.ServiceType(self._record.service, self._record.service,
                                                   self._record.service))

    @strawberry.field(description="States the capability names; empty means where the "
                                  "organization works, or everywhere when national.")
    async def covers(self, info: Info) -> list[State]:
        return await _states(info, self._record.covers)

    @strawberry.field
    def basis_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("basis", self.basis, lang_of(info, lang)) or self.basis

    @strawberry.field(description="Free beds or places: the status for everyone, the numbers "
                                  "for staff; nothing about a confidential shelter publicly.")
    def capacity(self, info: Info) -> Capacity:
        return capacity_of(info, self._record)

    @classmethod
    def of(cls, c: rec.Capability) -> Capability:
        return cls(id=strawberry.ID(c.id), basis=c.basis, national=c.national,
                   mandate=c.mandate, active_from=c.active_from, active_to=c.active_to,
                   sources=_sources(c.sources), scope=c.scope, group=c.group, note=c.note,
                   version=c.version, _record=c)


@strawberry.type
class Membership:
    role: str | None
    _organization: strawberry.Private[str]
    _collaboration: strawberry.Private[str]

    @strawberry.field(description="The role in words, e.g. convocante / convenor.")
    def role_label(self, info: Info, lang: Lang | None = None) -> str | None:
        return label("role", self.role, lang_of(info, lang)) if self.role else None

    @strawberry.field
    async def organization(self, info: Info) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(
            self._organization))

    @strawberry.field
    async def collaboration(self, info: Info) -> Collaboration | None:
        c = await info.context.loaders.collaboration.load(self._collaboration)
        return Collaboration.of(c) if c else None

    @classmethod
    def of(cls, m: rec.Membership) -> Membership:
        return cls(role=m.role, _organization=m.organization, _collaboration=m.collaboration)


@strawberry.type(description="A task force (short-term, specific goals) or a network "
                             "(long-term, general goals).")
class Collaboration:
    id: strawberry.ID
    name: str
    alternate_names: list[str] = strawberry.field(description="Other names, e.g. the English "
                                                              "form")
    kind: str
    level: str
    formed: dt.date | None
    formed_text: str | None
    goals: str | None
    member_description: str | None
    _states: strawberry.Private[tuple[str, ...]]
    _members: strawberry.Private[tuple[rec.Membership, ...] | None]

    @strawberry.field
    async def states(self, info: Info) -> list[State]:
        return await _states(info, self._states)

    @strawberry.field(description="Members named in a source. Confidential organizations "
                                  "are listed only for staff.")
    async def members(self, info: Info) -> list[Membership]:
        members = self._members
        if members is None:
            full = await info.context.loaders.collaboration.load(str(self.id))
            members = full.members if full else ()
        return [Membership.of(m) for m in members]

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return _sources(await info.context.loaders.sources.load(str(self.id)))

    @classmethod
    def of(cls, c: rec.Collaboration) -> Collaboration:
        return cls(id=strawberry.ID(c.id), name=c.name, alternate_names=list(c.alternate_names),
                   kind=c.kind, level=c.level, formed=c.formed, formed_text=c.formed_text,
                   goals=c.goals,
                   member_description=c.member_description, _states=c.states,
                   _members=c.members)

    @classmethod
    def of_projection(cls, c: CollaborationInfo) -> Collaboration:
        # Members come from the loader, which filters them for the caller.
        return cls(id=strawberry.ID(c.id), name=c.name, alternate_names=[], kind=c.kind,
                   level=c.level, formed=c.formed, formed_text=None,
                   goals=None, member_description=None,
                   _states=tuple(sorted(c.states)), _members=None)


@strawberry.type
class Agreement:
    id: strawberry.ID
    kind: str
    subject: str
    date: dt.date | None
    date_text: str | None
    ends: dt.date | None
    party_description: str | None
    note: str | None
    version: int = strawberry.field(description=VERSION_HELP)
    _record: strawberry.Private[rec.Agreement]

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("agreement_kind", self.kind, lang_of(info, lang)) or self.kind

    @strawberry.field(description="Parties named in a source (confidential ones for staff only).")
    async def parties(self, info: Info) -> list[Organization]:
        found = await info.context.loaders.organization.load_many(list(self._record.parties))
        return [Organization.of(o) for o in found if o is not None]

    @strawberry.field
    async def states(self, info: Info) -> list[State]:
        return await _states(info, self._record.states)

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return _sources(await info.context.loaders.sources.load(str(self.id)))

    @classmethod
    def of(cls, a: rec.Agreement) -> Agreement:
        return cls(id=strawberry.ID(a.id), kind=a.kind, subject=a.subject, date=a.date,
                   date_text=a.date_text, ends=a.ends, party_description=a.party_description,
                   note=a.note, version=a.version, _record=a)


@strawberry.type(description="How to reach an organization, as a source states it. Never "
                             "given for a confidential organization: see `reachThrough`.")
class Contact:
    phones: list[str]
    website: str | None = strawberry.field(description="As the source writes it; may lack "
                                                        "the scheme (www.example.org).")
    email: str | None
    address: str | None
    sources: list[Source]

    @classmethod
    def maybe(cls, o: rec.Organization | None) -> Contact | None:
        if o is None or o.confidential or not o.has_contact:
            return None
        return cls(phones=list(o.phones), website=o.website, email=o.email, address=o.address,
                   sources=_sources(o.contact_sources))


@strawberry.type
class Organization:
    id: strawberry.ID
    name: str
    alternate_names: list[str] = strawberry.field(description="Other names it goes by, e.g. the "
                                                              "English form of a Mexican body's")
    acronym: str | None
    kind: str
    sector: str
    national: bool
    confidential: bool
    city: str | None
    languages: list[str] | None
    populations: list[str] | None
    active_from: dt.date | None
    active_to: dt.date | None
    note: str | None
    synthetic: bool
    _states: strawberry.Private[tuple[str, ...]]
    _record: strawberry.Private[rec.Organization | None] = None

    @strawberry.field(description=VERSION_HELP)
    async def version(self, info: Info) -> int:
        o = self._record
        if o is None:  # built from the projection, which holds no versions
            o = await info.context.loaders.organization.load(str(self.id))
        return o.version if o is not None else 0

    @strawberry.field(description="Phone, website, e-mail, address as a source states them; "
                                  "null when none is recorded (and always for a confidential "
                                  "organization).")
    async def contact(self, info: Info) -> Contact | None:
        o = self._record
        if o is None:  # built from the projection, which holds no contact details
            o = await info.context.loaders.organization.load(str(self.id))
        return Contact.maybe(o)

    @strawberry.field(description="For a confidential organization: the public organizations "
                                  "with the strongest recorded ties, to contact it through "
                                  "(what the providers answer's confidentialNote names). "
                                  "Empty for a public organization.")
    def reach_through(self, info: Info, as_of: dt.date | None = None) -> list[Organization]:
        return [Organization.of_node(n) for n in
                reach_through(info.context.graph, str(self.id), as_of)]

    @strawberry.field(description="The newest date any record about it carries (its "
                                  "period, capabilities, agreements, activities, task forces, "
                                  "referrals): how old the data is. Null when none is dated.")
    def newest_record(self, info: Info) -> dt.date | None:
        return newest_record(info.context.graph, str(self.id))

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("kind", self.kind, lang_of(info, lang)) or self.kind

    @strawberry.field
    def sector_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("sector", self.sector, lang_of(info, lang)) or self.sector

    @strawberry.field(description="States it works in (not those a capability covers).")
    async def states(self, info: Info) -> list[State]:
        return await _states(info, self._states)

    @strawberry.field
    async def capabilities(self, info: Info) -> list[Capability]:
        return [Capability.of(c)
                for c in await info.context.loaders.capabilities.load(str(self.id))]

    @strawberry.field
    async def memberships(self, info: Info) -> list[Membership]:
        return [Membership.of(m)
                for m in await info.context.loaders.memberships.load(str(self.id))]

    @strawberry.field
    async def agreements(self, info: Info) -> list[Agreement]:
        found = await info.context.loaders.agreements.load(str(self.id))
        if not info.context.see_confidential:
            # By date, then in an order that says nothing of the ids: PROTEJA's sub-grants
            # are named after the shelters, and their alphabetical order beside each
            # agreement's state mapped the masked parties to places.
            key = key_of(info.context.graph)
            found = sorted(found, key=lambda a: (a.date is None, a.date or dt.date.min,
                                                 shuffle_key(key, a.id)))
        return [Agreement.of(a) for a in found]

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return _sources(await info.context.loaders.sources.load(str(self.id)))

    @strawberry.field(description="Activities it took part in, by date.")
    async def activities(self, info: Info) -> list[
            Annotated[Activity, strawberry.lazy("referral_graph.api.graphql.documented")]]:
        from referral_graph.api.graphql.documented import Activity

        return [Activity.of(a)
                for a in await info.context.loaders.activities.load(str(self.id))]

    @strawberry.field(description="Figures the documents give about it.")
    async def figures(self, info: Info) -> list[
            Annotated[Figure, strawberry.lazy("referral_graph.api.graphql.documented")]]:
        from referral_graph.api.graphql.documented import Figure

        return [Figure.of(f) for f in await info.context.loaders.figures.load(str(self.id))]

    @strawberry.field(description="Conflicts between documents with a side about it.")
    async def conflicts(self, info: Info) -> list[
            Annotated[Conflict, strawberry.lazy("referral_graph.api.graphql.documented")]]:
        from referral_graph.api.graphql.documented import Conflict

        return [Conflict.of(c)
                for c in await info.context.loaders.conflicts.load(str(self.id))]

    @classmethod
    def of(cls, o: rec.Organization) -> Organization:
        return cls(id=strawberry.ID(o.id), name=o.name, alternate_names=list(o.alternate_names),
                   acronym=o.acronym, kind=o.kind,
                   sector=o.sector, national=o.national, confidential=o.confidential,
                   city=o.city, languages=list(o.languages) if o.languages is not None else None,
                   populations=list(o.populations) if o.populations is not None else None,
                   active_from=o.active_from, active_to=o.active_to, note=o.note,
                   synthetic=o.synthetic, _states=o.states, _record=o)

    @classmethod
    def maybe(cls, o: rec.Organization | None) -> Organization | None:
        return cls.of(o) if o is not None else None

    @classmethod
    def of_node(cls, o: OrgNode) -> Organization:
        org = cls.of(rec.Organization(
            id=o.id, name=o.name, kind=o.kind, sector=o.sector, states=tuple(sorted(o.states)),
            national=o.national, confidential=o.confidential, acronym=o.acronym, city=o.city,
            languages=tuple(sorted(o.languages)) if o.languages is not None else None,
            populations=tuple(sorted(o.populations)) if o.populations is not None else None,
            active_from=o.active_from, active_to=o.active_to, synthetic=o.synthetic))
        org._record = None  # the projection holds no contact details: `contact` loads them
        return org


@strawberry.enum
class Reach(Enum):
    OPERATES_IN = "operates_in"
    COVERS = "covers"
    NATIONAL = "national"
    NEIGHBOUR = "neighbour"


@strawberry.type(description="One provider of a service for a state, with why and sources.")
class Provider:
    organization: Organization
    reach: Reach
    state: str
    distance: int
    basis: str
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
                   group=p.provision.group, sources=_sources(p.sources), _record=p)


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
    providers: list[Provider]
    alternatives: list[Provider]
    _record: strawberry.Private[DirectoryRecord]

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


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class OrganizationEdge:
    cursor: str
    node: Organization


@strawberry.type
class OrganizationConnection:
    total_count: int
    edges: list[OrganizationEdge]
    page_info: PageInfo


@strawberry.type
class TieEvidence:
    kind: str
    ref: strawberry.ID
    label: str
    date: dt.date | None
    ends: dt.date | None
    outcome: str | None
    sources: list[Source]

    @classmethod
    def of(cls, e: EvidenceRecord) -> TieEvidence:
        return cls(kind=e.kind.value, ref=strawberry.ID(e.ref), label=e.label, date=e.date,
                   ends=e.ends, outcome=e.outcome, sources=_sources(e.sources))


@strawberry.type
class NetworkNode:
    id: strawberry.ID
    label: str
    name: str
    kind: str
    sector: str
    states: list[str]
    services: list[str]
    national: bool
    confidential: bool
    seed: bool = strawberry.field(description="A starting point: the organization asked "
                                               "about, or a member of the collaboration.")

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("kind", self.kind, lang_of(info, lang)) or self.kind


@strawberry.type
class NetworkEdge:
    id: str
    source: strawberry.ID
    target: strawberry.ID
    kinds: list[str]
    strength: float
    evidence: list[TieEvidence]


@strawberry.type(description="Nodes and edges ready to draw (Cytoscape, sigma, d3).")
class NetworkGraph:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


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


@strawberry.type
class Viewer:
    role: str
    name: str | None


def _split(value: str) -> list[str]:
    return [x for x in value.split(";") if x]


@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="Who can provide a service in a state: operates there, "
                                  "then covers it, then national reach; nearest alternatives "
                                  "when none is recorded in the state.")
    def providers(self, info: Info, service: str, state: str,
                  as_of: dt.date | None = None) -> ProviderDirectory:
        ctx = info.context
        code = normalize_state(state)
        service = parse_service(service)
        d = providers_in_state(ctx.graph, service, code, see_confidential=ctx.see_confidential,
                               as_of=as_of)
        s_info = ctx.graph.graph["states"][code]
        t_info = ctx.graph.graph["services"][service]
        return ProviderDirectory(
            service=ServiceType.of(rec.ServiceType(t_info.id, t_info.name_es, t_info.name_en)),
            state=State.of(rec.State(code, s_info.name_es, s_info.name_en, "state",
                                     tuple(sorted(s_info.neighbours)))),
            as_of=d.as_of, none_in_state=d.none_in_state,
            providers=[Provider.of(p) for p in d.providers],
            alternatives=[Provider.of(p) for p in d.alternatives], _record=d)

    @strawberry.field(description="Search by name or acronym (accents and case ignored) with "
                                  "filters; Relay cursor pages of at most 100.")
    def organizations(
        self, info: Info, query: str | None = None, service: str | None = None,
        state: str | None = None, kind: str | None = None, sector: str | None = None,
        language: str | None = None, population: str | None = None,
        active_on: dt.date | None = None, first: int = 20, after: str | None = None,
    ) -> OrganizationConnection:
        filters = rec.Filters(query=query, service=service, state=_state_code(state),
                              kind=kind, sector=sector, language=language,
                              population=population, active_on=active_on)
        page = reads.search(info.context.db, filters,
                            see_confidential=info.context.see_confidential, first=first,
                            after=after)
        return OrganizationConnection(
            total_count=page.total,
            edges=[OrganizationEdge(cursor=c, node=Organization.of(o)) for c, o in page.items],
            page_info=PageInfo(has_next_page=page.has_next, has_previous_page=after is not None,
                               start_cursor=page.items[0][0] if page.items else None,
                               end_cursor=page.end_cursor))

    @strawberry.field(description="One organization; null when unknown (or not visible to "
                                  "the caller, which looks the same).")
    async def organization(self, info: Info, id: strawberry.ID) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(str(id)))

    @strawberry.field
    def collaborations(self, info: Info, state: str | None = None,
                       kind: str | None = None) -> list[Collaboration]:
        return [Collaboration.of(c) for c in reads.collaborations(
            info.context.db, see_confidential=info.context.see_confidential,
            kind=kind, state=_state_code(state))]

    @strawberry.field
    async def collaboration(self, info: Info, id: strawberry.ID) -> Collaboration | None:
        c = await info.context.loaders.collaboration.load(str(id))
        return Collaboration.of(c) if c else None

    @strawberry.field(description="The 32 federal entities with their law status and dates.")
    def states(self, info: Info) -> list[State]:
        return [State.of(s) for s in reads.states(info.context.db)]

    @strawberry.field
    async def state(self, info: Info, code: str) -> State | None:
        s = await info.context.loaders.state.load(normalize_state(code, "code"))
        return State.of(s) if s else None

    @strawberry.field(description="The federal anti-trafficking law.")
    def federal_legislation(self, info: Info) -> Legislation | None:
        law = reads.federal_legislation(info.context.db)
        return Legislation.of(law) if law else None

    @strawberry.field
    def service_types(self, info: Info) -> list[ServiceType]:
        return [ServiceType.of(t) for t in reads.service_types(info.context.db)]

    @strawberry.field(description="Providers per state and service, by the directory's reach "
                                  "rule; for analysts.")
    def service_counts(self, info: Info, state: str | None = None,
                       as_of: dt.date | None = None) -> list[ServiceCount]:
        ctx = info.context
        ctx.spend()
        G = ctx.graph
        day = as_of or dt.date.today()
        codes = [normalize_state(state)] if state else sorted(G.graph.get("states", {}))
        index = providers_by_service(G)
        out = []
        for code in codes:
            if code not in G.graph.get("states", {}):
                raise DirectoryError(f"state: {state!r} is not a Mexican state code")
            for service in sorted(G.graph.get("services", {})):
                local: set[str] = set()
                national: set[str] = set()
                hidden = False
                d = providers_in_state(G, service, code, see_confidential=True, as_of=day) \
                    if index.get(service) else None
                for p in d.providers if d else ():
                    if p.org.confidential and not ctx.see_confidential:
                        hidden = True
                    elif p.reach is ReachRecord.NATIONAL:
                        national.add(p.org.id)
                    else:
                        local.add(p.org.id)
                out.append(ServiceCount(state=code, service=service, providers=len(local),
                                        national=len(national), also_confidential=hidden))
        return out

    @strawberry.field(description="Organizations and ties around an organization, in a task "
                                  "force or network, or in a state; ready to draw.")
    def network(
        self, info: Info, around: strawberry.ID | None = None,
        collaboration: strawberry.ID | None = None, state: str | None = None,
        service: str | None = None, depth: int = 1, as_of: dt.date | None = None,
    ) -> NetworkGraph:
        G = info.context.graph
        H = network_graph(G, see_confidential=info.context.see_confidential,
                          around=str(around) if around else None,
                          collaboration=str(collaboration) if collaboration else None,
                          state=_state_code(state), service=service, depth=depth, as_of=as_of)
        nodes = [NetworkNode(id=strawberry.ID(n), label=d["label"], name=d["name"],
                             kind=d["kind"], sector=d["sector"], states=_split(d["states"]),
                             services=_split(d["services"]), national=d["national"],
                             confidential=d["confidential"], seed=d["seed"])
                 for n, d in H.nodes(data=True)]
        edges = [NetworkEdge(id=f"{u}--{v}", source=strawberry.ID(u), target=strawberry.ID(v),
                             kinds=_split(d["kinds"]), strength=d["strength"],
                             evidence=[TieEvidence.of(e) for e in edge_evidence(G, u, v, as_of)])
                 for u, v, d in H.edges(data=True)]
        return NetworkGraph(nodes=nodes, edges=edges)

    @strawberry.field(description="The date basis every answer uses (the date asked, else "
                                  "today) and how old the data set's newest record is on it.")
    def data_age(self, info: Info, as_of: dt.date | None = None) -> DataAge:
        basis = DateBasis.of(as_of)
        assert basis.as_of is not None
        fresh = Freshness(newest_in_graph(info.context.graph), basis.as_of,
                          info.context.max_age_days)
        return DataAge(as_of=basis.as_of, newest_evidence=fresh.newest,
                       evidence_is_old=fresh.stale, _basis=basis, _fresh=fresh)

    @strawberry.field(description="What free text names: \"asesoría legal en Oaxaca\", \"lawyer "
                                  "in Mexico City\" → a service and a state (null when it names "
                                  "none). Names, synonyms and usual state aliases, accents and "
                                  "case ignored.")
    async def understand(self, info: Info, text: str) -> Understanding:
        u = understand_text(text)
        service = await info.context.loaders.service.load(u.service) if u.service else None
        state = await info.context.loaders.state.load(u.state) if u.state else None
        return Understanding(service=ServiceType.of(service) if service else None,
                             state=State.of(state) if state else None)

    @strawberry.field(description="Who the API thinks you are.")
    def me(self, info: Info) -> Viewer:
        c = info.context.caller
        return Viewer(role=c.role.name.lower(), name=c.name)
