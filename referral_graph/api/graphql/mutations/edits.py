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

from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError, print_ast
from strawberry.types import Info

from referral_graph.api.graphql.types.common import (
    Source,
)
from referral_graph.api.graphql.types.edits import (
    ActivityInput,
    ActivityPayload,
    AgreementInput,
    AgreementPayload,
    CapabilityInput,
    CapabilityPayload,
    FieldError,
    MembershipPayload,
    OrganizationInput,
    OrganizationPatch,
    OrganizationPayload,
    ReferralInput,
    ReferralPayload,
    SourceInput,
    SourcePayload,
    TokenPayload,
    field_errors,
)
from referral_graph.api.graphql.types.organization import Agreement, Capability, Organization
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.directory import service as reads
from referral_graph.edits import service as edits
from referral_graph.edits.errors import Conflict, EditRejected
from referral_graph.edits.guard import IdempotencyKey, WriteGuard

T = TypeVar("T")

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
        return None, field_errors(e)
    if touched:
        info.context.projection.refresh(touched)
    return result, []


# --- inputs ------------------------------------------------------------------------------



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
