"""Queries for what the documents report beyond the directory: figures, conflicting
statements, activities and agreements (read by `referral_graph.directory.documented`).

Every query takes `$see` (may the caller see confidential organizations?) and filters a
hidden organization inside the query, as `store/cypher.py` does: a hidden participant or
party is not listed and not counted, and filtering by a hidden organization matches
nothing, exactly like an unknown id.
"""

from __future__ import annotations

_VISIBLE = "($see OR NOT coalesce({v}.confidential, false))"
_SOURCES = ("[({n})-[:SOURCED_FROM]->(src:Source) | src {{.id, .document, .section, .table, "
            ".passage, .date}}]")
# What a figure or a statement is about: any record kind that can be a subject.
_SUBJECT = """{id: s.id,
  label: [l IN labels(s) WHERE l IN ['Organization', 'Activity', 'Agreement', 'Collaboration',
                                     'Legislation', 'Capability']][0],
  name: coalesce(s.name, s.theme, s.subject, s.title, s.id),
  confidential: coalesce(s.confidential, false)}"""

FIGURES = f"""
MATCH (f:Figure)-[:ABOUT]->(s)
WHERE ($about IS NULL OR s.id IN $about)
  AND ($ids IS NULL OR f.id IN $ids)
  AND ($metric IS NULL OR toLower(f.metric) CONTAINS $metric)
RETURN f {{.id, .metric, .value, .unit, .period_from, .period_to, .text,
          about: {_SUBJECT},
          sources: {_SOURCES.format(n="f")}}} AS figure
ORDER BY f.id
"""

# Every side of each conflict that has a side about one of `$about` (all when null), and
# is one of the conflicts `$ids` or has one of the statements `$sides` (each: all when null).
CONFLICTS = f"""
MATCH (st:Statement)-[:ABOUT]->(s)
WHERE ($about IS NULL OR s.id IN $about)
  AND ($ids IS NULL OR st.conflict IN $ids)
  AND ($sides IS NULL OR st.id IN $sides)
WITH DISTINCT st.conflict AS conflict
MATCH (side:Statement {{conflict: conflict}})-[:ABOUT]->(s)
WITH conflict, side, s ORDER BY side.id
RETURN conflict, collect(side {{.id, .attribute, .value, about: {_SUBJECT},
                                sources: {_SOURCES.format(n="side")}}}) AS sides
ORDER BY conflict
"""

ACTIVITIES = f"""
MATCH (a:Activity)
WHERE ($kind IS NULL OR a.kind = $kind)
  AND ($ids IS NULL OR a.id IN $ids)
  AND ($from IS NULL OR coalesce(a.end, a.start) >= $from)
  AND ($to IS NULL OR a.start <= $to)
  AND ($state IS NULL OR EXISTS {{ (a)-[:IN_STATE]->(:State {{id: $state}}) }})
  AND ($organizations IS NULL OR EXISTS {{
        MATCH (o:Organization)-[:PARTICIPATED_IN]->(a)
        WHERE o.id IN $organizations AND {_VISIBLE.format(v="o")} }})
RETURN a {{.id, .kind, .theme, .start, .end, .city, .participant_description,
          .participant_count, .table, .note,
          states: [(a)-[:IN_STATE]->(s:State) | s.id],
          participants: [(o:Organization)-[:PARTICIPATED_IN]->(a)
                         WHERE {_VISIBLE.format(v="o")} | o.id],
          sources: {_SOURCES.format(n="a")}}} AS activity
ORDER BY a.start, a.id
"""

AGREEMENTS = f"""
MATCH (x:Agreement)
WHERE ($kind IS NULL OR x.kind = $kind)
  AND ($ids IS NULL OR x.id IN $ids)
  AND ($from IS NULL OR x.ends IS NULL OR x.ends >= $from)
  AND ($to IS NULL OR x.date IS NULL OR x.date <= $to)
  AND ($state IS NULL OR EXISTS {{ (x)-[:IN_STATE]->(:State {{id: $state}}) }})
  AND ($organizations IS NULL OR EXISTS {{
        MATCH (o:Organization)-[:PARTY_TO]->(x)
        WHERE o.id IN $organizations AND {_VISIBLE.format(v="o")} }})
RETURN x {{.id, .kind, .subject, .date, .date_text, .ends, .party_description, .note,
          parties: [(p:Organization)-[:PARTY_TO]->(x) WHERE {_VISIBLE.format(v="p")} | p.id],
          states: [(x)-[:IN_STATE]->(s:State) | s.id],
          sources: {_SOURCES.format(n="x")}}} AS agreement
ORDER BY x.date, x.id
"""
