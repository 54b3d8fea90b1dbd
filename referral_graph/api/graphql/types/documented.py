"""What the documents report besides the directory: figures, conflicts, activities."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.types.common import Lang, Source, lang_of, sources_of, states_of
from referral_graph.api.graphql.types.enums import ActivityKind
from referral_graph.api.graphql.types.node import Slugged, slug_field
from referral_graph.api.graphql.types.organization import Agreement, Organization
from referral_graph.api.graphql.types.reference import State
from referral_graph.directory import documented as doc
from referral_graph.directory import model as rec
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.directory.lang import label


def _confidential_name(lang: DomainLang) -> str:
    return label("placeholder", "confidential_shelter", lang) or "confidential_shelter"


@strawberry.type(description="The record a figure or a statement is about. For a public "
                             "caller a confidential organization has no id and no name.")
class Subject:
    id: strawberry.ID | None
    kind: str = strawberry.field(description="organization, activity, agreement, "
                                             "collaboration, legislation or capability")
    confidential: bool
    _name: strawberry.Private[str | None]

    @strawberry.field
    def name(self, info: Info, lang: Lang | None = None) -> str:
        return self._name or _confidential_name(lang_of(info, lang))

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("subject_kind", self.kind, lang_of(info, lang)) or self.kind

    @classmethod
    def of(cls, s: doc.Subject) -> Subject:
        return cls(id=strawberry.ID(s.id) if s.id else None, kind=s.kind,
                   confidential=s.confidential, _name=s.name)


@strawberry.type(description="A number a document reports, as written, with its passage.")
class Figure(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    metric: str
    value: float
    unit: str | None
    text: str = strawberry.field(description="The figure as the document writes it.")
    period_from: dt.date | None
    period_to: dt.date | None
    about: Subject
    sources: list[Source]

    @strawberry.field
    def metric_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("metric", self.metric, lang_of(info, lang)) or self.metric

    @classmethod
    def of(cls, f: doc.Figure) -> Figure:
        return cls(id=strawberry.ID(f.id), metric=f.metric, value=f.value, unit=f.unit,
                   text=f.text, period_from=f.period_from, period_to=f.period_to,
                   about=Subject.of(f.about), sources=sources_of(f.sources))


@strawberry.type(description="One statement of a conflict, with the passages that make it.")
class ConflictSide(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    value: str
    about: Subject
    sources: list[Source]


@strawberry.type(description="Documents that disagree. Every side is kept; none is picked.")
class Conflict(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    attribute: str
    resolved: bool = strawberry.field(description="Always false: the documents settle "
                                                  "nothing, and neither does the data set.")
    sides: list[ConflictSide]

    @classmethod
    def side_of(cls, c: doc.Conflict, side: str) -> ConflictSide | None:
        """The side `side` of conflict `c` (what `node` answers for a statement's id)."""
        return next((s for s in cls.of(c).sides if s.id == side), None)

    @classmethod
    def of(cls, c: doc.Conflict) -> Conflict:
        return cls(id=strawberry.ID(c.id), attribute=c.attribute, resolved=c.resolved,
                   sides=[ConflictSide(id=strawberry.ID(s.id), value=s.value,
                                       about=Subject.of(s.about), sources=sources_of(s.sources))
                          for s in c.sides])


@strawberry.type(description="A training, workshop, meeting… from the reports' tables and "
                             "text, with the organizations that took part.")
class Activity(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
    kind: ActivityKind
    theme: str
    start: dt.date
    end: dt.date | None
    city: str | None
    participant_count: int | None = strawberry.field(
        description="Persons, as the document counts them (null: not stated).")
    participant_description: str | None
    table: str | None = strawberry.field(description="The document's table it comes from.")
    note: str | None = strawberry.field(description="What the data set says about this row.")
    sources: list[Source]
    _record: strawberry.Private[doc.Activity]

    @strawberry.field
    def kind_label(self, info: Info, lang: Lang | None = None) -> str:
        return label("activity_kind", self.kind, lang_of(info, lang)) or self.kind

    @strawberry.field(description="Organizations named as taking part (confidential ones "
                                  "for staff only).")
    async def participants(self, info: Info) -> list[Organization]:
        found = await info.context.loaders.organization.load_many(
            list(self._record.participants))
        return [Organization.of(o) for o in found if o is not None]

    @strawberry.field(description="How many organizations are named as taking part; an "
                                  "event with one makes no tie between organizations.")
    def participating_organizations(self) -> int:
        return len(self._record.participants)

    @strawberry.field(description="True when one organization only is named: no tie.")
    def makes_no_tie(self) -> bool:
        return self._record.makes_no_tie

    @strawberry.field
    def states(self, info: Info) -> list[State]:
        return states_of(info, self._record.states)

    @strawberry.field(description="Figures the documents give about this activity.")
    async def figures(self, info: Info) -> list[Figure]:
        return [Figure.of(f) for f in await info.context.loaders.figures.load(str(self.id))]

    @classmethod
    def of(cls, a: doc.Activity) -> Activity:
        return cls(id=strawberry.ID(a.id), kind=a.kind, theme=a.theme, start=a.start,
                   end=a.end, city=a.city, participant_count=a.participant_count,
                   participant_description=a.participant_description, table=a.table,
                   note=a.note, sources=sources_of(a.sources), _record=a)


def agreement_of(a: rec.Agreement) -> Agreement:
    return Agreement.of(rec.Agreement(
        id=a.id, kind=a.kind, subject=a.subject, parties=a.parties, states=a.states,
        date=a.date, date_text=a.date_text, ends=a.ends,
        party_description=a.party_description, note=a.note))
