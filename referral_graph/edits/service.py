"""Edits on behalf of a caller: role check, validation, one transaction with its audit event.

Shared by the GraphQL mutations and anything else that edits the directory. Each function
returns the ids of the organizations whose ties or services changed; the same ids go to
the database's change log (`store.changes`), from which every process refreshes its
networkx projection. Rows written here carry ``dataset = "edits"``; a re-import of a seed
data set restores the seed's own statements.

Each write reads what it needs (the record before, the references) after taking the
writers' lock, in the same transaction as the write, the audit event, the record's new
``version`` and the caller's idempotency key (`edits.guard`): two editors saving at once
cannot lose each other's changes, and a retried request is answered, not written twice.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from neo4j import ManagedTransaction
from pydantic import BaseModel

from referral_graph.auth.tokens import Caller, Role
from referral_graph.dataset import model as models
from referral_graph.edits import audit, ledger
from referral_graph.edits import guard as guards
from referral_graph.edits.errors import EditRejected, FieldError, Forbidden
from referral_graph.edits.guard import NO_GUARD, WriteGuard
from referral_graph.edits.validate import camel, parse, slug
from referral_graph.safety import confidential
from referral_graph.store import changes, cypher
from referral_graph.store.driver import Database
from referral_graph.text import fold

DATASET = "edits"


def require(caller: Caller, role: Role, action: str) -> None:
    if not caller.can(role):
        raise Forbidden(f"{action}: needs the {role.name.lower()} role "
                        f"(you are {caller.role.name.lower()})")


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)


def _props(record: BaseModel, *exclude: str) -> dict[str, Any]:
    data = record.model_dump(exclude={"id", "sources", *exclude})
    return {k: _plain(v) for k, v in data.items()}


def _missing(tx: ManagedTransaction, label: str, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    found = {r["id"] for r in tx.run(cypher.existing_ids(label), ids=wanted).data()}
    return set(wanted) - found


def _check_refs(tx: ManagedTransaction, refs: dict[str, tuple[str, list[str] | str | None]]
                ) -> list[FieldError]:
    """`refs` maps an input field to (label, id or ids); every id must exist."""
    errors = []
    for field, (label, value) in refs.items():
        if value is None:
            continue
        ids = [value] if isinstance(value, str) else list(value)
        gone = _missing(tx, label, ids)
        for i, v in enumerate(ids):
            if v in gone:
                where = field if isinstance(value, str) else f"{field}[{i}]"
                errors.append(FieldError(where, f"no {label} with id {v!r}", code="NOT_FOUND",
                                         params={"label": label, "value": v}))
    return errors


def _fail_if(errors: list[FieldError]) -> None:
    if errors:
        raise EditRejected(errors)


Refs = dict[str, tuple[str, Any]]


def _save(db: Database, caller: Caller, label: str, node_id: str, action: str,
          write: Any, refs: Refs | Callable[[dict[str, Any] | None], Refs], *,
          must_exist: bool | None, guard: WriteGuard = NO_GUARD,
          touched: Iterable[str] = (), versioned: bool = True) -> str:
    """Check, write and audit in one transaction, under the writers' lock.

    ``refs`` may be a function of the record as stored (for a patch merged into it).
    ``touched`` (read after ``write`` ran) are the organizations to refresh; a
    ``versioned`` record gets the change number as its ``version``. Returns the id
    written — or, for a request repeated with its idempotency key, the first one's.
    """

    def work(tx: ManagedTransaction) -> str:
        seq = ledger.begin(tx, guard)
        before = audit.snapshot(tx, label, node_id)
        errors = []
        if must_exist is True and before is None:
            errors.append(FieldError("id", f"no {label} with id {node_id!r}", code="NOT_FOUND",
                                     params={"label": label, "value": node_id}))
        if must_exist is False and before is not None:
            errors.append(FieldError("input.id", f"{node_id!r} is already used; "
                                                 "give another id or update it", code="TAKEN",
                                     params={"value": node_id}))
        _fail_if(errors)
        guards.check_version(tx, guard, label, node_id, before)
        _fail_if(_check_refs(tx, refs(before) if callable(refs) else refs))
        write(tx, before is None)
        if versioned:
            changes.set_version(tx, label, node_id, seq)
        ledger.finish(tx, caller, action, label, node_id, before,
                      audit.snapshot(tx, label, node_id), seq=seq, orgs=touched, guard=guard)
        return node_id

    return ledger.write(db, work)


def _set_rels(tx: ManagedTransaction, rel: str, start: str, end: str, node_id: str,
              ends: list[str]) -> None:
    tx.run(cypher.replace_rels(rel, start, end), id=node_id, ends=ends,
           dataset=DATASET).consume()


def _incoming(tx: ManagedTransaction, rel: str, label: str, node_id: str) -> list[str]:
    """Organizations tied to a node before the edit: their ties change too."""
    return [r["id"] for r in tx.run(cypher.incoming_ids(rel, "Organization", label),
                                    id=node_id).data()]


def _upsert(tx: ManagedTransaction, label: str, node_id: str, props: dict[str, Any],
            new: bool) -> None:
    if new:
        props = {**props, "dataset": DATASET}
    tx.run(cypher.upsert_node(label), id=node_id, props=props).consume()


# --- organizations -----------------------------------------------------------------------

def _org_fields(before: dict[str, Any]) -> dict[str, Any]:
    props = before.get("properties", {})
    rels = before.get("relationships", [])
    data = {k: v for k, v in props.items() if k in models.Organization.model_fields}
    data["states"] = sorted(r["to"] for r in rels if r["type"] == "OPERATES_IN")
    data["sources"] = sorted(r["to"] for r in rels if r["type"] == "SOURCED_FROM")
    return data


def _organization(data: dict[str, Any]) -> models.Organization:
    """The record ``data`` stands for, after the confidentiality rule, or EditRejected."""
    try:
        confidential.apply(data)
    except confidential.ConfidentialityError as e:
        raise EditRejected([FieldError(f"input.{camel(e.field)}", e.message,
                                       code="FORBIDDEN_VALUE")]) from None
    if data.get("contact_sources") is None:  # null clears the list, like any other field
        data.pop("contact_sources", None)
    return parse(models.Organization, data)


def save_organization(db: Database, caller: Caller, data: dict[str, Any], *,
                      org_id: str | None = None, guard: WriteGuard = NO_GUARD) -> list[str]:
    """Create an organization (`org_id` None) or change the fields given in `data`."""
    require(caller, Role.EDITOR, "createOrganization" if org_id is None else
            "updateOrganization")
    created = None
    if org_id is None:
        data = {k: v for k, v in data.items() if v is not None}
        data.setdefault("id", slug(str(data.get("name", ""))) or None)
        created = _organization(data)
    node_id = org_id if org_id is not None else created.id  # type: ignore[union-attr]
    chosen: list[models.Organization] = []

    def refs(before: dict[str, Any] | None) -> dict[str, tuple[str, Any]]:
        # A patch is merged into the record as stored now, under the writers' lock: two
        # editors changing different fields at once both keep their change. What was
        # stored about confidentiality is not the editor's word: a kind change to shelter
        # drops it, so the rule decides afresh.
        rec = created or _organization({**confidential.merge_update(
            _org_fields(before or {}), data), "id": org_id})
        chosen[:] = [rec]
        return {"input.states": ("State", rec.states), "input.sources": ("Source", rec.sources),
                "input.contactSources": ("Source", rec.contact_sources),
                "input.publicSource": ("Source", rec.public_source)}

    def write(tx: ManagedTransaction, new: bool) -> None:
        rec = chosen[0]
        props = _props(rec, "states")
        props["search_key"] = fold(" ".join(filter(None, [rec.name, rec.acronym,
                                                          *rec.alternate_names])))
        _upsert(tx, "Organization", rec.id, props, new)
        tx.run(cypher.set_shelter_label(confidential.shelter_label(rec.kind)),
               id=rec.id).consume()
        _set_rels(tx, "OPERATES_IN", "Organization", "State", rec.id, rec.states)
        _set_rels(tx, "SOURCED_FROM", "Organization", "Source", rec.id, rec.sources)

    _save(db, caller, "Organization", node_id, "create" if org_id is None else "update", write,
          refs, must_exist=org_id is not None, guard=guard, touched=[node_id])
    return [node_id]


# --- capabilities ------------------------------------------------------------------------

def save_capability(db: Database, caller: Caller, data: dict[str, Any], *,
                    guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    """Create or replace one capability (by id; default ``<organization>-<service>``)."""
    require(caller, Role.EDITOR, "setCapability")
    data = {k: v for k, v in data.items() if v is not None}
    if data.get("organization") and data.get("service"):
        data.setdefault("id", f"{data['organization']}-{data['service']}".replace("_", "-")[:80])
    rec = parse(models.Capability, data)

    def owner_check(tx: ManagedTransaction) -> list[FieldError]:
        rows = tx.run(cypher.OWNER_OF_CAPABILITY, id=rec.id).data()
        if rows and rows[0]["owner"] != rec.organization:
            return [FieldError("input.id", f"{rec.id!r} belongs to another organization",
                               params={"key": "user_other_owner", "value": rec.id})]
        return []

    def write(tx: ManagedTransaction, new: bool) -> None:
        _fail_if(owner_check(tx))
        _upsert(tx, "Capability", rec.id, _props(rec, "covers"), new)
        tx.run(cypher.replace_incoming("PROVIDES", "Organization", "Capability"), id=rec.id,
               starts=[rec.organization], dataset=DATASET).consume()
        _set_rels(tx, "OF_SERVICE", "Capability", "ServiceType", rec.id, [rec.service])
        _set_rels(tx, "COVERS", "Capability", "State", rec.id, rec.covers)
        _set_rels(tx, "SOURCED_FROM", "Capability", "Source", rec.id, rec.sources)

    _save(db, caller, "Capability", rec.id, "save", write, {
        "input.organization": ("Organization", rec.organization),
        "input.service": ("ServiceType", rec.service),
        "input.covers": ("State", rec.covers), "input.sources": ("Source", rec.sources),
    }, must_exist=None, guard=guard, touched=[rec.organization])
    return rec.id, [rec.organization]


# --- memberships -------------------------------------------------------------------------

def set_membership(db: Database, caller: Caller, collaboration: str, organization: str,
                   role: str | None, *, remove: bool = False,
                   guard: WriteGuard = NO_GUARD) -> list[str]:
    """Add (or with `remove`, end) an organization's membership of a task force or network."""
    require(caller, Role.EDITOR, "removeMembership" if remove else "addMembership")
    if role is not None and len(role) > 200:
        raise EditRejected([FieldError("role", "at most 200 characters",
                                       params={"key": "user_too_long", "limit": 200})])

    def write(tx: ManagedTransaction, _new: bool) -> None:
        if remove:
            n = tx.run(cypher.DELETE_MEMBERSHIP, organization=organization,
                       collaboration=collaboration).single(strict=True)["n"]
            if not n:
                _fail_if([FieldError("organization", f"{organization!r} is not a member of "
                                                     f"{collaboration!r}", code="NOT_FOUND",
                                     params={"key": "user_not_member", "value": organization,
                                             "other": collaboration})])
        else:
            tx.run(cypher.MERGE_MEMBERSHIP, organization=organization,
                   collaboration=collaboration, role=role, dataset=DATASET).consume()

    _save(db, caller, "Organization", organization,
          "remove_membership" if remove else "add_membership", write,
          {"collaboration": ("Collaboration", collaboration),
           "organization": ("Organization", organization)}, must_exist=None, guard=guard,
          touched=[organization])
    return [organization]


# --- agreements and activities -----------------------------------------------------------

def save_agreement(db: Database, caller: Caller, data: dict[str, Any], *,
                   agreement_id: str | None = None,
                   guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    require(caller, Role.EDITOR, "createAgreement" if agreement_id is None else
            "updateAgreement")
    data = {k: v for k, v in data.items() if v is not None}
    if agreement_id is not None:
        data["id"] = agreement_id
    else:
        data.setdefault("id", "agreement-" + secrets.token_hex(4))
    rec = parse(models.Agreement, data)
    touched = set(rec.parties)

    def write(tx: ManagedTransaction, new: bool) -> None:
        touched.update(_incoming(tx, "PARTY_TO", "Agreement", rec.id))
        _upsert(tx, "Agreement", rec.id, _props(rec, "parties", "states"), new)
        tx.run(cypher.replace_incoming("PARTY_TO", "Organization", "Agreement"), id=rec.id,
               starts=rec.parties, dataset=DATASET).consume()
        _set_rels(tx, "IN_STATE", "Agreement", "State", rec.id, rec.states)
        _set_rels(tx, "SOURCED_FROM", "Agreement", "Source", rec.id, rec.sources)

    saved = _save(db, caller, "Agreement", rec.id,
                  "create" if agreement_id is None else "update",
                  write, {"input.parties": ("Organization", rec.parties),
                          "input.states": ("State", rec.states),
                          "input.sources": ("Source", rec.sources)},
                  must_exist=agreement_id is not None, guard=guard, touched=touched)
    return saved, sorted(touched)


def save_activity(db: Database, caller: Caller, data: dict[str, Any], *,
                  activity_id: str | None = None,
                  guard: WriteGuard = NO_GUARD) -> tuple[str, list[str]]:
    require(caller, Role.EDITOR, "createActivity" if activity_id is None else
            "updateActivity")
    data = {k: v for k, v in data.items() if v is not None}
    if activity_id is not None:
        data["id"] = activity_id
    else:
        data.setdefault("id", "activity-" + secrets.token_hex(4))
    rec = parse(models.Activity, data)
    touched = set(rec.participants)

    def write(tx: ManagedTransaction, new: bool) -> None:
        touched.update(_incoming(tx, "PARTICIPATED_IN", "Activity", rec.id))
        _upsert(tx, "Activity", rec.id, _props(rec, "participants", "states"), new)
        tx.run(cypher.replace_incoming("PARTICIPATED_IN", "Organization", "Activity"),
               id=rec.id, starts=rec.participants, dataset=DATASET).consume()
        _set_rels(tx, "IN_STATE", "Activity", "State", rec.id, rec.states)
        _set_rels(tx, "SOURCED_FROM", "Activity", "Source", rec.id, rec.sources)

    saved = _save(db, caller, "Activity", rec.id,
                  "create" if activity_id is None else "update",
                  write, {"input.participants": ("Organization", rec.participants),
                          "input.states": ("State", rec.states),
                          "input.sources": ("Source", rec.sources)},
                  must_exist=activity_id is not None, guard=guard, touched=touched)
    return saved, sorted(touched)


# --- sources -----------------------------------------------------------------------------

def create_source(db: Database, caller: Caller, data: dict[str, Any], *,
                  guard: WriteGuard = NO_GUARD) -> str:
    """A new passage that later edits can cite; every fact needs one."""
    require(caller, Role.EDITOR, "createSource")
    data = {k: v for k, v in data.items() if v is not None}
    data.setdefault("id", "source-" + secrets.token_hex(4))
    rec = parse(models.Source, data)

    def write(tx: ManagedTransaction, new: bool) -> None:
        _upsert(tx, "Source", rec.id, _props(rec), new)

    return _save(db, caller, "Source", rec.id, "create", write, {}, must_exist=False,
                 guard=guard)


# --- referrals ---------------------------------------------------------------------------
