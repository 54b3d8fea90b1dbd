"""What the directory returns: plain records, the same for the API and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from referral_graph.network.model import Provision, SourceRef
from referral_graph.store.values import native_date


def source(row: dict[str, Any]) -> SourceRef:
    return SourceRef(row["id"], row["document"], row["section"], row.get("table"),
                     row.get("passage") or "", native_date(row.get("date")))


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: str
    sector: str
    states: tuple[str, ...] = ()
    national: bool = False
    confidential: bool = False
    acronym: str | None = None
    city: str | None = None
    languages: tuple[str, ...] | None = None
    populations: tuple[str, ...] | None = None
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    note: str | None = None
    synthetic: bool = False
    alternate_names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    website: str | None = None
    email: str | None = None
    address: str | None = None
    contact_sources: tuple[SourceRef, ...] = ()
    version: int = 0  # the change that last wrote it; an editor sends it back on save

    @property
    def has_contact(self) -> bool:
        return bool(self.phones or self.website or self.email or self.address)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Organization:
        langs, pops = row.get("languages"), row.get("populations")
        return cls(
            id=row["id"], name=row["name"], kind=row["kind"], sector=row["sector"],
            states=tuple(sorted(row.get("states") or ())), national=bool(row.get("national")),
            confidential=bool(row.get("confidential")), acronym=row.get("acronym"),
            city=row.get("city"),
            languages=tuple(langs) if langs is not None else None,
            populations=tuple(pops) if pops is not None else None,
            active_from=native_date(row.get("active_from")),
            active_to=native_date(row.get("active_to")),
            note=row.get("note"), synthetic=bool(row.get("synthetic")),
            phones=tuple(row.get("phones") or ()), website=row.get("website"),
            email=row.get("email"), address=row.get("address"),
            contact_sources=tuple(sorted((source(s) for s in row.get("contact_sources") or ()),
                                         key=lambda s: s.id)),
            alternate_names=tuple(row.get("alternate_names") or ()),
            version=int(row.get("version") or 0),
        )


# One record of a capability for the whole service: the projection's (`network.model`),
# which carries every field the directory shows (capacity, note, version) as well as what
# the planner and the gap report read. `covers` is a set there: shown sorted.
Capability = Provision


@dataclass(frozen=True, slots=True)
class Membership:
    organization: str
    collaboration: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """An MOU, agreement or grant: for the directory (with its ``version``, for edits) and for
    the documented record (with its ``sources``, read with it)."""

    id: str
    kind: str
    subject: str
    parties: tuple[str, ...]
    states: tuple[str, ...] = ()
    date: dt.date | None = None
    date_text: str | None = None
    ends: dt.date | None = None
    party_description: str | None = None
    note: str | None = None
    version: int = 0
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Collaboration:
    id: str
    name: str
    kind: str
    level: str
    states: tuple[str, ...] = ()
    members: tuple[Membership, ...] = ()
    formed: dt.date | None = None
    formed_text: str | None = None
    goals: str | None = None
    member_description: str | None = None
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Legislation:
    id: str
    status: str
    title: str | None = None
    approved: dt.date | None = None
    signed: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    date_text: str | None = None
    note: str | None = None

    @property
    def date(self) -> dt.date | None:
        """The date that best says when the law took hold."""
        return self.effective or self.published or self.signed or self.approved


@dataclass(frozen=True, slots=True)
class State:
    code: str
    name_es: str
    name_en: str
    kind: str
    neighbours: tuple[str, ...] = ()
    legislation: Legislation | None = None


@dataclass(frozen=True, slots=True)
class ServiceType:
    id: str
    name_es: str
    name_en: str
    description_es: str = ""
    description_en: str = ""
    hsds_term: str | None = None
    synonyms_es: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One page of organizations; `cursor` of the last one continues the listing."""

    total: int
    items: tuple[tuple[str, Organization], ...]  # (cursor, organization)
    has_next: bool
    has_previous: bool = False

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1][0] if self.items else None


@dataclass(frozen=True, slots=True)
class Filters:
    query: str | None = None
    service: str | None = None
    state: str | None = None
    kind: str | None = None
    sector: str | None = None
    language: str | None = None
    population: str | None = None
    active_on: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
