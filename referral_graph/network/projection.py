"""Build the networkx projection from Neo4j, and keep it current after writes.

The projection is the graph described in `referral_graph.network.model`. It is read
from Neo4j once; a write then refreshes only the organizations it touched
(`Projection.refresh`), never the whole graph.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Iterable
from typing import Any

import networkx as nx

from referral_graph.network.model import (
    CollaborationInfo,
    Evidence,
    OrgNode,
    Provision,
    ServiceInfo,
    SourceRef,
    StateInfo,
    TieKind,
)
from referral_graph.store import cypher
from referral_graph.store.driver import Database

VERSION_KEY = "version"  # G.graph[VERSION_KEY] grows by one at every change
TOUCHED_KEY = "_touched"  # (version, organization ids re-read) for the latest changes
TOUCHED_KEPT = 256
PSEUDONYM_KEY = "_pseudonym_key"  # bytes: the key of public pseudonyms (network/public.py)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _sources(rows: Iterable[dict[str, Any]]) -> tuple[SourceRef, ...]:
    return tuple(
        SourceRef(r["id"], r["document"], r["section"], r.get("table"), r.get("passage") or "",
                  _date(r.get("date")))
        for r in sorted(rows, key=lambda r: r["id"])
        if r and r.get("id")
    )


def org_node(row: dict[str, Any], states: Iterable[str]) -> OrgNode:
    langs, pops = row.get("languages"), row.get("populations")
    return OrgNode(
        id=row["id"], name=row["name"], kind=row["kind"], sector=row["sector"],
        states=frozenset(states), national=bool(row.get("national")),
        confidential=bool(row.get("confidential")), acronym=row.get("acronym"),
        city=row.get("city"),
        languages=frozenset(langs) if langs is not None else None,
        populations=frozenset(pops) if pops is not None else None,
        active_from=_date(row.get("active_from")), active_to=_date(row.get("active_to")),
        synthetic=bool(row.get("synthetic")),
    )


def provision(row: dict[str, Any]) -> Provision:
    cap = row["cap"]
    return Provision(
        id=cap["id"], organization=row["organization"], service=row["service"],
        basis=cap["basis"], covers=frozenset(row["covers"]), national=bool(cap.get("national")),
        mandate=cap.get("mandate"), sources=_sources(row["sources"]),
        active_from=_date(cap.get("active_from")), active_to=_date(cap.get("active_to")),
        scope=cap.get("scope") or "organization", group=cap.get("group"),
    )


_TIE_QUERIES = (
    (TieKind.AGREEMENT, cypher.PROJECTION_AGREEMENT_TIES),
    (TieKind.COLLABORATION, cypher.PROJECTION_COLLABORATION_TIES),
    (TieKind.ACTIVITY, cypher.PROJECTION_ACTIVITY_TIES),
    (TieKind.REFERRAL, cypher.PROJECTION_REFERRAL_TIES),
)


def _evidence(kind: TieKind, row: dict[str, Any]) -> Evidence:
    label = row.get("label") or ("referral for " + ", ".join(row.get("needs") or []))
    return Evidence(
        kind=kind, ref=row["ref"], label=label, date=_date(row.get("date")),
        ends=_date(row.get("ends")), outcome=row.get("outcome"),
        sources=_sources(row.get("sources") or []), subkind=row.get("subkind"),
    )


def _read_ties(db: Database, ids: list[str] | None) -> list[tuple[str, str, Evidence]]:
    ties = []
    for kind, query in _TIE_QUERIES:
        for row in db.read(query, ids=ids):
            if row["a"] != row["b"]:
                ties.append((row["a"], row["b"], _evidence(kind, row)))
    return ties


def _read_context(db: Database) -> dict[str, Any]:
    states = {}
    for r in db.read(cypher.PROJECTION_STATES):
        law = r["law"] or {}
        states[r["code"]] = StateInfo(
            r["code"], r["name_es"], r["name_en"], frozenset(r["neighbours"]),
            law.get("status") or "not_stated",
            _date(law.get("effective") or law.get("published") or law.get("approved")),
        )
    services = {r["id"]: ServiceInfo(r["id"], r["name_es"], r["name_en"])
                for r in db.read(cypher.PROJECTION_SERVICES)}
    collabs = {
        r["id"]: CollaborationInfo(r["id"], r["name"], r["kind"], r["level"],
                                   frozenset(r["states"]), frozenset(r["members"]),
                                   _date(r["formed"]))
        for r in db.read(cypher.PROJECTION_COLLABORATIONS)
    }
    return {"states": states, "services": services, "collaborations": collabs}


def _add_orgs(G: nx.Graph, db: Database, ids: list[str] | None) -> None:
    for r in db.read(cypher.PROJECTION_ORGS, ids=ids):
        G.add_node(r["org"]["id"], org=org_node(r["org"], r["states"]), provisions=[])
    for r in db.read(cypher.PROJECTION_PROVISIONS, ids=ids):
        if r["organization"] in G:
            G.nodes[r["organization"]]["provisions"].append(provision(r))


def _add_ties(G: nx.Graph, ties: Iterable[tuple[str, str, Evidence]]) -> None:
    for a, b, ev in ties:
        if a in G and b in G:
            if G.has_edge(a, b):
                G.edges[a, b]["evidence"].append(ev)
            else:
                G.add_edge(a, b, evidence=[ev])


def load_network(db: Database) -> nx.Graph:
    """Read the whole projection from Neo4j."""
    G = nx.Graph(**_read_context(db))
    G.graph[VERSION_KEY] = 0
    _add_orgs(G, db, None)
    _add_ties(G, _read_ties(db, None))
    return G


def refresh_orgs(G: nx.Graph, db: Database, ids: Iterable[str]) -> None:
    """Re-read some organizations, their services and their ties, in place.

    An id no longer in Neo4j is removed. Shared context (states, collaborations) is
    re-read too: it is small.
    """
    ids = sorted(set(ids))
    G.remove_nodes_from(ids)
    _add_orgs(G, db, ids)
    _add_ties(G, _read_ties(db, ids))
    G.graph.update(_read_context(db))
    mark_changed(G, ids)


def mark_changed(G: nx.Graph, ids: Iterable[str]) -> int:
    """Count a change of the organizations ``ids`` in ``G`` (made by the caller): a new
    version, and the ids logged for views that follow ``G``. Returns the version."""
    G.graph[VERSION_KEY] = version = G.graph.get(VERSION_KEY, 0) + 1
    log = G.graph.setdefault(TOUCHED_KEY, [])
    log.append((version, tuple(ids)))
    del log[:-TOUCHED_KEPT]
    return version


def touched_since(G: nx.Graph, version: int) -> set[str] | None:
    """The organizations re-read since ``version`` (views derived from ``G`` then can be
    brought up to date by redoing just these), or None when that is no longer known."""
    now = G.graph.get(VERSION_KEY, 0)
    log = [entry for entry in G.graph.get(TOUCHED_KEY, ()) if entry[0] > version]
    if [v for v, _ in log] != list(range(version + 1, now + 1)):
        return None
    return {oid for _, ids in log for oid in ids}


def settle() -> None:
    """Take what the process holds now (the projection) out of the collector's full passes.

    A projection of 100,000 organizations is millions of objects that live as long as the
    process. Without this, each full collection (a report's allocations trigger one now and
    then) walks all of them: 0.7 s added to a report at random. Unfreezing first lets a
    projection that was replaced be collected.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class Projection:
    """The process's projection: loaded on first use, refreshed after each write."""

    def __init__(self, db: Database, pseudonym_key: bytes | None = None) -> None:
        self._db = db
        self._graph: nx.Graph | None = None
        self._lock = threading.Lock()
        # The deployment's secret for public pseudonyms (network/public.py), kept with the
        # graph under a "_" key so that no public view or answer ever carries it.
        self._pseudonym_key = pseudonym_key

    @property
    def graph(self) -> nx.Graph:
        with self._lock:
            if self._graph is None:
                G = load_network(self._db)
                if self._pseudonym_key is not None:
                    G.graph[PSEUDONYM_KEY] = self._pseudonym_key
                self._graph = G
                settle()
            return self._graph

    def refresh(self, ids: Iterable[str]) -> None:
        with self._lock:
            if self._graph is not None:
                refresh_orgs(self._graph, self._db, ids)

    def reload(self) -> None:
        with self._lock:
            self._graph = None
