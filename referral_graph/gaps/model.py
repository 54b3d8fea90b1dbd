"""The gap report's data: what a state's network looks like (`StateStructure`), each state ×
service cell, each state's detail, the whole report and what changed between two reports.

Plain frozen data, no computation beyond reading itself: `gaps.structure` and `gaps.report`
build it, `gaps.render` and its siblings show it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from referral_graph.gaps.classify import Anchor, Names, Reason, Status
from referral_graph.gaps.cut_tree import CutTree
from referral_graph.network.model import OrgNode, Provision, SourceRef


def display_name(org: OrgNode) -> str:
    """How the report names an organization: its acronym when it has one."""
    return org.acronym or org.name


# --- a state's network ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Broker:
    """An organization many shortest paths of the state's network run through."""

    org: str
    betweenness: float
    articulation: bool  # its closure would split the state's network


@dataclass(frozen=True, slots=True)
class Community:
    """A densely tied group found by community detection, and the groups it has ties with."""

    index: int
    members: tuple[str, ...]  # best-connected first
    ties_out: int  # ties to other communities of the state
    talks_to: tuple[int, ...]  # indexes of the communities it has at least one tie with


@dataclass(frozen=True, slots=True)
class StateStructure:
    orgs: int
    ties: int
    roots: frozenset[str]  # collaboration members in the state's network
    core: frozenset[str]
    components: tuple[tuple[str, ...], ...]  # largest first
    articulation_points: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    isolated: tuple[str, ...]
    brokers: tuple[Broker, ...]
    betweenness_samples: int | None  # None: exact betweenness
    communities: tuple[Community, ...]  # largest first
    community_method: str
    tree: CutTree = field(repr=False)

    @property
    def anchor(self) -> Anchor:
        if self.roots:
            return Anchor.COLLABORATIONS
        return Anchor.NETWORK if self.core else Anchor.NONE


# --- the report ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One state × service: its status, the providers behind it, and why."""

    state: str
    service: str
    status: Status
    flags: tuple[Status, ...]  # every condition that holds, most severe first
    providers: tuple[str, ...]  # local providers first, then national ones
    national: tuple[str, ...]  # providers reaching the state only by national reach
    linked: tuple[str, ...]  # providers tied to the state's network
    separators: tuple[str, ...]  # organizations whose closure alone would cut them off
    bridges: tuple[tuple[str, str], ...]  # ties whose loss alone would cut them off
    anchor: Anchor
    reasons: tuple[Reason, ...]
    provisions: tuple[Provision, ...] = field(default=(), repr=False)  # the records behind it
    # A gap on a date: the providers recorded last, with the dates their records ended.
    last_recorded: tuple[tuple[str, dt.date], ...] = ()

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        """Every source behind the cell's provisions, once each."""
        return tuple({s.id: s for p in self.provisions for s in p.sources}.values())


@dataclass(frozen=True, slots=True)
class CollaborationRef:
    id: str
    name: str
    kind: str  # task_force | network
    level: str
    members: int  # members in scope (closed or inactive ones not counted)


@dataclass(frozen=True, slots=True)
class StateDetail:
    """What surrounds a state's row: law, collaborations and the shape of its network."""

    state: str
    law_status: str
    law_date: dt.date | None
    collaborations: tuple[CollaborationRef, ...]
    orgs: int
    ties: int
    anchor: Anchor
    core: int  # organizations tied to the state's network
    components: tuple[tuple[str, ...], ...]  # largest first
    articulation_points: tuple[str, ...]
    bridges: tuple[tuple[str, str], ...]
    brokers: tuple[Broker, ...]
    betweenness_samples: int | None  # None: exact
    isolated: tuple[str, ...]
    communities: tuple[Community, ...]
    community_method: str
    notes: tuple[Reason, ...] = ()

    @property
    def silos(self) -> tuple[Community, ...]:
        """Communities of two or more with no tie to any other community of the state."""
        return tuple(c for c in self.communities if len(c.members) > 1 and not c.talks_to)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    status: Status
    service: str
    states: tuple[str, ...]
    en: str
    es: str

    def text(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class CoverageReport:
    states: tuple[str, ...]
    services: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell]
    details: Mapping[str, StateDetail]
    summary: tuple[SummaryLine, ...]
    without: tuple[str, ...]
    as_of: dt.date | None
    state_names: Mapping[str, tuple[str, str]]  # (es, en)
    service_names: Mapping[str, tuple[str, str]]  # (es, en)
    orgs: Mapping[str, OrgNode] = field(repr=False)  # every organization the report names
    synthetic: bool = False  # built from a synthetic network, not real data
    seed: int = 0

    def cell(self, state: str, service: str) -> Cell:
        return self.cells[(state, service)]

    def counts(self) -> Counter[Status]:
        return Counter(c.status for c in self.cells.values())

    def names(self) -> Names:
        return Names(self.state_names, self.service_names, self.org_name)

    def org_name(self, oid: str) -> str:
        org = self.orgs.get(oid)
        return display_name(org) if org else oid


@dataclass(frozen=True, slots=True)
class StatusChange:
    state: str
    service: str
    before: Status
    after: Status
    reasons: tuple[Reason, ...]  # why the cell is what it is after the change
    providers_before: tuple[str, ...] = ()
    providers_after: tuple[str, ...] = ()

    @property
    def lost(self) -> tuple[str, ...]:
        """Providers the cell had before and no longer has."""
        return tuple(p for p in self.providers_before if p not in self.providers_after)

    @property
    def gained(self) -> tuple[str, ...]:
        return tuple(p for p in self.providers_after if p not in self.providers_before)


@dataclass(frozen=True, slots=True)
class ReportDiff:
    new_gaps: tuple[StatusChange, ...]
    closed_gaps: tuple[StatusChange, ...]
    changed: tuple[StatusChange, ...]  # every changed cell, the gaps above included

    @property
    def others(self) -> tuple[StatusChange, ...]:
        """Changed cells that neither became nor stopped being a gap."""
        return tuple(c for c in self.changed
                     if c not in self.new_gaps and c not in self.closed_gaps)

    @property
    def worsened(self) -> tuple[StatusChange, ...]:
        return tuple(c for c in self.changed if c.after.severity < c.before.severity)

    @property
    def improved(self) -> tuple[StatusChange, ...]:
        return tuple(c for c in self.changed if c.after.severity > c.before.severity)
