"""Does what is stored obey the confidentiality rule? Asked at start-up, after an import,
and by the tests.

Every write path applies `referral_graph.safety.confidential`, so this finds nothing unless
something wrote around them (a hand-made Cypher statement, a restored backup, a future
importer that forgot the rule). The service then refuses to start rather than serve a
shelter's city to the public.
"""

from __future__ import annotations

from typing import Any

from neo4j import ManagedTransaction

from referral_graph.store import safety_cypher
from referral_graph.store.driver import Database

SHOWN = 20  # disagreements named in a message


class UnsafeData(RuntimeError):
    """Stored organizations break the confidentiality rule; the message names them."""


def _problem(row: dict[str, Any]) -> str:
    if row["labelled"] != (row["kind"] == "shelter"):
        have = "has" if row["labelled"] else "lacks"
        return f"kind {row['kind']!r} but {have} the Shelter label"
    if row["confidential"] is None:
        return "confidential is not set"
    return "a public shelter without an existing source saying its location is public"


def disagreements(rows: list[dict[str, Any]]) -> list[str]:
    """One line per organization that breaks the rule.

    >>> disagreements([{"id": "casa", "kind": "ngo", "labelled": True,
    ...                 "confidential": True, "public_source": None}])
    ["casa: kind 'ngo' but has the Shelter label"]
    """
    return [f"{r['id']}: {_problem(r)}" for r in rows]


def find(db: Database) -> list[str]:
    """The organizations in `db` that break the rule."""
    return disagreements(db.read(safety_cypher.DISAGREEING_ORGANIZATIONS, limit=SHOWN + 1))


def find_in(tx: ManagedTransaction) -> list[str]:
    """The same inside a transaction (an import checks before it commits)."""
    return disagreements(tx.run(safety_cypher.DISAGREEING_ORGANIZATIONS,
                                limit=SHOWN + 1).data())


def ensure_consistent(found: list[str]) -> None:
    """Raise UnsafeData naming what `find` found; nothing when the store obeys the rule."""
    if found:
        more = " (and more)" if len(found) > SHOWN else ""
        raise UnsafeData("confidentiality rule broken by stored organizations"
                         f"{more}: " + "; ".join(found[:SHOWN]))
