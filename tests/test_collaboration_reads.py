"""Collaborations read by id seek them in the index, and answer as the whole list does."""

from __future__ import annotations

from typing import Any

from referral_graph.directory import service as reads
from referral_graph.store import cypher
from referral_graph.store.driver import Database


def _operators(plan: Any) -> set[str]:
    found = {plan["operatorType"].split("@")[0]}
    for child in plan.get("children", ()):
        found |= _operators(child)
    return found


def test_collaborations_by_id_seek_the_index(seeded_db: Database) -> None:
    """A nested query's loader asks for one collaboration; written as `$ids IS NULL OR
    c.id IN $ids`, the statement scanned every collaboration to find it."""
    params = {"see": False, "ids": ["x"], "kind": None, "state": None}
    summary = seeded_db.driver.execute_query(
        "EXPLAIN " + cypher.COLLABORATIONS_BY_ID, params,
        database_=seeded_db.database).summary
    operators = _operators(summary.plan)
    assert any("IndexSeek" in op for op in operators), operators
    assert "NodeByLabelScan" not in operators


def test_by_id_answers_as_the_whole_list(seeded_db: Database) -> None:
    everyone = reads.collaborations(seeded_db, see_confidential=False)
    assert len(everyone) > 2
    some = [everyone[0].id, everyone[-1].id, "no-such-collaboration"]
    assert reads.collaborations(seeded_db, see_confidential=False, ids=some) == [
        everyone[0], everyone[-1]]
