"""One DataLoader per kind of nested look-up: each level of a query costs one round trip.

A loader collects the ids every resolver of a level asks for, then calls one batch read
of `referral_graph.directory.service`. Loaders live for one request, so one caller's
answers are never served to another. The two small reference sets every nested answer
reads whole (states, service types), the same for every caller, are kept per data
version instead: at 100k a computed nested answer made five reads one after another,
~4.5 ms each, and two of them were these.

The records of organizations, collaborations and what hangs off them (capabilities,
memberships, agreements, sources) are kept the same way, one entry per record and caller
class, while the data version stands (`RECORDS`): a nested question about one task force
reads again the members another question read a moment before, and at 100k those reads
were most of the nested query's cost (27 ms of Neo4j's CPU and much of the 31 ms of ours
per request, in `bench/results/2026-11-26-d.json`). Only records found are kept, never an
absence: a hidden record kept as absent would then answer without a read where an unknown
id reads, and the time would tell them apart (`tests/api/test_relay_node.py` caught it).
Records are frozen dataclasses and tuples: a request never changes one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import networkx as nx
from strawberry.dataloader import DataLoader

from referral_graph.directory import documented
from referral_graph.directory import service as reads
from referral_graph.directory.capabilities import capabilities_in
from referral_graph.directory.collaborations import members_in
from referral_graph.directory.model import (
    Agreement,
    Capability,
    Collaboration,
    Membership,
    Organization,
    ServiceType,
    State,
)
from referral_graph.kept import KeptAt
from referral_graph.network.model import CollaborationInfo, SourceRef
from referral_graph.store.driver import Database

V = TypeVar("V")


def _batch(fetch: Callable[[list[str]], Mapping[str, V]], default: Any) -> DataLoader[str, V]:
    async def load(keys: list[str]) -> Sequence[V]:
        found = fetch(keys)
        return [found.get(k, default) for k in keys]

    return DataLoader(load_fn=load)


# One entry per (kind, caller class, id); at 100k a nested answer holds a few hundred. The
# bound keeps a worker's share small (about 1 KiB a record) when questions range widely.
RECORDS: KeptAt[Any] = KeptAt(max_entries=40_000)


def _kept_batch(kind: Hashable, version: Hashable | None,
                fetch: Callable[[list[str]], Mapping[str, V]], default: Any
                ) -> DataLoader[str, V]:
    """`_batch`, reading only the ids not kept at `version` (every id when it is None)."""
    async def load(keys: list[str]) -> Sequence[V]:
        found: dict[str, Any] = {}
        missing = []
        for k in keys:
            kept = RECORDS.get((kind, k), version)
            if kept is None:
                missing.append(k)
            else:
                found[k] = kept
        if missing:
            read = fetch(missing)
            for k in missing:
                if k in read:
                    found[k] = read[k]
                    RECORDS.put((kind, k), version, read[k])
        return [found.get(k, default) for k in keys]

    return DataLoader(load_fn=load)


def _everything(fetch: Callable[[], dict[str, V]]) -> DataLoader[str, V | None]:
    """For small, fixed sets (states, service types): one read answers every key."""
    async def load(keys: list[str]) -> Sequence[V | None]:
        found = fetch()
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


# Whole reference sets by kind, at the data version the request's projection stands at
# (epoch, change number): a write anywhere moves it, so a set kept is never older than what
# the request's other reads reflect. Without a version (no projection loaded yet) every
# request reads.
REFERENCE: KeptAt[dict[str, Any]] = KeptAt(max_entries=8)


def _reference(kind: str, version: Hashable | None,
               fetch: Callable[[], dict[str, V]]) -> dict[str, V]:
    kept = REFERENCE.get(kind, version)
    if kept is None:
        kept = fetch()
        REFERENCE.put(kind, version, kept)
    return kept


class Loaders:
    def __init__(self, db: Database, *, see_confidential: bool,
                 version: Hashable | None = None,
                 projection: Callable[[], nx.Graph | None] = lambda: None) -> None:
        """``projection`` gives the request's projection, or None when none is loaded
        yet; what it holds in full (capabilities) is answered from it without a read
        (`capabilities_now`), and read by the loaders otherwise."""
        see = see_confidential
        self.organization: DataLoader[str, Organization | None] = _kept_batch(
            ("organization", see), version,
            lambda ids: reads.organizations(db, ids, see_confidential=see), None)
        self.capabilities: DataLoader[str, tuple[Capability, ...]] = _kept_batch(
            "capabilities", version, lambda ids: reads.capabilities_of(db, ids), ())
        self._projection = projection
        self._see = see
        self.memberships: DataLoader[str, tuple[Membership, ...]] = _kept_batch(
            "memberships", version, lambda ids: reads.memberships_of(db, ids), ())
        self.agreements: DataLoader[str, tuple[Agreement, ...]] = _kept_batch(
            ("agreements", see), version,
            lambda ids: reads.agreements_of(db, ids, see_confidential=see), ())
        self.sources: DataLoader[str, tuple[SourceRef, ...]] = _kept_batch(
            "sources", version, lambda ids: reads.sources_of(db, ids), ())
        self.collaboration: DataLoader[str, Collaboration | None] = _kept_batch(
            ("collaboration", see), version,
            lambda ids: {c.id: c for c in reads.collaborations(db, see_confidential=see,
                                                                ids=ids)}, None)
        self.figures: DataLoader[str, list[documented.Figure]] = _batch(
            lambda ids: documented.by_subject(
                documented.figures(db, see_confidential=see, about=ids), ids), [])
        self.conflicts: DataLoader[str, list[documented.Conflict]] = _batch(
            lambda ids: documented.conflicts_by_subject(
                documented.conflicts(db, see_confidential=see, about=ids), ids), [])
        self.activities: DataLoader[str, list[documented.Activity]] = _batch(
            lambda ids: documented.by_participant(
                documented.activities(db, see_confidential=see, organizations=ids), ids), [])
        self._db, self._version = db, version
        self._states: dict[str, State] | None = None
        self._services: dict[str, ServiceType] | None = None
        self.state: DataLoader[str, State | None] = _everything(self.states)
        self.service: DataLoader[str, ServiceType | None] = _everything(self.services)

    def states(self) -> dict[str, State]:
        """Every state by code, as kept for this data version; looked up once per request
        rather than once per member of a nested answer (each look-up takes the kept
        sets' lock and compares versions)."""
        if self._states is None:
            db = self._db
            self._states = _reference("states", self._version,
                                      lambda: {s.code: s for s in reads.states(db)})
        return self._states

    def services(self) -> dict[str, ServiceType]:
        """Every service type by id, as `states` does."""
        if self._services is None:
            db = self._db
            self._services = _reference("services", self._version,
                                        lambda: {t.id: t for t in reads.service_types(db)})
        return self._services

    def collaboration_now(
        self, cid: str
    ) -> tuple[CollaborationInfo, tuple[Membership, ...]] | None:
        """A collaboration and the members the caller may see, from the request's
        projection; None when none is loaded, it holds no such collaboration, or it does not
        hold one of its members yet (written a moment ago by another process): then
        `collaboration` reads, and the member is answered from its record."""
        G = self._projection()
        if G is None:
            return None
        c = G.graph.get("collaborations", {}).get(cid)
        if c is None or any(m not in G for m in c.members):
            return None
        return c, members_in(G, c, see_confidential=self._see)

    def capabilities_now(self, oid: str) -> tuple[Capability, ...] | None:
        """An organization's capabilities from the request's projection, without waiting
        for a batch; None when no projection is loaded (then `capabilities` reads)."""
        G = self._projection()
        return None if G is None else capabilities_in(G, [oid]).get(oid, ())
