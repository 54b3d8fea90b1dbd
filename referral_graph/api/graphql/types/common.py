"""What every type family uses: the label language, sources, the version help."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.types.node import Slugged, slug_field
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.network.model import SourceRef
from referral_graph.referrals.service import normalize_state

if TYPE_CHECKING:
    from referral_graph.api.graphql.types.reference import State


VERSION_HELP = ("The change that last wrote this record. Send it back as `expectedVersion` when "
                "saving: a save based on an older version is refused with a CONFLICT error.")


@strawberry.enum(description="Language of labels and messages; the default follows "
                             "Accept-Language, else Spanish.")
class Lang(Enum):
    ES = "es"
    EN = "en"


def lang_of(info: Info, lang: Lang | None) -> DomainLang:
    return DomainLang(lang.value) if lang is not None else info.context.lang


def state_code(state: str | None, argument: str = "state") -> str | None:
    return normalize_state(state, argument) if state is not None else None


@strawberry.type(description="A passage of a document that states a fact.")
class Source(Slugged, relay.Node):
    id: relay.NodeID[str]
    slug: str = slug_field()
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


def sources_of(items: tuple[SourceRef, ...] | list[SourceRef]) -> list[Source]:
    return [Source.of(s) for s in items]




def states_of(info: Info, codes: tuple[str, ...] | list[str]) -> list[State]:
    """The states of these codes, from the reference set kept per data version. Not a
    DataLoader: no read to batch, and at 100k a nested answer asked this of every member,
    each an await, a future and a batch of its own."""
    from referral_graph.api.graphql.types.reference import State

    if not codes:
        return []  # no state asked: no read of the set either
    known = info.context.loaders.states()
    return [State.of(known[c]) for c in codes if c in known]
