"""Edits on behalf of a caller: role check, validation, one transaction with its audit event.

Shared by the GraphQL mutations and anything else that edits the directory. Each function
returns the ids of the organizations whose ties or services changed, so the caller can
refresh the networkx projection (`Projection.refresh`). Rows written here carry
``dataset = "edits"``; a re-import of a seed data set restores the seed's own statements.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from neo4j import ManagedTransaction
from pydantic import BaseModel

from referral_graph.auth.tokens import Caller, Role
from referral_graph.dataset import models
from referral_graph.edits import audit
from referral_graph.edits.errors import EditRejected, FieldError, Forbidden
from referral_graph.edits.validate import camel, parse, slug
from referral_graph.safety import confidential
from referral_graph.store import cypher
from referral_graph.store.driver import Database
from referral_graph.text import fold

DATASET = "edits"
OUTCOMES = ("accepted", "declined", "completed")
MAX_NEEDS = 15


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
                errors.append(FieldError(where, f"no {label} with id {v!r}"))
    return errors


def _fail_if(errors: list[FieldError]) -> None:
    if errors:
        raise EditRejected(errors)


def _save(db: Database, caller: Caller, label: str, node_id: str, action: str,
          write: Any, refs: dict[str, tuple[str, Any]], *, must_exist: bool | None) -> None:
    """Check references and existence, write, and audit; all in one transaction."""

    def work(tx: ManagedTransaction) -> None:
        errors = _check_refs(tx, refs)
        before = audit.snapshot(tx, label, node_id)
        if must_exist is True and before is None:
            errors.insert(0, FieldError("id", f"no {label} with id {node_id!r}"))
        if must_exist is False and before is not None:
            errors.insert(0, FieldError("input.id", f"{node_id!r} is already used; "
                                                   "give another id or update it"))
        _fail_if(errors)
        write(tx, before is None)
        audit.record(tx, caller, action, label, node_id, before,
                     audit.snapshot(tx, label, node_id))

    db.write_tx(work)


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
    props = before["properties"]
    rels = before["relationships"]
    data = {k: v for k, v in props.items() if k in models.Organization.model_fields}
    data["states"] = sorted(r["to"] for r in rels if r["type"] == "OPERATES_IN")
    data["sources"] = sorted(r["to"] for r in rels if r["type"] == "SOURCED_FROM")
    return data


def save_organization(db: Database, caller: Caller, data: dict[str, Any], *,
                      org_id: str | None = None) -> list[str]:
    """Create an organization (`org_id` None) or change the fields given in `data`."""
    require(caller, Role.EDITOR, "createOrganization" if org_id is None else
            "updateOrganization")
    if org_id is None:
        data = {k: v for k, v in data.items() if v is not None}
        data.setdefault("id", slug(str(data.get("name", ""))) or None)
    else:
        current = db.read_tx(lambda tx: audit.snapshot(tx, "Organization", org_id))
        if current is None:
            raise EditRejected([FieldError("id", f"no Organization with id {org_id!r}")])
        # What was stored about confidentiality is not the editor's word: a kind change to
        # shelter drops it, so the rule below decides afresh.
        data = {**confidential.merge_update(_org_fields(current), data), "id": org_id}
    try:
        confidential.apply(data)
    except confidential.ConfidentialityError as e:
        raise EditRejected([FieldError(f"input.{camel(e.field)}", e.message)]) from None
    if data.get("contact_sources") is None:  # null clears the list, like any other field
        data.pop("contact_sources", None)
    rec = parse(models.Organization, data)

    def write(tx: ManagedTransaction, new: bool) -> None:
        props = _props(rec, "states")
        props["search_key"] = fold(" ".join(filter(None, [rec.name, rec.acronym,
                                                          *rec.alternate_names])))
        _upsert(tx, "Organization", rec.id, props, new)
        tx.run(cypher.set_shelter_label(confidential.shelter_label(rec.kind)),
               id=rec.id).consume()
        _set_rels(tx, "OPERATES_IN", "Organization", "State", rec.id, rec.states)
        _set_rels(tx, "SOURCED_FROM", "Organization", "Source", rec.id, rec.sources)

    _save(db, caller, "Organization", rec.id, "create" if org_id is None else "update", write,
          {"input.states": ("State", rec.states), "input.sources": ("Source", rec.sources),
           "input.contactSources": ("Source", rec.contact_sources),
           "input.publicSource": ("Source", rec.public_source)},
          must_exist=org_id is not None)
    return [rec.id]


# --- capabilities ------------------------------------------------------------------------

def save_capability(db: Database, caller: Caller, data: dict[str, Any]) -> tuple[str, list[str]]:
    """Create or replace one capability (by id; default ``<organization>-<service>``)."""
    require(caller, Role.EDITOR, "setCapability")
    data = {k: v for k, v in data.items() if v is not None}
    if data.get("organization") and data.get("service"):
        data.setdefault("id", f"{data['organization']}-{data['service']}".replace("_", "-")[:80])
    rec = parse(models.Capability, data)

    def owner_check(tx: ManagedTransaction) -> list[FieldError]:
        rows = tx.run(cypher.OWNER_OF_CAPABILITY, id=rec.id).data()
        if rows and rows[0]["owner"] != rec.organization:
            return [FieldError("input.id", f"{rec.id!r} belongs to another organization")]
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
    }, must_exist=None)
    return rec.id, [rec.organization]


# --- memberships -------------------------------------------------------------------------

def set_membership(db: Database, caller: Caller, collaboration: str, organization: str,
                   role: str | None, *, remove: bool = False) -> list[str]:
    """Add (or with `remove`, end) an organization's membership of a task force or network."""
    require(caller, Role.EDITOR, "removeMembership" if remove else "addMembership")
    if role is not None and len(role) > 200:
        raise EditRejected([FieldError("role", "at most 200 characters")])

    def write(tx: ManagedTransaction, _new: bool) -> None:
        if remove:
            n = tx.run(cypher.DELETE_MEMBERSHIP, organization=organization,
                       collaboration=collaboration).single()["n"]
            if not n:
                _fail_if([FieldError("organization", f"{organization!r} is not a member of "
                                                     f"{collaboration!r}")])
        else:
            tx.run(cypher.MERGE_MEMBERSHIP, organization=organization,
                   collaboration=collaboration, role=role, dataset=DATASET).consume()

    _save(db, caller, "Organization", organization,
          "remove_membership" if remove else "add_membership", write,
          {"collaboration": ("Collaboration", collaboration),
           "organization": ("Organization", organization)}, must_exist=None)
    return [organization]


# --- agreements and activities -----------------------------------------------------------

def save_agreement(db: Database, caller: Caller, data: dict[str, Any], *,
                   agreement_id: str | None = None) -> tuple[str, list[str]]:
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

    _save(db, caller, "Agreement", rec.id, "create" if agreement_id is None else "update",
          write, {"input.parties": ("Organization", rec.parties),
                  "input.states": ("State", rec.states),
                  "input.sources": ("Source", rec.sources)},
          must_exist=agreement_id is not None)
    return rec.id, sorted(touched)


def save_activity(db: Database, caller: Caller, data: dict[str, Any], *,
                  activity_id: str | None = None) -> tuple[str, list[str]]:
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

    _save(db, caller, "Activity", rec.id, "create" if activity_id is None else "update",
          write, {"input.participants": ("Organization", rec.participants),
                  "input.states": ("State", rec.states),
                  "input.sources": ("Source", rec.sources)},
          must_exist=activity_id is not None)
    return rec.id, sorted(touched)


# --- sources -----------------------------------------------------------------------------

def create_source(db: Database, caller: Caller, data: dict[str, Any]) -> str:
    """A new passage that later edits can cite; every fact needs one."""
    require(caller, Role.EDITOR, "createSource")
    data = {k: v for k, v in data.items() if v is not None}
    data.setdefault("id", "source-" + secrets.token_hex(4))
    rec = parse(models.Source, data)

    def write(tx: ManagedTransaction, new: bool) -> None:
        _upsert(tx, "Source", rec.id, _props(rec), new)

    _save(db, caller, "Source", rec.id, "create", write, {}, must_exist=False)
    return rec.id


# --- referrals ---------------------------------------------------------------------------

def record_referral(db: Database, caller: Caller, *, from_org: str, to_org: str,
                    needs: list[str], date: dt.date, outcome: str,
                    today: dt.date | None = None) -> tuple[str, list[str]]:
    """Record that one organization referred someone to another: a tie, never a person.

    There is deliberately no field for a name, an identity or free text: the record is
    evidence that the two organizations work together, and nothing else.
    """
    require(caller, Role.STAFF, "recordReferral")
    today = today or dt.date.today()
    errors = []
    if from_org == to_org:
        errors.append(FieldError("input.toOrganization", "must differ from fromOrganization"))
    if not needs:
        errors.append(FieldError("input.needs", "give at least one need"))
    if len(needs) > MAX_NEEDS:
        errors.append(FieldError("input.needs", f"at most {MAX_NEEDS}"))
    if date > today:
        errors.append(FieldError("input.date", "is in the future"))
    if outcome not in OUTCOMES:
        errors.append(FieldError("input.outcome", f"must be one of {', '.join(OUTCOMES)}"))
    _fail_if(errors)
    ref_id = "referral-" + secrets.token_hex(8)
    needs = sorted(set(needs))

    def write(tx: ManagedTransaction, _new: bool) -> None:
        tx.run(cypher.CREATE_REFERRAL, id=ref_id, from_org=from_org, to_org=to_org,
               date=date, needs=needs, outcome=outcome, dataset=DATASET).consume()

    _save(db, caller, "Referral", ref_id, "record", write, {
        "input.fromOrganization": ("Organization", from_org),
        "input.toOrganization": ("Organization", to_org),
        "input.needs": ("ServiceType", needs),
    }, must_exist=False)
    return ref_id, [from_org, to_org]
