"""Reads that build the networkx projection (`referral_graph/network/loading.py`).

One row per organization, capability or shared thing (agreement, collaboration, activity,
referral) with its organizations as a list: the pairs of organizations a thing ties are
formed in Python. Sources come back as ids, read once (`SOURCES`). At 100,000
organizations this is ~750,000 short rows where the pairwise reads returned ~900,000
rows, each carrying its sources' passages and grouped by Neo4j.

Dates come back as ISO text: the driver's own date objects cost more to build than the
rest of a row (1.3 million of them at 100k).

`$ids` limits a read to things that touch some organizations (a refresh after a write);
each read has an "all" form and an "ids" form, so neither pays for the other's filter.
"""

from __future__ import annotations

SOURCES = """
MATCH (s:Source)
RETURN s.id AS id, s.document AS document, s.section AS section, s.table AS table,
       s.passage AS passage, toString(s.date) AS date
"""

_ORG = """RETURN o {.id, .name, .acronym, .kind, .sector, .national, .confidential, .city,
          .languages, .populations, .synthetic, .search_key,
          active_from: toString(o.active_from),
          active_to: toString(o.active_to)} AS org,
       [(o)-[:OPERATES_IN]->(s:State) | s.id] AS states"""

ORGS_ALL = f"MATCH (o:Organization)\n{_ORG}"
ORGS_IDS = f"MATCH (o:Organization) WHERE o.id IN $ids\n{_ORG}"

_PROVISION = """WITH DISTINCT o, c
UNWIND [(c)-[:OF_SERVICE]->(t:ServiceType) | t.id] AS service
RETURN o.id AS organization, service,
       c {.id, .basis, .national, .mandate, .scope, .group, .capacity_available, .note,
          .version, .capacity_unit, .capacity_total,
          capacity_updated_at: toString(c.capacity_updated_at),
          active_from: toString(c.active_from), active_to: toString(c.active_to)} AS cap,
       [(c)-[:COVERS]->(s:State) | s.id] AS covers,
       [(c)-[:SOURCED_FROM]->(src:Source) | src.id] AS sources"""

PROVISIONS_ALL = f"MATCH (o:Organization)-[:PROVIDES]->(c:Capability)\n{_PROVISION}"
PROVISIONS_IDS = (
    f"MATCH (o:Organization)-[:PROVIDES]->(c:Capability) WHERE o.id IN $ids\n{_PROVISION}")

# The things that tie organizations: (label, relationship from an organization, the
# evidence's label, date, end, and its kind for an agreement: the words for it, "MOU" or
# "memorándum de entendimiento", are the language tables', not the data's).
_THINGS = {
    "agreement": ("Agreement", "PARTY_TO", "x.subject", "x.date", "x.ends", "x.kind"),
    "collaboration": ("Collaboration", "MEMBER_OF", "x.name", "x.formed", "null", "null"),
    "activity": ("Activity", "PARTICIPATED_IN", "x.theme", "x.start", "x.end", "null"),
}


def ties(kind: str, *, some: bool) -> str:
    """A shared thing of `kind` per row, its organizations and sources; `some`: only the
    things an organization of `$ids` takes part in."""
    label, rel, name, date, ends, subkind = _THINGS[kind]
    match = (f"MATCH (o:Organization)-[:{rel}]->(x:{label}) WHERE o.id IN $ids\n"
             "WITH DISTINCT x" if some else f"MATCH (x:{label})")
    return f"""{match}
RETURN x.id AS ref, {name} AS label, toString({date}) AS date, toString({ends}) AS ends,
       {subkind} AS subkind,
       [(o:Organization)-[:{rel}]->(x) | o.id] AS orgs,
       [(x)-[:SOURCED_FROM]->(s:Source) | s.id] AS sources"""


_REFERRAL = """RETURN x.id AS ref, x.needs AS needs, toString(x.date) AS date, x.outcome AS outcome,
       [(x)-[:REFERRED_FROM]->(a:Organization) | a.id] AS froms,
       [(x)-[:REFERRED_TO]->(b:Organization) | b.id] AS tos"""

REFERRALS_ALL = f"MATCH (x:Referral)\n{_REFERRAL}"
REFERRALS_IDS = ("MATCH (o:Organization)<-[:REFERRED_FROM|REFERRED_TO]-(x:Referral) "
                 f"WHERE o.id IN $ids\nWITH DISTINCT x\n{_REFERRAL}")
