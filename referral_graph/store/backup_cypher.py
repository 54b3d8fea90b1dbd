"""Cypher of `referral-graph backup` and `restore` (store/backup.py, store/restore.py).

Temporal values travel as Cypher's own strings (``toString``) and are rebuilt by Cypher's
constructors (``datetime("…Z")``), so an offset stays an offset and a named zone a named
zone: a round trip through the driver's Python types would not keep that apart.
"""

from __future__ import annotations

TEMPORAL = r"(LIST<)?(DATE|LOCAL DATETIME|ZONED DATETIME|LOCAL TIME|ZONED TIME|DURATION)\b.*"

_TYPED = """[k IN keys({v}) WHERE valueType({v}[k]) =~ $temporal |
         {{k: k, t: valueType({v}[k]),
          v: CASE WHEN valueType({v}[k]) STARTS WITH 'LIST'
                  THEN [x IN {v}[k] | toString(x)] ELSE toString({v}[k]) END}}]"""

ALL_NODES = f"""
MATCH (n)
RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props,
       {_TYPED.format(v="n")} AS temporal
"""

ALL_RELATIONSHIPS = f"""
MATCH (a)-[r]->(b)
RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props,
       {_TYPED.format(v="r")} AS temporal
"""

# The last attempt of a backup that kept seeing writes: hold the writers' lock (every write
# takes it first, store/changes.py) while reading; writers wait until the backup is done.
LOCK_WRITERS = "OPTIONAL MATCH (v:DataVersion {id: 'graph'}) SET v.value = v.value"

# --- restore -----------------------------------------------------------------------------

COUNT_DATA = """
MATCH (n) WHERE NOT n:SchemaMigration AND NOT n:RestoreMarker
RETURN count(n) AS nodes
"""

# Taking the writers' lock first: a write in flight commits before the marker appears, and
# every later one sees the marker and is refused (store/changes.py).
BEGIN_RESTORE = """
OPTIONAL MATCH (v:DataVersion {id: 'graph'})
SET v.value = v.value
WITH count(*) AS locked
MERGE (m:RestoreMarker {id: 'restore'}) SET m.started_at = datetime()
"""
END_RESTORE = "MATCH (m:RestoreMarker) DELETE m"

# Auto-commit (CALL … IN TRANSACTIONS): a whole database may not fit one transaction.
WIPE = """
MATCH (n) WHERE NOT n:RestoreMarker
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""

KEY_INDEX = ("CREATE INDEX rg_restore_key IF NOT EXISTS "
             "FOR (n:RgRestoring) ON (n.rg_restore_key)")
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"
DROP_KEY_INDEX = "DROP INDEX rg_restore_key IF EXISTS"

_VALUE = """CASE t.t
  WHEN 'date' THEN date(t.v) WHEN 'datetime' THEN datetime(t.v)
  WHEN 'localdatetime' THEN localdatetime(t.v) WHEN 'time' THEN time(t.v)
  WHEN 'localtime' THEN localtime(t.v) WHEN 'duration' THEN duration(t.v)
  WHEN 'list:date' THEN [x IN t.v | date(x)] WHEN 'list:datetime' THEN [x IN t.v | datetime(x)]
  WHEN 'list:localdatetime' THEN [x IN t.v | localdatetime(x)]
  WHEN 'list:time' THEN [x IN t.v | time(x)] WHEN 'list:localtime' THEN [x IN t.v | localtime(x)]
  WHEN 'list:duration' THEN [x IN t.v | duration(x)]
END"""

CREATE_NODES = f"""
UNWIND $rows AS row
CREATE (n:$(row.labels + ['RgRestoring']))
SET n = row.props, n.rg_restore_key = row.key
WITH n, row
UNWIND row.temporal AS t
SET n[t.k] = {_VALUE}
"""

CREATE_RELATIONSHIPS = f"""
UNWIND $rows AS row
MATCH (a:RgRestoring {{rg_restore_key: row.a}})
MATCH (b:RgRestoring {{rg_restore_key: row.b}})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
WITH r, row
UNWIND row.temporal AS t
SET r[t.k] = {_VALUE}
"""

UNMARK = """
MATCH (n:RgRestoring) WITH n LIMIT 5000
REMOVE n:RgRestoring, n.rg_restore_key
RETURN count(n) AS n
"""
