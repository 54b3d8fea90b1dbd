"""Recording a referral between two organizations: a tie, never a person.

Apart from the other edits (`edits.service`) because it is the write a stream of
caseworkers sends most, and it is written in three statements rather than `_save`'s
eleven: right after Neo4j restarts, the first writes wait for each distinct statement's
plan (docs/reliability.md, "recovery").
"""

from __future__ import annotations

import datetime as dt
import secrets

from neo4j import ManagedTransaction

from referral_graph.auth.tokens import Caller, Role
from referral_graph.edits import audit, ledger
from referral_graph.edits.errors import EditRejected, FieldError
from referral_graph.edits.guard import NO_GUARD, WriteGuard
from referral_graph.edits.service import DATASET, _fail_if, require
from referral_graph.store import changes, cypher
from referral_graph.store.driver import Database

OUTCOMES = ("accepted", "declined", "completed")
MAX_NEEDS = 15


def record_referral(db: Database, caller: Caller, *, from_org: str, to_org: str,
                    needs: list[str], date: dt.date, outcome: str,
                    today: dt.date | None = None,
                    guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    """Record that one organization referred someone to another: a tie, never a person.

    There is deliberately no field for a name, an identity or free text: the record is
    evidence that the two organizations work together, and nothing else.
    """
    require(caller, Role.STAFF, "recordReferral")
    today = today or dt.date.today()
    errors = []
    if from_org == to_org:
        errors.append(FieldError("input.toOrganization", "must differ from fromOrganization",
                                 params={"key": "user_must_differ",
                                         "other": "fromOrganization"}))
    if not needs:
        errors.append(FieldError("input.needs", "give at least one need", code="REQUIRED",
                                 params={"key": "user_at_least_one"}))
    if len(needs) > MAX_NEEDS:
        errors.append(FieldError("input.needs", f"at most {MAX_NEEDS}",
                                 params={"key": "user_at_most", "limit": MAX_NEEDS}))
    if date > today:
        errors.append(FieldError("input.date", "is in the future",
                                 params={"key": "user_future"}))
    if outcome not in OUTCOMES:
        errors.append(FieldError("input.outcome", f"must be one of {', '.join(OUTCOMES)}",
                                 params={"key": "user_one_of", "values": ", ".join(OUTCOMES)}))
    _fail_if(errors)
    ref_id = "referral-" + secrets.token_hex(8)
    needs = sorted(set(needs))
    touched = [from_org, to_org]

    # Not `_save`: the checks, the write and the record as written are one statement
    # (`cypher.RECORD_REFERRAL`), so a referral is three statements in all, not eleven.
    # The first writes after Neo4j restarts wait for each distinct statement's plan.
    def work(tx: ManagedTransaction) -> str:
        seq = ledger.begin(tx, guard)
        row = tx.run(cypher.RECORD_REFERRAL, id=ref_id, from_org=from_org, to_org=to_org,
                     date=date, needs=needs, outcome=outcome, dataset=DATASET).single()
        assert row is not None
        if row["taken"]:
            raise EditRejected([FieldError(
                "input.id", f"{ref_id!r} is already used; give another id or update it",
                code="TAKEN", params={"value": ref_id})])
        errors = [FieldError(field, f"no Organization with id {value!r}", code="NOT_FOUND",
                             params={"label": "Organization", "value": value})
                  for field, value, gone in (("input.fromOrganization", from_org, row["no_from"]),
                                             ("input.toOrganization", to_org, row["no_to"]))
                  if gone]
        errors += [FieldError(f"input.needs[{i}]", f"no ServiceType with id {v!r}",
                              code="NOT_FOUND", params={"label": "ServiceType", "value": v})
                   for i, v in enumerate(needs) if v in row["missing"]]
        _fail_if(errors)  # nothing was created; the transaction is rolled back
        # Never edited (no `version`); and it holds only what the safety test allows.
        ledger.finish(tx, caller, "record", "Referral", ref_id, None,
                      audit.snapshot_of(row["props"], row["out"]), seq=seq, orgs=touched,
                      guard=guard, scope=changes.REFERRALS)  # their referral ties alone
        return ref_id

    return ledger.write(db, work), touched
