"""The directory's search (`directory.service.search`), paged in the database.

The words are matched as today (each folded word a substring of the folded name, acronym
and alternate names, ``search_key``); the first word is a plain ``CONTAINS`` so that the
text index of migration 0003 (trigrams) seeks the candidates. The total is counted in one
subquery and the page is sorted and cut in another (``ORDER BY ... LIMIT``, a top-k sort):
no list of every hit is built to slice a page from it.
"""

from __future__ import annotations

from referral_graph.store.cypher import _ORG_FIELDS, _VISIBLE

_MATCHES = f"""MATCH (o:Organization)
  WHERE o.search_key CONTAINS $first
  AND {_VISIBLE.format(v="o")}
  AND all(w IN $words WHERE o.search_key CONTAINS w)
  AND ($kind IS NULL OR o.kind = $kind)
  AND ($sector IS NULL OR o.sector = $sector)
  AND ($language IS NULL OR $language IN coalesce(o.languages, []))
  AND ($population IS NULL OR $population IN coalesce(o.populations, []))
  AND ($active_on IS NULL OR ((o.active_from IS NULL OR o.active_from <= $active_on)
                              AND (o.active_to IS NULL OR $active_on <= o.active_to)))
  AND ($service IS NULL OR EXISTS {{
        (o)-[:PROVIDES]->(:Capability)-[:OF_SERVICE]->(:ServiceType {{id: $service}}) }})
  AND ($state IS NULL OR coalesce(o.national, false)
       OR EXISTS {{ (o)-[:OPERATES_IN]->(:State {{id: $state}}) }}
       OR EXISTS {{ (o)-[:PROVIDES]->(:Capability)-[:COVERS]->(:State {{id: $state}}) }})"""

SEARCH_ORGANIZATIONS = f"""
CALL () {{
  {_MATCHES}
  RETURN count(o) AS total
}}
CALL () {{
  {_MATCHES}
  AND ($after_key IS NULL OR o.search_key > $after_key
       OR (o.search_key = $after_key AND o.id > $after_id))
  WITH o ORDER BY o.search_key, o.id LIMIT $limit
  RETURN collect(o) AS page
}}
UNWIND (CASE page WHEN [] THEN [null] ELSE page END) AS o
RETURN total, CASE WHEN o IS NULL THEN null ELSE {_ORG_FIELDS} END AS org,
       o.search_key AS sort_key
"""
