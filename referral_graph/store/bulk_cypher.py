"""Cypher of the bulk importer (`referral_graph/importer/bulk.py`), parameterised.

Each write is one UNWIND over a batch of rows. What is new is created with its properties;
what exists is written only when it differs from what is stored, so an import that changes
nothing writes nothing, and the count a write returns is how many it updated. Labels and
types come from the fixed allow-lists of `referral_graph.store.cypher`.
"""

from __future__ import annotations

from collections.abc import Sequence

from referral_graph.store.cypher import EXTRA_LABELS, _label, _rel

# Differs: some property of the row is not stored as given (a None in the row means "absent").
_DIFFERS = ("any(k IN keys(row.props) WHERE NOT coalesce({v}[k] = row.props[k], false) "
            "AND NOT ({v}[k] IS NULL AND row.props[k] IS NULL))")


def _extra(extra: str) -> str:
    if extra not in EXTRA_LABELS:
        raise ValueError(f"not an extra label: {extra!r}")
    return extra


def merge_nodes(label: str, present: tuple[str, ...], absent: tuple[str, ...]) -> str:
    """Upsert nodes by id; the group's extra labels set, the others of its label removed."""
    stale = [f"NOT n:{_extra(e)}" for e in present] + [f"n:{_extra(e)}" for e in absent]
    where = " OR ".join([_DIFFERS.format(v="n"), *stale])
    sets = "".join(f" SET n:{e}" for e in present) + "".join(f" REMOVE n:{e}" for e in absent)
    on_create = "".join(f", n:{e}" for e in present)
    return (f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
            f"ON CREATE SET n += row.props{on_create} "
            f"WITH n, row WHERE {where} SET n += row.props{sets} RETURN count(n) AS updated")


def merge_rels(rel: str, start: str, end: str) -> str:
    """Upsert relationships tagged with the data set, as the one-transaction import does."""
    return (f"UNWIND $rows AS row MATCH (a:{_label(start)} {{id: row.a}}) "
            f"MATCH (b:{_label(end)} {{id: row.b}}) "
            f"MERGE (a)-[r:{_rel(rel)} {{dataset: $dataset}}]->(b) ON CREATE SET r += row.props "
            f"WITH r, row WHERE {_DIFFERS.format(v='r')} SET r += row.props "
            "RETURN count(r) AS updated")


def create_nodes(label: str, present: tuple[str, ...],
                 links: Sequence[tuple[str, str, bool]] = ()) -> str:
    """Create nodes whose ids are not stored yet: no lookup, no comparison (the fast path
    of a first import; a unique constraint still refuses an id that appeared meanwhile).

    Each of `links` (type, other end's label, outgoing) creates that node's relationships
    of the type with it, from `row.links[i]`: the other end is looked up, never the node.
    """
    labels = "".join(f":{_extra(e)}" for e in present)
    calls = []
    for i, (rel, other, outgoing) in enumerate(links):
        arrow = (f"(n)-[r:{_rel(rel)} {{dataset: e.dataset}}]->(m)" if outgoing
                 else f"(m)-[r:{_rel(rel)} {{dataset: e.dataset}}]->(n)")
        calls.append(f" CALL (n, row) {{ UNWIND row.links[{i}] AS e "
                     f"MATCH (m:{_label(other)} {{id: e.id}}) CREATE {arrow} SET r += e.props }}")
    return (f"UNWIND $rows AS row CREATE (n:{_label(label)}{labels} {{id: row.id}}) "
            "SET n += row.props" + (" WITH n, row" + "".join(calls) if calls else ""))


def create_rels(rel: str, start: str, end: str) -> str:
    """Create relationships of which one end is a node this import created: it has none."""
    return (f"UNWIND $rows AS row MATCH (a:{_label(start)} {{id: row.a}}) "
            f"MATCH (b:{_label(end)} {{id: row.b}}) "
            f"CREATE (a)-[r:{_rel(rel)} {{dataset: $dataset}}]->(b) SET r += row.props")


def stored_ids(label: str) -> str:
    """Every stored id of a label: what an import must merge rather than create."""
    return f"MATCH (n:{_label(label)}) RETURN n.id AS id"


# Resume markers: each batch's transaction records that batch (its index, under the files'
# fingerprint), so after a kill they name exactly the batches that were committed.
DONE_BATCHES = """
MATCH (b:ImportBatch {dataset: $dataset, fingerprint: $fingerprint})
RETURN collect(b.index) AS done
"""

# Markers of batches done: a batch's own, in its transaction; and the relationship batches
# whose rows were all created with their nodes (nothing to write but their markers), all
# in one transaction instead of one each (~1,300 at 100k).
MARK_BATCHES = """
UNWIND $indices AS index
CREATE (:ImportBatch {dataset: $dataset, fingerprint: $fingerprint, index: index,
                      at: datetime()})
"""

# Markers of other fingerprints (an import of other files that did not finish) and, at the
# end, this run's own.
CLEAR_BATCHES = """
MATCH (b:ImportBatch {dataset: $dataset})
WHERE $keep IS NULL OR b.fingerprint <> $keep
DELETE b
"""

# The content hash of the files last imported in full, kept on the data set's node.
IMPORTED_HASH = "MATCH (d:Dataset {id: $dataset}) RETURN d.content_hash AS hash"

SET_IMPORTED_HASH = "MATCH (d:Dataset {id: $dataset}) SET d.content_hash = $hash"



def dataset_rels(rel: str) -> str:
    """Relationships of one type that a data set owns, for the sweep after a changed import."""
    return (f"MATCH (a)-[r:{_rel(rel)}]->(b) WHERE r.dataset = $dataset "
            "RETURN a.id AS a, b.id AS b, [l IN labels(a) WHERE l IN $labels][0] AS al, "
            "[l IN labels(b) WHERE l IN $labels][0] AS bl")
