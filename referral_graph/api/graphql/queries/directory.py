"""GraphQL directory: providers of a service in a state, search, organizations, task forces,
states and their laws, and the network around an organization — thin over
`referral_graph.directory`, with nested fields batched by DataLoaders."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.ids import local_id
from referral_graph.api.graphql.queries.filtered import edges_of, filtered
from referral_graph.api.graphql.scalars import ServiceId, StateCode
from referral_graph.api.graphql.types.audit import Viewer
from referral_graph.api.graphql.types.common import state_code
from referral_graph.api.graphql.types.connection import (
    OrganizationConnection,
)
from referral_graph.api.graphql.types.enums import (
    CollaborationKind,
    OrganizationKind,
    Population,
    Sector,
)
from referral_graph.api.graphql.types.network import (
    NetworkEdge,
    NetworkGraph,
    NetworkNode,
)
from referral_graph.api.graphql.types.organization import Collaboration, Organization
from referral_graph.api.graphql.types.pages import page_info
from referral_graph.api.graphql.types.providers import (
    DataAge,
    ProviderDirectory,
    ServiceCount,
    Understanding,
)
from referral_graph.api.graphql.types.reference import Legislation, ServiceType, State
from referral_graph.api.graphql.types.where import (
    OrganizationSort,
    OrganizationWhere,
    sort_of,
    where_of,
)
from referral_graph.directory import model as rec
from referral_graph.directory import search_index
from referral_graph.directory import service as reads
from referral_graph.directory.answers import DateBasis, Freshness, newest_in_graph
from referral_graph.directory.counts import service_counts
from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.network import drawing
from referral_graph.directory.providers import (
    providers_in_state,
)
from referral_graph.reference.services import understand as understand_text
from referral_graph.referrals.service import normalize_state


@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="Who can provide a service in a state: operates there, "
                                  "then covers it, then national reach; nearest alternatives "
                                  "when none is recorded in the state.")
    def providers(self, info: Info, service: ServiceId, state: StateCode,
                  as_of: dt.date | None = None) -> ProviderDirectory | None:
        ctx = info.context
        code = normalize_state(state)
        d = providers_in_state(ctx.graph, service, code, see_confidential=ctx.see_confidential,
                               as_of=as_of)
        s_info = ctx.graph.graph["states"][code]
        t_info = ctx.graph.graph["services"][service]
        return ProviderDirectory(
            service=ServiceType.of(rec.ServiceType(t_info.id, t_info.name_es, t_info.name_en)),
            state=State.of(rec.State(code, s_info.name_es, s_info.name_en, "state",
                                     tuple(sorted(s_info.neighbours)))),
            as_of=d.as_of, none_in_state=d.none_in_state, _record=d)

    @strawberry.field(description="Search by name or acronym (accents and case ignored) with "
                                  "filters; Relay cursor pages of at most 100: `first` "
                                  "(20 when no size is given) after `after`, or `last` before "
                                  "`before`. `where` filters with operators and `sort` orders "
                                  "(by name when not given), both on what the caller may see.")
    async def organizations(
        self, info: Info, query: str | None = None, service: ServiceId | None = None,
        state: StateCode | None = None, kind: OrganizationKind | None = None,
        sector: Sector | None = None, language: str | None = None,
        population: Population | None = None,
        active_on: dt.date | None = None, first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
        where: OrganizationWhere | None = None, sort: list[OrganizationSort] | None = None,
    ) -> OrganizationConnection | None:
        filters = rec.Filters(query=query, service=service, state=state_code(state),
                              kind=kind, sector=sector, language=language,
                              population=population, active_on=active_on)
        if where is not None or sort:
            return await filtered(info, filters, where_of(where), sort_of(sort),
                                  first=first, after=after, last=last, before=before)
        ctx = info.context
        hits = search_index.search(ctx.graph, filters, see_confidential=ctx.see_confidential,
                                   first=first, after=after, last=last, before=before)
        edges = await edges_of(info, hits.items)
        return OrganizationConnection(
            total_count=hits.total, edges=edges,
            page_info=page_info(edges, has_next=hits.has_next,
                                has_previous=hits.has_previous))

    @strawberry.field(description="One organization; null when unknown (or not visible to "
                                  "the caller, which looks the same).")
    async def organization(self, info: Info, id: strawberry.ID) -> Organization | None:
        return Organization.maybe(await info.context.loaders.organization.load(
            local_id(str(id), "Organization", "id")))

    @strawberry.field
    def collaborations(self, info: Info, state: StateCode | None = None,
                       kind: CollaborationKind | None = None) -> list[Collaboration] | None:
        return [Collaboration.of(c) for c in reads.collaborations(
            info.context.db, see_confidential=info.context.see_confidential,
            kind=kind, state=state_code(state))]

    @strawberry.field
    async def collaboration(self, info: Info, id: strawberry.ID) -> Collaboration | None:
        return await Collaboration.answered(info, local_id(str(id), "Collaboration", "id"))

    @strawberry.field(description="The 32 federal entities with their law status and dates.")
    def states(self, info: Info) -> list[State] | None:
        return [State.of(s) for s in reads.states(info.context.db)]

    @strawberry.field
    async def state(self, info: Info, code: StateCode) -> State | None:
        s = await info.context.loaders.state.load(normalize_state(code, "code"))
        return State.of(s) if s else None

    @strawberry.field(description="The federal anti-trafficking law.")
    def federal_legislation(self, info: Info) -> Legislation | None:
        law = reads.federal_legislation(info.context.db)
        return Legislation.of(law) if law else None

    @strawberry.field
    def service_types(self, info: Info) -> list[ServiceType] | None:
        return [ServiceType.of(t) for t in reads.service_types(info.context.db)]

    @strawberry.field(description="Providers per state and service, by the directory's reach "
                                  "rule; for analysts.")
    def service_counts(self, info: Info, state: StateCode | None = None,
                       as_of: dt.date | None = None) -> list[ServiceCount] | None:
        ctx = info.context
        ctx.spend()
        code = state_code(state)
        if code is not None and code not in ctx.graph.graph.get("states", {}):
            raise DirectoryError(f"state: {state!r} is not a Mexican state code")
        return [ServiceCount(state=c.state, service=c.service, providers=c.providers,
                             national=c.national, also_confidential=c.also_confidential)
                for c in service_counts(ctx.graph, see_confidential=ctx.see_confidential,
                                        as_of=as_of, states=[code] if code else None)]

    @strawberry.field(description="Organizations and ties around an organization, in a task "
                                  "force or network, or in a state; ready to draw.")
    def network(
        self, info: Info, around: strawberry.ID | None = None,
        collaboration: strawberry.ID | None = None, state: StateCode | None = None,
        service: ServiceId | None = None, depth: int = 1, as_of: dt.date | None = None,
    ) -> NetworkGraph | None:
        G = info.context.graph
        d = drawing(G, see_confidential=info.context.see_confidential,
                    around=local_id(str(around), "Organization", "around") if around else None,
                    collaboration=local_id(str(collaboration), "Collaboration",
                                           "collaboration") if collaboration else None,
                    state=state_code(state), service=service, depth=depth, as_of=as_of)
        nodes = [NetworkNode.of(G, n, seed=n in d.seeds) for n in d.orgs]
        # Each tie from its smaller end, sorted (`drawing`): the store's row order is no
        # order at all.
        edges = [NetworkEdge(id=f"{t.u}--{t.v}", source=strawberry.ID(t.u),
                             target=strawberry.ID(t.v), kinds=list(t.kinds),
                             strength=t.strength, _evidence=t.evidence)
                 for t in d.ties]
        return NetworkGraph(nodes=nodes, edges=edges)

    @strawberry.field(description="The date basis every answer uses (the date asked, else "
                                  "today) and how old the data set's newest record is on it.")
    def data_age(self, info: Info, as_of: dt.date | None = None) -> DataAge | None:
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
    async def understand(self, info: Info, text: str) -> Understanding | None:
        u = understand_text(text)
        service = await info.context.loaders.service.load(u.service) if u.service else None
        state = await info.context.loaders.state.load(u.state) if u.state else None
        return Understanding(service=ServiceType.of(service) if service else None,
                             state=State.of(state) if state else None)

    @strawberry.field(description="Who the API thinks you are.")
    def me(self, info: Info) -> Viewer | None:
        c = info.context.caller
        return Viewer(role=c.role.name.lower(), name=c.name)
