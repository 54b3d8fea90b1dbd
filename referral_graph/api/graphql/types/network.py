"""The network drawing: nodes, edges and the evidence behind each tie."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import networkx as nx
import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.types.common import Lang, Source, lang_of, sources_of
from referral_graph.api.graphql.types.enums import OrganizationKind, Outcome, Sector, TieKind
from referral_graph.directory.lang import label
from referral_graph.directory.network import newest_first, services_of
from referral_graph.network.model import Evidence as EvidenceRecord

if TYPE_CHECKING:
    from referral_graph.api.graphql.types.organization import Organization


@strawberry.type
class TieEvidence:
    kind: TieKind
    ref: strawberry.ID
    label: str
    date: dt.date | None
    ends: dt.date | None
    outcome: Outcome | None
    sources: list[Source]

    @classmethod
    def of(cls, e: EvidenceRecord) -> TieEvidence:
        return cls(kind=e.kind.value, ref=strawberry.ID(e.ref), label=e.label, date=e.date,
                   ends=e.ends, outcome=e.outcome, sources=sources_of(e.sources))


@strawberry.type(description="An organization in a drawing. Not a `Node`: it is a view of an "
                             "Organization computed for one drawing, not a stored record; "
                             "`organization` is the record, with its global id.")
class NetworkNode:
    id: strawberry.ID
    label: str
    name: str
    kind: OrganizationKind
    sector: Sector
    states: list[str]
    services: list[str]
    national: bool
    confidential: bool
    seed: bool = strawberry.field(description="A starting point: the organization asked "
                                               "about, or a member of the collaboration.")

    @classmethod
    def of(cls, G: nx.Graph, n: str, *, seed: bool) -> NetworkNode:
        org = G.nodes[n]["org"]
        return cls(id=strawberry.ID(n), label=org.acronym or org.name, name=org.name,
                   kind=org.kind, sector=org.sector, states=sorted(org.states),
                   services=services_of(G, n), national=org.national,
                   confidential=org.confidential, seed=seed)

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("kind", self.kind, lang_of(info, lang)) or self.kind

    @strawberry.field(description="The organization this node draws (its global id is "
                                  "`organization.id`); null only if the caller may not see "
                                  "it.")
    async def organization(self, info: Info) -> Annotated[
            Organization, strawberry.lazy("referral_graph.api.graphql.types.organization")
    ] | None:
        from referral_graph.api.graphql.types.organization import Organization

        return Organization.maybe(await info.context.loaders.organization.load(str(self.id)))


@strawberry.type
class NetworkEdge:
    id: str
    source: strawberry.ID
    target: strawberry.ID
    kinds: list[TieKind]
    strength: float
    _evidence: strawberry.Private[tuple[EvidenceRecord, ...]]  # the tie's, known on the day

    @strawberry.field  # described in schema/descriptions.yaml, as the other fields are
    def evidence(self) -> list[TieEvidence]:
        # Described when asked: at 100k a drawing of a few hundred ties spent a fifth of
        # its time describing evidence that most drawings do not ask for.
        return [TieEvidence.of(e) for e in newest_first(self._evidence)]


@strawberry.type(description="Nodes and edges ready to draw (Cytoscape, sigma, d3).")
class NetworkGraph:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]

