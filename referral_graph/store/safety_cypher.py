"""Queries of the safety checks (referral_graph/safety/), always parameterised."""

from __future__ import annotations

# Organizations whose `:Shelter` label, `kind` and `confidential` disagree with the rule of
# referral_graph/safety/confidential.py: a label that does not follow the kind, no decided
# `confidential`, or a public shelter without an existing source that says it is public.
DISAGREEING_ORGANIZATIONS = """
MATCH (o:Organization)
WITH o, o:Shelter AS labelled, coalesce(o.kind = 'shelter', false) AS shelter
WHERE labelled <> shelter
   OR o.confidential IS NULL
   OR (shelter AND o.confidential = false
       AND (o.public_source IS NULL
            OR NOT EXISTS { MATCH (s:Source) WHERE s.id = o.public_source }))
RETURN o.id AS id, o.kind AS kind, labelled, o.confidential AS confidential,
       o.public_source AS public_source
ORDER BY o.id
LIMIT $limit
"""
