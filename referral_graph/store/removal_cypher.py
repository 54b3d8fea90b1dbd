"""Cypher of an import's removals: rows a data set no longer holds (importer/removals.py)."""

from __future__ import annotations

from referral_graph.store.cypher import _label

# Nodes a data set stored; with how many relationships edits made on them (they go too).
STORED_NODES = """
MATCH (n) WHERE n.dataset IN $datasets AND n.id IS NOT NULL
WITH n, [l IN labels(n) WHERE l IN $labels][0] AS label
WHERE label IS NOT NULL
RETURN label, n.id AS id, n.dataset AS dataset,
       COUNT { (n)-[r]-() WHERE r.dataset = $edits } AS edit_ties
"""


def delete_nodes(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{_label(label)} {{id: id}}) DETACH DELETE n"
