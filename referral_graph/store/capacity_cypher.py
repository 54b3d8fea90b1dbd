"""Cypher of service capacity (referral_graph/capacity/), always parameterised.

Capacity lives on the Capability node (``capacity_*`` properties): one organization's
service in the graph is one HSDS service.
"""

from __future__ import annotations

SET_CAPACITY = """
MATCH (o:Organization)-[:PROVIDES]->(c:Capability {id: $id})
SET c.capacity_unit = $unit, c.capacity_total = $total, c.capacity_available = $available,
    c.capacity_updated_at = datetime($updated_at)
RETURN o.id AS organization
"""

CLEAR_CAPACITY = """
MATCH (o:Organization)-[:PROVIDES]->(c:Capability {id: $id})
REMOVE c.capacity_unit, c.capacity_total, c.capacity_available, c.capacity_updated_at
RETURN o.id AS organization
"""

CAPACITY_OF = """
UNWIND $ids AS id
MATCH (o:Organization)-[:PROVIDES]->(c:Capability {id: id})
RETURN c.id AS id, o.id AS organization, coalesce(o.confidential, false) AS confidential,
       c.capacity_unit AS unit, c.capacity_total AS total,
       c.capacity_available AS available, c.capacity_updated_at AS updated_at
"""
