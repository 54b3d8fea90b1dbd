"""Plain, immutable records that the projection carries on its nodes and edges.

The projection is an ``nx.Graph`` whose nodes are organization ids. Algorithms read it
through these records only, so they run the same on a graph built from Neo4j, from a seed
directory, or by hand in a test.

Node attributes:
    ``org``        -- :class:`OrgNode`
    ``provisions`` -- ``list[Provision]``: the services the organization provides.

Edge attributes:
    ``evidence``   -- ``tuple[Evidence, ...]``: why the two organizations have a working tie.
                      Ties with the same evidence may share one data dict: never
                      change a tie's data in place (`network.snapshot.Draft` copies it).

Graph attributes (``G.graph``):
    ``states``         -- ``dict[str, StateInfo]`` keyed by ISO 3166-2 code.
    ``services``       -- ``dict[str, ServiceInfo]`` keyed by service type id.
    ``collaborations`` -- ``dict[str, CollaborationInfo]`` keyed by id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class TieKind(StrEnum):
    """What kind of evidence makes a tie between two organizations."""

    AGREEMENT = "agreement"
    COLLABORATION = "collaboration"
    ACTIVITY = "activity"
    REFERRAL = "referral"


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: str
    document: str
    section: str
    table: str | None = None
    passage: str = ""
    date: dt.date | None = None  # the document's own date, where it states one

    def cite(self) -> str:
        """Short citation, e.g. ``quarterly report 2009 Q1, Table 2``."""
        where = self.table or self.section
        return f"{self.document}, {where}"


@dataclass(frozen=True, slots=True)
class OrgNode:
    id: str
    name: str
    kind: str
    sector: str
    states: frozenset[str] = frozenset()
    national: bool = False
    confidential: bool = False
    acronym: str | None = None
    city: str | None = None
    languages: frozenset[str] | None = None
    populations: frozenset[str] | None = None
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    synthetic: bool = False
    # The folded name, acronym and other names the search matches words in (as stored).
    search_key: str = ""

    def active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


@dataclass(frozen=True, slots=True)
class Provision:
    """One capability: ``organization`` provides ``service`` where ``covers`` says."""

    id: str
    organization: str
    service: str
    basis: str  # "stated" | "mandate"
    covers: frozenset[str] = frozenset()
    national: bool = False
    mandate: str | None = None
    sources: tuple[SourceRef, ...] = ()
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    scope: str = "organization"  # "group": the source states it for a group it belongs to
    group: str | None = None  # that group, as the source names it
    # Free beds or places as staff last set them (None: unknown); the planner's tie-break.
    capacity_available: int | None = None
    # The rest of the record, so that the API answers an organization's capabilities from
    # the projection without a read (`directory.capabilities`).
    note: str | None = None
    version: int = 0
    capacity_unit: str | None = None
    capacity_total: int | None = None
    capacity_updated_at: str | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )

    @property
    def for_group(self) -> bool:
        """Stated for a group the organization belongs to, not for the organization itself."""
        return self.scope == "group"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason for a tie: a shared agreement, collaboration, activity or a referral."""

    kind: TieKind
    ref: str
    label: str
    date: dt.date | None = None
    ends: dt.date | None = None
    outcome: str | None = None  # referrals only: accepted | declined | completed
    sources: tuple[SourceRef, ...] = ()
    subkind: str | None = None  # agreements: mou | agreement | grant

    def ended_on(self, day: dt.date) -> bool:
        """An agreement or collaboration whose recorded end is before `day`: no longer a live
        tie (an activity or referral is an event; its end means nothing of the kind)."""
        return (self.kind in (TieKind.AGREEMENT, TieKind.COLLABORATION)
                and self.ends is not None and self.ends < day)


@dataclass(frozen=True, slots=True)
class StateInfo:
    code: str
    name_es: str
    name_en: str
    neighbours: frozenset[str] = frozenset()
    law_status: str = "not_stated"
    law_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    id: str
    name_es: str
    name_en: str


@dataclass(frozen=True, slots=True)
class CollaborationInfo:
    id: str
    name: str
    kind: str  # task_force | network
    level: str
    states: frozenset[str] = frozenset()
    members: frozenset[str] = field(default_factory=frozenset)
    formed: dt.date | None = None
    # (member, role) for each member whose membership names a role, by member: what a
    # nested question about the collaboration shows beside each member.
    roles: tuple[tuple[str, str], ...] = ()
