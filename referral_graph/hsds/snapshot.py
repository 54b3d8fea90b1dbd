"""Everything an HSDS export needs, read from Neo4j in one pass into plain Python values.

The builder (`build.py`) works on this snapshot only, so it is a pure function a test can
feed by hand; nothing here decides what a caller may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from referral_graph.directory import service as reads
from referral_graph.directory.model import ServiceType
from referral_graph.store import hsds_cypher as q
from referral_graph.store.driver import Database
from referral_graph.store.values import native


@dataclass
class Node:
    """A node's properties with what hangs off it (states, sources, members ...)."""

    props: dict[str, Any]
    links: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.props["id"])

    def get(self, key: str, default: Any = None) -> Any:
        return self.props.get(key, default)


@dataclass
class Snapshot:
    organizations: list[Node]
    capabilities: list[Node]
    service_types: list[ServiceType]
    states: dict[str, tuple[str, str]]  # code -> (name_es, name_en)
    agreements: list[Node]
    collaborations: list[Node]
    activities: list[Node]
    referrals: list[Node]
    events: list[dict[str, Any]]
    taken_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def organization(self, oid: str) -> Node | None:
        return next((o for o in self.organizations if o.id == oid), None)


def _nodes(rows: list[dict[str, Any]], *links: str) -> list[Node]:
    return [Node(native(r["props"]), {k: native(r[k]) for k in links}) for r in rows]


def read_snapshot(db: Database) -> Snapshot:
    """The directory as it is now: organizations, services, ties, and the audit trail."""
    states = {r["code"]: (r["name_es"], r["name_en"]) for r in db.read(q.SNAPSHOT_STATES)}
    return Snapshot(
        organizations=_nodes(db.read(q.SNAPSHOT_ORGANIZATIONS), "states", "sources",
                             "contact_sources", "public_source"),
        capabilities=_nodes(db.read(q.SNAPSHOT_CAPABILITIES), "organization", "service",
                            "covers", "sources"),
        service_types=reads.service_types(db),
        states=states,
        agreements=_nodes(db.read(q.SNAPSHOT_AGREEMENTS), "parties", "states", "sources"),
        collaborations=_nodes(db.read(q.SNAPSHOT_COLLABORATIONS), "members", "states",
                              "sources"),
        activities=_nodes(db.read(q.SNAPSHOT_ACTIVITIES), "participants", "states",
                          "sources"),
        referrals=_nodes(db.read(q.SNAPSHOT_REFERRALS), "from_org", "to_org", "sources"),
        events=[r["event"] for r in db.read(q.SNAPSHOT_AUDIT)],
    )
