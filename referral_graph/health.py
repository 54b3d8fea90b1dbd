"""What /health reports: is Neo4j reachable, which schema version, how much is stored.

The counts are for operators (an admin token, or /metrics from this machine); the public
health check is `probe`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from neo4j.exceptions import ClientError

from referral_graph import __version__
from referral_graph.store import cypher, migrations
from referral_graph.store.driver import Database, DatabaseUnavailable


@dataclass
class Health:
    ok: bool
    neo4j: str
    service_version: str = __version__
    neo4j_server: str | None = None
    schema_version: int | None = None
    schema_latest: int | None = None
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)


@functools.cache
def _latest() -> int:
    # The migrations shipped with this release: read once, they change only with it.
    return max((m.version for m in migrations.discover()), default=0)


def probe(db: Database) -> bool:
    """Does the service work: Neo4j answers and the schema is current? (What the public
    may know; one small read, no counting.)"""
    try:
        return migrations.schema_version(db) == _latest()
    except DatabaseUnavailable:
        return False


def counts(db: Database) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type: from Neo4j's count store, or, where
    the server refuses that procedure to the service's user, by counting."""
    try:
        data = db.read(cypher.GRAPH_COUNTS)[0]["data"]
    except ClientError:
        return ({r["label"]: r["count"] for r in db.read(cypher.NODE_COUNTS)},
                {r["type"]: r["count"] for r in db.read(cypher.RELATIONSHIP_COUNTS)})
    # One entry per label, and one per type with no start or end label (the others count
    # a type between given labels); the entries with neither are the totals.
    nodes = {e["label"]: e["count"] for e in data["nodes"] if e.get("label")}
    rels = {e["relationshipType"]: e["count"] for e in data["relationships"]
            if e.get("relationshipType") and not e.keys() & {"startLabel", "endLabel"}}
    return nodes, rels


def check(db: Database) -> Health:
    latest = max((m.version for m in migrations.discover()), default=0)
    try:
        nodes, rels = counts(db)
        version = migrations.schema_version(db)
        server = db.server_version()
    except DatabaseUnavailable:
        return Health(ok=False, neo4j="unreachable", schema_latest=latest)
    return Health(
        ok=version == latest,
        neo4j="reachable",
        neo4j_server=server,
        schema_version=version,
        schema_latest=latest,
        nodes={k: v for k, v in nodes.items() if v},
        relationships={k: v for k, v in rels.items() if v},
    )
