"""Organizations and what hangs off them: capabilities, memberships, task forces and networks,
agreements, contact details.

A little over 400 lines for one reason: Organization, Collaboration, Capability and
Membership refer to one another (an organization's memberships name collaborations whose
members are organizations), and Strawberry resolves such a ring most simply in one module;
each field is a thin call into the domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.types import record_where as rwq
from referral_graph.api.graphql.types.capacity import Capacity, capacity_of
from referral_graph.api.graphql.types.common import (
    VERSION_HELP,
    Lang,
    Source,
    lang_of,
    sources_of,
    states_of,
)
from referral_graph.api.graphql.types.enums import (
    AgreementKind,
    Basis,
    CollaborationKind,
    CollaborationLevel,
    OrganizationKind,
    Population,
    Sector,
)
from referral_graph.api.graphql.types.node import Slugged, membership_slug, slug_field
from referral_graph.api.graphql.types.pages import Connection
from referral_graph.api.graphql.types.record_where import (
    ActivitySort,
    ActivityWhere,
    AgreementSort,
    AgreementWhere,
)
from referral_graph.api.graphql.types.reference import ServiceType, State
from referral_graph.directory import model as rec
from referral_graph.directory import record_where as rw
from referral_graph.directory.contact import newest_record, reach_through
from referral_graph.directory.lang import label
from referral_graph.network.model import CollaborationInfo, OrgNode
from referral_graph.network.public import key_of, shuffle_key

if TYPE_CHECKING:
    from referral_graph.api.graphql.types.documented import Activity, Conflict, Figure


@strawberry.type
class Capability(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    basis: Basis
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
    def service(self, info: Info) -> ServiceType:
        t = info.context.loaders.services().get(self._record.service)  # see `states_of`
        return ServiceType.of(t or rec.ServiceType(self._record.service, self._record.service,
                                                   self._record.service))

    @strawberry.field(description="States the capability names; empty means where the "
                                  "organization works, or everywhere when national.")
    def covers(self, info: Info) -> list[State]:
        return states_of(info, sorted(self._record.covers))

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
                   sources=sources_of(c.sources), scope=c.scope, group=c.group, note=c.note,
                   version=c.version, _record=c)


@strawberry.type
class Membership(Slugged, relay.Node):
    role: str | None
    _organization: strawberry.Private[str]
    _collaboration: strawberry.Private[str]
    slug: str = slug_field("`collaboration:organization`, the two slugs: what names a "
                           "membership in the data set.")

    @classmethod
    def resolve_id(cls, root: Membership, *, info: Info) -> str:
        return membership_slug(root._collaboration, root._organization)

    @strawberry.field(description="The role in words, e.g. convocante / convenor.")
    def role_label(self, info: Info, lang: Lang | None = None) -> str | None:
        return label("role", self.role, lang_of(info, lang)) if self.role else None

    @strawberry.field
    def organization(self, info: Info) -> Organization | None:
        # From the request's snapshot, which holds what a member list asks of each member
        # (name, kind, states; the rest of the record is read only if asked, `_whole`): a
        # collaboration's nested members then cost no read of their own, nor an await.
        G = info.context.graph
        if self._organization in G:
            org = G.nodes[self._organization]["org"]
            if org.confidential and not info.context.see_confidential:
                return None  # as the loader's read answers it
            return Organization.of_node(org)
        # Not in the snapshot (yet): read, and graphql-core awaits what is returned. The
        # schema's type is the annotation's; only this path gives an awaitable of it.
        return self._read_organization(info)  # type: ignore[return-value]

    async def _read_organization(self, info: Info) -> Organization | None:
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
class Collaboration(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    name: str
    kind: CollaborationKind
    level: CollaborationLevel
    formed: dt.date | None
    _states: strawberry.Private[tuple[str, ...]]
    _members: strawberry.Private[tuple[rec.Membership, ...] | None]
    # The whole record; None when built from the projection, which holds no alternate
    # names, goals or descriptions: those fields then read the record, never "none".
    _full: strawberry.Private[rec.Collaboration | None] = None

    async def _whole(self, info: Info) -> rec.Collaboration | None:
        if self._full is not None:
            return self._full
        return await info.context.loaders.collaboration.load(str(self.id))

    @strawberry.field(description="Other names, e.g. the English form")
    async def alternate_names(self, info: Info) -> list[str]:
        c = await self._whole(info)
        return list(c.alternate_names) if c is not None else []

    @strawberry.field
    async def formed_text(self, info: Info) -> str | None:
        c = await self._whole(info)
        return c.formed_text if c is not None else None

    @strawberry.field
    async def goals(self, info: Info) -> str | None:
        c = await self._whole(info)
        return c.goals if c is not None else None

    @strawberry.field
    async def member_description(self, info: Info) -> str | None:
        c = await self._whole(info)
        return c.member_description if c is not None else None

    @strawberry.field
    def states(self, info: Info) -> list[State]:
        return states_of(info, self._states)

    @strawberry.field(description="Members named in a source. Confidential organizations "
                                  "are listed only for staff.")
    async def members(self, info: Info) -> list[Membership]:
        return await self._load_members(info)

    async def _load_members(self, info: Info) -> list[Membership]:
        members = self._members
        if members is None:
            full = await info.context.loaders.collaboration.load(str(self.id))
            members = full.members if full else ()
        return [Membership.of(m) for m in members]

    @relay.connection(Connection[Membership], description="`members` as a page.")
    async def members_connection(self, info: Info) -> Iterable[Membership]:
        return await self._load_members(info)

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return sources_of(await info.context.loaders.sources.load(str(self.id)))

    @classmethod
    def of(cls, c: rec.Collaboration) -> Collaboration:
        return cls(id=strawberry.ID(c.id), name=c.name, kind=c.kind, level=c.level,
                   formed=c.formed, _states=c.states, _members=c.members, _full=c)

    @classmethod
    def of_projection(cls, c: CollaborationInfo,
                      members: tuple[rec.Membership, ...]) -> Collaboration:
        # `members` as the caller may see them (directory.collaborations.members_in).
        return cls(id=strawberry.ID(c.id), name=c.name, kind=c.kind, level=c.level,
                   formed=c.formed, _states=tuple(sorted(c.states)), _members=members)

    @classmethod
    async def answered(cls, info: Info, cid: str) -> Collaboration | None:
        """The collaboration ``cid`` as the caller may see it: from the request's
        projection when it holds every member, else read (a member written a moment ago by
        another process is answered from its record, not left out)."""
        now = info.context.loaders.collaboration_now(cid)
        if now is not None:
            return cls.of_projection(*now)
        c = await info.context.loaders.collaboration.load(cid)
        return cls.of(c) if c else None


@strawberry.type
class Agreement(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    kind: AgreementKind
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
    def states(self, info: Info) -> list[State]:
        return states_of(info, self._record.states)

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return sources_of(await info.context.loaders.sources.load(str(self.id)))

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
                   sources=sources_of(o.contact_sources))


@strawberry.type
class Organization(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    name: str
    acronym: str | None
    kind: OrganizationKind
    sector: Sector
    national: bool
    confidential: bool
    city: str | None
    languages: list[str] | None
    populations: list[Population] | None
    active_from: dt.date | None
    active_to: dt.date | None
    synthetic: bool
    _states: strawberry.Private[tuple[str, ...]]
    # None when built from the projection, which holds no other names, notes, versions or
    # contact details: those fields then read the record, never "none".
    _record: strawberry.Private[rec.Organization | None] = None

    async def _whole(self, info: Info) -> rec.Organization | None:
        if self._record is not None:
            return self._record
        return await info.context.loaders.organization.load(str(self.id))

    @strawberry.field(description="Other names it goes by, e.g. the English form of a "
                                  "Mexican body's")
    async def alternate_names(self, info: Info) -> list[str]:
        o = await self._whole(info)
        return list(o.alternate_names) if o is not None else []

    @strawberry.field
    async def note(self, info: Info) -> str | None:
        o = await self._whole(info)
        return o.note if o is not None else None

    @strawberry.field(description=VERSION_HELP)
    async def version(self, info: Info) -> int:
        o = await self._whole(info)
        return o.version if o is not None else 0

    @strawberry.field(description="Phone, website, e-mail, address as a source states them; "
                                  "null when none is recorded (and always for a confidential "
                                  "organization).")
    async def contact(self, info: Info) -> Contact | None:
        return Contact.maybe(await self._whole(info))

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
    def states(self, info: Info) -> list[State]:
        return states_of(info, self._states)

    @strawberry.field(graphql_type=list[Capability])
    def capabilities(self, info: Info) -> list[Capability] | Awaitable[list[Capability]]:
        # Answered at once from the projection when it is loaded: at 100k a nested answer
        # asks this of every member, and each await costs a future and a batch.
        now = info.context.loaders.capabilities_now(str(self.id))
        if now is not None:
            return [Capability.of(c) for c in now]
        return self._read_capabilities(info)

    async def _read_capabilities(self, info: Info) -> list[Capability]:
        return [Capability.of(c)
                for c in await info.context.loaders.capabilities.load(str(self.id))]

    @relay.connection(Connection[Capability], description="`capabilities` as a page.")
    async def capabilities_connection(self, info: Info) -> Iterable[Capability]:
        found = self.capabilities(info)
        return found if isinstance(found, list) else await found

    @strawberry.field
    async def memberships(self, info: Info) -> list[Membership]:
        return [Membership.of(m)
                for m in await info.context.loaders.memberships.load(str(self.id))]

    @strawberry.field
    async def agreements(self, info: Info) -> list[Agreement]:
        return await self._load_agreements(info)

    async def _load_agreements(self, info: Info) -> list[Agreement]:
        found = await info.context.loaders.agreements.load(str(self.id))
        if not info.context.see_confidential:
            # By date, then in an order that says nothing of the ids: PROTEJA's sub-grants
            # are named after the shelters, and their alphabetical order beside each
            # agreement's state mapped the masked parties to places.
            key = key_of(info.context.graph)
            found = sorted(found, key=lambda a: (a.date is None, a.date or dt.date.min,
                                                 shuffle_key(key, a.id)))
        return [Agreement.of(a) for a in found]

    @relay.connection(Connection[Agreement], description="`agreements` as a page.")
    async def agreements_connection(
            self, info: Info,
            where: Annotated[AgreementWhere | None, strawberry.argument(
                description="Only the agreements this filter matches.")] = None,
            sort: Annotated[list[AgreementSort] | None, strawberry.argument(
                description="Sort keys, first key first (default: by date). For a "
                            "public caller, records the answer masks trade places among "
                            "themselves.")] = None,
    ) -> Iterable[Agreement]:
        found = await self._load_agreements(info)
        return rw.filtered(found, [_agreement_facts(a._record) for a in found],
                        rwq.where_of(where), rwq.sort_of(sort, rwq.AGREEMENT_SORT))

    @strawberry.field
    async def sources(self, info: Info) -> list[Source]:
        return sources_of(await info.context.loaders.sources.load(str(self.id)))

    @strawberry.field(description="Activities it took part in, by date.")
    async def activities(self, info: Info) -> list[
            Annotated[Activity, strawberry.lazy("referral_graph.api.graphql.types.documented")]]:
        return await self._load_activities(info)

    async def _load_activities(self, info: Info) -> list[Activity]:
        from referral_graph.api.graphql.types.documented import Activity

        return [Activity.of(a)
                for a in await info.context.loaders.activities.load(str(self.id))]

    @relay.connection(Connection[Annotated[  # a string: Activity's module imports this one
        "Activity", strawberry.lazy("referral_graph.api.graphql.types.documented")]],
        description="`activities` as a page.")
    async def activities_connection(
            self, info: Info,
            where: Annotated[ActivityWhere | None, strawberry.argument(
                description="Only the activities this filter matches.")] = None,
            sort: Annotated[list[ActivitySort] | None, strawberry.argument(
                description="Sort keys, first key first (default: by first day).")] = None,
    ) -> Iterable[
            Annotated[Activity, strawberry.lazy("referral_graph.api.graphql.types.documented")]]:
        found = await self._load_activities(info)
        facts = [rw.Facts(a._record.kind, a._record.start, a._record.end,
                          a._record.participants, a._record.states) for a in found]
        return rw.filtered(found, facts, rwq.where_of(where), rwq.sort_of(sort, rwq.ACTIVITY_SORT))

    @strawberry.field(description="Figures the documents give about it.")
    async def figures(self, info: Info) -> list[
            Annotated[Figure, strawberry.lazy("referral_graph.api.graphql.types.documented")]]:
        from referral_graph.api.graphql.types.documented import Figure

        return [Figure.of(f) for f in await info.context.loaders.figures.load(str(self.id))]

    @strawberry.field(description="Conflicts between documents with a side about it.")
    async def conflicts(self, info: Info) -> list[
            Annotated[Conflict, strawberry.lazy("referral_graph.api.graphql.types.documented")]]:
        from referral_graph.api.graphql.types.documented import Conflict

        return [Conflict.of(c)
                for c in await info.context.loaders.conflicts.load(str(self.id))]

    @classmethod
    def of(cls, o: rec.Organization) -> Organization:
        return cls(id=strawberry.ID(o.id), name=o.name, acronym=o.acronym, kind=o.kind,
                   sector=o.sector, national=o.national, confidential=o.confidential,
                   city=o.city, languages=list(o.languages) if o.languages is not None else None,
                   populations=list(o.populations) if o.populations is not None else None,
                   active_from=o.active_from, active_to=o.active_to,
                   synthetic=o.synthetic, _states=o.states, _record=o)

    @classmethod
    def maybe(cls, o: rec.Organization | None) -> Organization | None:
        return cls.of(o) if o is not None else None

    @classmethod
    def of_node(cls, o: OrgNode) -> Organization:
        # Made directly, not through a record and `of` (what `of` would give, with no
        # record: the projection holds only part of it, and `_whole` reads the rest). A
        # directory answer makes one per provider: 2.2 µs each against 6.5.
        return cls(id=strawberry.ID(o.id), name=o.name, acronym=o.acronym, kind=o.kind,
                   sector=o.sector, national=o.national, confidential=o.confidential,
                   city=o.city,
                   languages=sorted(o.languages) if o.languages is not None else None,
                   populations=sorted(o.populations) if o.populations is not None else None,
                   active_from=o.active_from, active_to=o.active_to, synthetic=o.synthetic,
                   _states=tuple(sorted(o.states)), _record=None)



def _agreement_facts(a: rec.Agreement) -> rw.Facts:
    return rw.Facts(a.kind, a.date, a.ends, a.parties, a.states)
