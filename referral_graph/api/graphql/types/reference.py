"""The reference types: the service taxonomy, states and their laws."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.types.common import Lang, Source, lang_of, sources_of
from referral_graph.api.graphql.types.enums import LawStatus
from referral_graph.api.graphql.types.node import Slugged, slug_field
from referral_graph.directory import model as rec
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.directory.lang import label

if TYPE_CHECKING:
    from referral_graph.api.graphql.types.organization import Collaboration


@strawberry.type
class ServiceType(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
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
class Legislation(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    status: LawStatus
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
        return sources_of(await info.context.loaders.sources.load(str(self.id)))

    @classmethod
    def of(cls, x: rec.Legislation) -> Legislation:
        return cls(id=strawberry.ID(x.id), status=x.status, title=x.title, approved=x.approved,
                   signed=x.signed, published=x.published, effective=x.effective,
                   date_text=x.date_text, note=x.note)


@strawberry.type(description="One of Mexico's 32 federal entities.")
class State(Slugged, relay.Node):
    code: str
    slug: str = slug_field()
    name_es: str
    name_en: str
    kind: str
    neighbours: list[str]
    legislation: Legislation | None

    @strawberry.field
    def name(self, info: Info, lang: Lang | None = None) -> str:
        return self.name_es if lang_of(info, lang) is DomainLang.ES else self.name_en

    @classmethod
    def resolve_id(cls, root: State, *, info: Info) -> str:
        return root.code

    @strawberry.field(description="Task forces and networks working in the state.")
    async def collaborations(self, info: Info) -> list[Annotated[
            Collaboration, strawberry.lazy("referral_graph.api.graphql.types.organization")]]:
        from referral_graph.api.graphql.types.organization import Collaboration

        G = info.context.graph
        out = []
        for c in sorted(G.graph.get("collaborations", {}).values(), key=lambda c: c.name):
            if self.code in c.states:
                found = await Collaboration.answered(info, c.id)  # as `collaboration(id:)`
                if found is not None:
                    out.append(found)
        return out

    @classmethod
    def of(cls, s: rec.State) -> State:
        return cls(code=s.code, name_es=s.name_es, name_en=s.name_en, kind=s.kind,
                   neighbours=list(s.neighbours),
                   legislation=Legislation.of(s.legislation) if s.legislation else None)
