"""One DataLoader per kind of nested look-up: each level of a query costs one round trip.

A loader collects the ids every resolver of a level asks for, then calls one batch read
of `referral_graph.directory.service`. Loaders live for one request, so one caller's
answers are never served to another. The two small reference sets every nested answer
reads whole (states, service types), the same for every caller, are kept per data
version instead: at 100k a computed nested answer made five reads one after another,
~4.5 ms each, and two of them were these.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from referral_graph.directory import documented
from referral_graph.directory import service as reads
from referral_graph.directory.model import (
    Agreement,
    Capability,
    Collaboration,
    Membership,
    Organization,
    ServiceType,
    State,
)
from referral_graph.network.model import SourceRef
from referral_graph.store.driver import Database

V = TypeVar("V")


def _batch(fetch: Callable[[list[str]], Mapping[str, V]], default: Any) -> DataLoader[str, V]:
    async def load(keys: list[str]) -> Sequence[V]:
        found = fetch(keys)
        return [found.get(k, default) for k in keys]

    return DataLoader(load_fn=load)


def _everything(fetch: Callable[[], dict[str, V]]) -> DataLoader[str, V | None]:
    """For small, fixed sets (states, service types): one read answers every key."""
    async def load(keys: list[str]) -> Sequence[V | None]:
        found = fetch()
        return [found.get(k) for k in keys]

    return DataLoader(load_fn=load)


class _Reference:
    """Whole reference sets by (kind, data version): read once per version per process.

    The version is the one the request's projection stands at (epoch, change number): a
    write anywhere moves it, so a set kept is never older than what the request's other
    reads reflect. Without a version (no projection loaded yet) every request reads.
    """

    KEEP = 8

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[str, Hashable], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, kind: str, version: Hashable | None,
            fetch: Callable[[], dict[str, V]]) -> dict[str, V]:
        if version is None:
            return fetch()
        key = (kind, version)
        with self._lock:
            if key in self._kept:
                return self._kept[key]
        found = fetch()
        with self._lock:
            self._kept[key] = found
            while len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        return found


REFERENCE = _Reference()


class Loaders:
    def __init__(self, db: Database, *, see_confidential: bool,
                 version: Hashable | None = None) -> None:
        see = see_confidential
        self.organization: DataLoader[str, Organization | None] = _batch(
            lambda ids: reads.organizations(db, ids, see_confidential=see), None)
        self.capabilities: DataLoader[str, tuple[Capability, ...]] = _batch(
            lambda ids: reads.capabilities_of(db, ids), ())
        self.memberships: DataLoader[str, tuple[Membership, ...]] = _batch(
            lambda ids: reads.memberships_of(db, ids), ())
        self.agreements: DataLoader[str, tuple[Agreement, ...]] = _batch(
            lambda ids: reads.agreements_of(db, ids, see_confidential=see), ())
        self.sources: DataLoader[str, tuple[SourceRef, ...]] = _batch(
            lambda ids: reads.sources_of(db, ids), ())
        self.collaboration: DataLoader[str, Collaboration | None] = _batch(
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
        self.state: DataLoader[str, State | None] = _everything(
            lambda: REFERENCE.get("states", version,
                                  lambda: {s.code: s for s in reads.states(db)}))
        self.service: DataLoader[str, ServiceType | None] = _everything(
            lambda: REFERENCE.get("services", version,
                                  lambda: {t.id: t for t in reads.service_types(db)}))
