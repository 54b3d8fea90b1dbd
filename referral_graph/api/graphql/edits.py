"""GraphQL mutations: thin over `referral_graph.edits`, each returning typed field errors.

A payload's ``errors`` name input fields (``input.sources[0]``); a role that may not edit
gets a GraphQL error with code FORBIDDEN. After a successful edit the projection is
refreshed for the organizations it touched, so plans and reports see it at once.

Two things make writes safe to retry and to race (`referral_graph.edits.guard`): an
``Idempotency-Key`` header (a mutation sent again with it gets the first answer and writes
nothing), and ``expectedVersion`` on updates (a save based on a record that changed since
it was loaded gets a CONFLICT error, in the payload and as a GraphQL error, naming who
changed it and when).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError, print_ast
from strawberry.types import Info

from referral_graph.api.graphql.directory import (
    Agreement,
    Capability,
    Organization,
    Source,
)
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.directory import service as reads
from referral_graph.edits import audit
from referral_graph.edits import service as edits
from referral_graph.edits.errors import Conflict, EditRejected
from referral_graph.edits.guard import IdempotencyKey, WriteGuard

T = TypeVar("T")


@strawberry.type(description="One problem with the input; `field` is its path.")
class FieldError:
    field: str
    message: str
    code: str | None = strawberry.field(
        default=None, description="CONFLICT when the record changed after it was loaded.")


def _errors(e: EditRejected) -> list[FieldError]:
    return [FieldError(field=x.field, message=x.message, code=x.code) for x in e.errors]


def _guard(info: Info, expected_version: int | None = None) -> WriteGuard:
    """The request's idempotency key for this mutation, and the version the caller loaded."""
    ctx = info.context
    key = None
    if ctx.idempotency_key is not None:
        # What was asked: the mutation as written, with the request's variables.
        asked = {"mutation": print_ast(info._raw_info.field_nodes[0]),
                 "variables": info.variable_values}
        key = IdempotencyKey.of(ctx.caller, ctx.idempotency_key, ctx.next_mutation(), asked)
    return WriteGuard(key, expected_version)


def _data(obj: Any) -> dict[str, Any]:
    """An input object as the snake_case dict the domain validates; UNSET fields left out."""
    out = {}
    for name, value in vars(obj).items():
        if value is strawberry.UNSET:
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, list):
            value = [v.value if isinstance(v, Enum) else str(v) if isinstance(v, str) else v
                     for v in value]
        out[name] = value
    return out


def _run(info: Info, action: Callable[[], tuple[T, list[str]]]
         ) -> tuple[T | None, list[FieldError]]:
    try:
        result, touched = action()
    except EditRejected as e:
        if isinstance(e, Conflict):
            info.context.extra_errors.append(GraphQLError(
                e.errors[0].message, path=info.path.as_list(), extensions=e.extensions))
        return None, _errors(e)
    if touched:
        info.context.projection.refresh(touched)
    return result, []


# --- inputs ------------------------------------------------------------------------------

@strawberry.input
class OrganizationInput:
    name: str
    kind: str
    sector: str
    sources: list[strawberry.ID] = strawberry.field(
        description="Source passages that state these facts (see createSource).")
    id: strawberry.ID | None = strawberry.UNSET
    acronym: str | None = strawberry.UNSET
    states: list[str] | None = strawberry.UNSET
    national: bool | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    confidential: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Left out: true for shelters (safety default).")
    public_source: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A source passage saying a shelter's location "
                                              "is public; without one a shelter is confidential.")
    languages: list[str] | None = strawberry.UNSET
    populations: list[str] | None = strawberry.UNSET
    active_from: dt.date | None = strawberry.UNSET
    active_to: dt.date | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
    phones: list[str] | None = strawberry.UNSET
    website: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    contact_sources: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Source passages that state the phone, website, "
        "e-mail or address (required with any of them; never for a confidential organization).")


@strawberry.input(description="Only the fields given change; null clears a field.")
class OrganizationPatch:
    name: str | None = strawberry.UNSET
    kind: str | None = strawberry.UNSET
    sector: str | None = strawberry.UNSET
    sources: list[strawberry.ID] | None = strawberry.UNSET
    acronym: str | None = strawberry.UNSET
    states: list[str] | None = strawberry.UNSET
    national: bool | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    confidential: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Making an organization a shelter makes it "
                                              "confidential unless this or publicSource says "
                                              "otherwise.")
    public_source: strawberry.ID | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET
    populations: list[str] | None = strawberry.UNSET
    active_from: dt.date | None = strawberry.UNSET
    active_to: dt.date | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
    phones: list[str] | None = strawberry.UNSET
    website: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    contact_sources: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Source passages that state the phone, website, "
        "e-mail or address (required with any of them; never for a confidential organization).")


@strawberry.input
class CapabilityInput:
    organization: strawberry.ID
    service: str
    basis: str = strawberry.field(description="stated (a source says so) or mandate")
    sources: list[strawberry.ID]
    id: strawberry.ID | None = strawberry.UNSET
    covers: list[str] | None = strawberry.UNSET
    national: bool | None = strawberry.UNSET
    mandate: str | None = strawberry.UNSET
    active_from: dt.date | None = strawberry.UNSET
    active_to: dt.date | None = strawberry.UNSET


@strawberry.input
class AgreementInput:
    kind: str = strawberry.field(description="mou, agreement or grant")
    subject: str
    parties: list[strawberry.ID]
    sources: list[strawberry.ID]
    id: strawberry.ID | None = strawberry.UNSET
    states: list[str] | None = strawberry.UNSET
    date: dt.date | None = strawberry.UNSET
    date_text: str | None = strawberry.UNSET
    ends: dt.date | None = strawberry.UNSET


@strawberry.input
class ActivityInput:
    kind: str = strawberry.field(description="training, workshop, meeting, seminar, ...")
    theme: str
    start: dt.date
    participants: list[strawberry.ID]
    sources: list[strawberry.ID]
    id: strawberry.ID | None = strawberry.UNSET
    end: dt.date | None = strawberry.UNSET
    states: list[str] | None = strawberry.UNSET
    participant_count: int | None = strawberry.UNSET


@strawberry.input
class SourceInput:
    document: str
    section: str
    passage: str = strawberry.field(description="The words of the document, verbatim.")
    table: str | None = strawberry.UNSET
    id: strawberry.ID | None = strawberry.UNSET


@strawberry.enum
class Outcome(Enum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


@strawberry.input(description="A referral between organizations. It has no field for anything "
                              "about the person referred, by design.")
class ReferralInput:
    from_organization: strawberry.ID
    to_organization: strawberry.ID
    needs: list[str]
    date: dt.date
    outcome: Outcome


# --- payloads ----------------------------------------------------------------------------

@strawberry.type
class OrganizationPayload:
    ok: bool
    errors: list[FieldError]
    organization: Organization | None


@strawberry.type
class CapabilityPayload:
    ok: bool
    errors: list[FieldError]
    capability: Capability | None


@strawberry.type
class MembershipPayload:
    ok: bool
    errors: list[FieldError]
    organization: Organization | None


@strawberry.type
class AgreementPayload:
    ok: bool
    errors: list[FieldError]
    agreement: Agreement | None


@strawberry.type
class ActivityPayload:
    ok: bool
    errors: list[FieldError]
    activity_id: strawberry.ID | None


@strawberry.type
class SourcePayload:
    ok: bool
    errors: list[FieldError]
    source: Source | None


@strawberry.type
class ReferralPayload:
    ok: bool
    errors: list[FieldError]
    referral_id: strawberry.ID | None


@strawberry.type
class TokenPayload:
    ok: bool
    errors: list[FieldError]
    id: str | None
    token: str | None = strawberry.field(description="Shown once; only its hash is stored.")


@strawberry.type
class AuditEvent:
    id: str
    at: str
    actor: str
    role: str
    action: str
    target_label: str
    target_id: str
    before: str | None = strawberry.field(description="JSON of the node before the change.")
    after: str | None = strawberry.field(description="JSON of the node after the change.")


@strawberry.type
class ApiToken:
    id: str
    role: str
    name: str
    revoked: bool
    created_at: str


def _org(info: Info, org_id: str | None) -> Organization | None:
    if org_id is None:
        return None
    found = reads.organizations(info.context.db, [org_id], see_confidential=True)
    return Organization.of(found[org_id]) if org_id in found else None


@strawberry.type
class EditsMutation:
    @strawberry.mutation(description="Editors: add an organization.")
    def create_organization(self, info: Info, input: OrganizationInput) -> OrganizationPayload:
        ctx = info.context
        org_id, errors = _run(info, lambda: ((ids := edits.save_organization(
            ctx.db, ctx.caller, _data(input), guard=_guard(info)))[0], ids))
        return OrganizationPayload(ok=not errors, errors=errors, organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: correct an organization's fields. Give the "
                                     "`version` you loaded as `expectedVersion`: if someone "
                                     "saved it since, nothing is written and a CONFLICT error "
                                     "says who and when.")
    def update_organization(self, info: Info, id: strawberry.ID, input: OrganizationPatch,
                            expected_version: int | None = None) -> OrganizationPayload:
        ctx = info.context
        org_id, errors = _run(info, lambda: ((ids := edits.save_organization(
            ctx.db, ctx.caller, _data(input), org_id=str(id),
            guard=_guard(info, expected_version)))[0], ids))
        return OrganizationPayload(ok=not errors, errors=errors, organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: add or replace a capability (a service an "
                                     "organization provides).")
    def set_capability(self, info: Info, input: CapabilityInput,
                       expected_version: int | None = None) -> CapabilityPayload:
        ctx = info.context
        cap_id, errors = _run(info, lambda: edits.save_capability(
            ctx.db, ctx.caller, _data(input), guard=_guard(info, expected_version)))
        cap = None
        if cap_id is not None:
            caps = reads.capabilities_of(ctx.db, [str(input.organization)])
            cap = next((Capability.of(c) for c in caps.get(str(input.organization), ())
                        if c.id == cap_id), None)
        return CapabilityPayload(ok=not errors, errors=errors, capability=cap)

    @strawberry.mutation(description="Editors: an organization joins a task force or network.")
    def add_membership(self, info: Info, collaboration: strawberry.ID,
                       organization: strawberry.ID, role: str | None = None
                       ) -> MembershipPayload:
        ctx = info.context
        org_id, errors = _run(info, lambda: ((ids := edits.set_membership(
            ctx.db, ctx.caller, str(collaboration), str(organization), role,
            guard=_guard(info)))[0], ids))
        return MembershipPayload(ok=not errors, errors=errors, organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: an organization leaves a task force or network.")
    def remove_membership(self, info: Info, collaboration: strawberry.ID,
                          organization: strawberry.ID) -> MembershipPayload:
        ctx = info.context
        org_id, errors = _run(info, lambda: ((ids := edits.set_membership(
            ctx.db, ctx.caller, str(collaboration), str(organization), None,
            remove=True, guard=_guard(info)))[0], ids))
        return MembershipPayload(ok=not errors, errors=errors, organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: record an MOU, agreement or grant.")
    def create_agreement(self, info: Info, input: AgreementInput) -> AgreementPayload:
        ctx = info.context
        agreement_id, errors = _run(info, lambda: edits.save_agreement(
            ctx.db, ctx.caller, _data(input), guard=_guard(info)))
        return _agreement_payload(info, agreement_id, [str(p) for p in input.parties], errors)

    @strawberry.mutation(description="Editors: correct an agreement (all fields given again).")
    def update_agreement(self, info: Info, id: strawberry.ID, input: AgreementInput,
                         expected_version: int | None = None) -> AgreementPayload:
        ctx = info.context
        agreement_id, errors = _run(info, lambda: edits.save_agreement(
            ctx.db, ctx.caller, _data(input), agreement_id=str(id),
            guard=_guard(info, expected_version)))
        return _agreement_payload(info, agreement_id, [str(p) for p in input.parties], errors)

    @strawberry.mutation(description="Editors: record a training, workshop or meeting.")
    def create_activity(self, info: Info, input: ActivityInput) -> ActivityPayload:
        ctx = info.context
        activity_id, errors = _run(info, lambda: edits.save_activity(
            ctx.db, ctx.caller, _data(input), guard=_guard(info)))
        return ActivityPayload(ok=not errors, errors=errors,
                               activity_id=strawberry.ID(activity_id) if activity_id else None)

    @strawberry.mutation(description="Editors: correct an activity (all fields given again).")
    def update_activity(self, info: Info, id: strawberry.ID, input: ActivityInput,
                        expected_version: int | None = None) -> ActivityPayload:
        ctx = info.context
        activity_id, errors = _run(info, lambda: edits.save_activity(
            ctx.db, ctx.caller, _data(input), activity_id=str(id),
            guard=_guard(info, expected_version)))
        return ActivityPayload(ok=not errors, errors=errors,
                               activity_id=strawberry.ID(activity_id) if activity_id else None)

    @strawberry.mutation(description="Editors: add a source passage that edits can cite.")
    def create_source(self, info: Info, input: SourceInput) -> SourcePayload:
        ctx = info.context
        data = _data(input)
        source_id, errors = _run(info, lambda: (edits.create_source(
            ctx.db, ctx.caller, data, guard=_guard(info)), []))
        src = None
        if source_id is not None:
            src = Source(id=strawberry.ID(source_id), document=input.document,
                         section=input.section, table=input.table or None,
                         passage=input.passage, date=None)
        return SourcePayload(ok=not errors, errors=errors, source=src)

    @strawberry.mutation(description="Staff: record a referral between two organizations as "
                                     "evidence of a working tie. Stores nothing about the person.")
    def record_referral(self, info: Info, input: ReferralInput) -> ReferralPayload:
        ctx = info.context
        ref_id, errors = _run(info, lambda: edits.record_referral(
            ctx.db, ctx.caller, from_org=str(input.from_organization),
            to_org=str(input.to_organization), needs=list(input.needs), date=input.date,
            outcome=input.outcome.value, guard=_guard(info)))
        return ReferralPayload(ok=not errors, errors=errors,
                               referral_id=strawberry.ID(ref_id) if ref_id else None)

    @strawberry.mutation(description="Admins: issue a token (shown once).")
    def create_token(self, info: Info, role: str, name: str) -> TokenPayload:
        edits.require(info.context.caller, Role.ADMIN, "createToken")
        try:
            issued = tokens.issue(info.context.db, tokens.Role.parse(role), name,
                                  by=info.context.caller)
        except ValueError as e:
            field, _, message = str(e).partition(": ")
            return TokenPayload(ok=False, errors=[FieldError(field=field, message=message)],
                                id=None, token=None)
        return TokenPayload(ok=True, errors=[], id=issued.id, token=issued.token)

    @strawberry.mutation(description="Admins: revoke a token at once.")
    def revoke_token(self, info: Info, id: str) -> TokenPayload:
        edits.require(info.context.caller, Role.ADMIN, "revokeToken")
        if not tokens.revoke(info.context.db, id, by=info.context.caller):
            return TokenPayload(ok=False, errors=[FieldError(field="id",
                                                             message=f"no token {id!r}")],
                                id=None, token=None)
        return TokenPayload(ok=True, errors=[], id=id, token=None)


def _agreement_payload(info: Info, agreement_id: str | None, parties: list[str],
                       errors: list[FieldError]) -> AgreementPayload:
    found = None
    if agreement_id is not None:
        by_org = reads.agreements_of(info.context.db, parties, see_confidential=True)
        rows = [a for items in by_org.values() for a in items if a.id == agreement_id]
        found = Agreement.of(rows[0]) if rows else None
    return AgreementPayload(ok=not errors, errors=errors, agreement=found)


@strawberry.type
class EditsQuery:
    @strawberry.field(description="Editors: the audit trail, newest first.")
    def audit_trail(self, info: Info, target_id: strawberry.ID | None = None,
                    before: str | None = None, first: int = 50) -> list[AuditEvent]:
        edits.require(info.context.caller, Role.EDITOR, "auditTrail")
        return [AuditEvent(**vars_of(e)) for e in audit.trail(
            info.context.db, target=str(target_id) if target_id else None,
            before=audit.instant("before", before), limit=first,
            tokens=info.context.caller.can(Role.ADMIN))]

    @strawberry.field(description="Admins: the issued tokens (never the tokens themselves).")
    def api_tokens(self, info: Info) -> list[ApiToken]:
        edits.require(info.context.caller, Role.ADMIN, "apiTokens")
        return [ApiToken(id=t["id"], role=t["role"], name=t["name"], revoked=bool(t["revoked"]),
                         created_at=t["created_at"]) for t in tokens.list_tokens(info.context.db)]


def vars_of(e: audit.AuditEvent) -> dict[str, Any]:
    return {f: getattr(e, f) for f in e.__slots__}
