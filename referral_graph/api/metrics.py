"""Operators' figures in the Prometheus text format: what is stored, and what was refused.

Counts of shelters, tokens or audit events tell an outsider how the service is used, so
`/metrics` (like the detailed `/health`) answers loopback callers and admins only
(`referral_graph.api.operations`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from referral_graph import health
from referral_graph.store.driver import Database

# Counted wherever a request is refused (query cost, answer size, rate limit); one
# registry for the process, as the refusals are the process's.
SHARED = CollectorRegistry()
REFUSED = Counter("referral_graph_requests_refused",
                  "Requests refused before or instead of running them, by reason",
                  ["reason"], registry=SHARED)
# The answer cache (api/answer_cache.py): hit = served kept, shared = served what another
# worker kept (api/shared_answers.py), miss = computed and kept, joined = served the answer
# another request was computing at the time, bypass = not one to keep (a mutation, an
# error, an editor's request...).
ANSWERS = Counter("referral_graph_answer_cache", "GraphQL requests by what the answer cache "
                  "did with them: hit, shared (kept by another worker), miss (computed "
                  "and kept), joined (waited for the same answer being computed) or "
                  "bypass (not kept)",
                  ["result"], registry=SHARED)


class StoreCollector(Collector):
    """Read at each scrape: Neo4j reachable, schema version, nodes and relationships."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def collect(self) -> Iterator[Metric]:
        report = health.check(self._db)
        up = GaugeMetricFamily("referral_graph_up",
                               "1 when Neo4j answers and the schema is current")
        up.add_metric([], 1.0 if report.ok else 0.0)
        yield up
        schema = GaugeMetricFamily("referral_graph_schema_version",
                                   "Schema migration applied, and the latest known",
                                   labels=["which"])
        if report.schema_version is not None:
            schema.add_metric(["applied"], report.schema_version)
        if report.schema_latest is not None:
            schema.add_metric(["latest"], report.schema_latest)
        yield schema
        nodes = GaugeMetricFamily("referral_graph_nodes", "Nodes stored, by label",
                                  labels=["label"])
        for label, n in sorted(report.nodes.items()):
            nodes.add_metric([label], n)
        yield nodes
        rels = GaugeMetricFamily("referral_graph_relationships",
                                 "Relationships stored, by type", labels=["type"])
        for kind, n in sorted(report.relationships.items()):
            rels.add_metric([kind], n)
        yield rels


def exposition(db: Database) -> bytes:
    """The text a scrape gets. With several workers (``PROMETHEUS_MULTIPROC_DIR`` set by
    `serve`), the counters are every worker's, summed."""
    store = CollectorRegistry()
    store.register(StoreCollector(db))
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        counters = CollectorRegistry()
        multiprocess.MultiProcessCollector(counters)
        return generate_latest(store) + generate_latest(counters)
    return generate_latest(store) + generate_latest(SHARED)
