"""GraphQL mutations: thin over `referral_graph.edits`, in the Relay mutation style.

Every mutation takes one ``input`` (ids and ``expectedVersion`` inside it; ids as global
ids or slugs) and answers ``clientMutationId``, ``userErrors`` (path, message in the
request's language, code) and the object saved (`types.edits`). A role that may not
edit gets a GraphQL error with code FORBIDDEN. After a successful edit the projection is
refreshed for the organizations it touched, so plans and reports see it at once.

Two things make writes safe to retry and to race (`referral_graph.edits.guard`): an
``Idempotency-Key`` header (a mutation sent again with it gets the first answer and writes
nothing), and ``expectedVersion`` on updates (a save based on a record that changed since
it was loaded gets a CONFLICT user error, and a GraphQL error with code CONFLICT, naming
who changed it and when).
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.mutations.support import (
    answered,
    data,
    guard,
    one_id,
    run,
    version,
)
from referral_graph.api.graphql.types.common import Source
from referral_graph.api.graphql.types.documented import Activity
from referral_graph.api.graphql.types.edits import (
    ActivityInput,
    ActivityPayload,
    AddMembershipInput,
    AgreementInput,
    AgreementPayload,
    CapabilityInput,
    CapabilityPayload,
    CreateTokenInput,
    MembershipPayload,
    OrganizationInput,
    OrganizationPayload,
    ReferralInput,
    ReferralPayload,
    RemoveMembershipInput,
    RevokeTokenInput,
    SourceInput,
    SourcePayload,
    TokenPayload,
    UpdateActivityInput,
    UpdateAgreementInput,
    UpdateOrganizationInput,
)
from referral_graph.api.graphql.types.organization import (
    Agreement,
    Capability,
    Membership,
    Organization,
)
from referral_graph.api.graphql.types.referral import Referral
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.directory import documented
from referral_graph.directory import service as reads
from referral_graph.edits import referrals
from referral_graph.edits import service as edits
from referral_graph.edits.errors import FieldError

ORG_IDS = {"sources": "Source", "public_source": "Source", "contact_sources": "Source"}
CAPABILITY_IDS = {"organization": "Organization", "sources": "Source"}
AGREEMENT_IDS = {"parties": "Organization", "sources": "Source"}
ACTIVITY_IDS = {"participants": "Organization", "sources": "Source"}


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
        org_id, errors = run(info, lambda: ((ids := edits.save_organization(
            ctx.db, ctx.caller, data(input, ORG_IDS), guard=guard(info)))[0], ids))
        return OrganizationPayload(**answered(info, input, errors),
                                   organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: correct an organization's fields. Give the "
                                     "`version` you loaded as `expectedVersion`: if someone "
                                     "saved it since, nothing is written and a CONFLICT error "
                                     "says who and when.")
    def update_organization(self, info: Info, input: UpdateOrganizationInput
                            ) -> OrganizationPayload:
        ctx = info.context
        target = one_id(input.id, "Organization", "id")
        org_id, errors = run(info, lambda: ((ids := edits.save_organization(
            ctx.db, ctx.caller, data(input, ORG_IDS, drop=("id",)), org_id=target,
            guard=guard(info, version(input))))[0], ids))
        return OrganizationPayload(**answered(info, input, errors),
                                   organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: add or replace a capability (a service an "
                                     "organization provides).")
    def set_capability(self, info: Info, input: CapabilityInput) -> CapabilityPayload:
        ctx = info.context
        fields = data(input, CAPABILITY_IDS)
        cap_id, errors = run(info, lambda: edits.save_capability(
            ctx.db, ctx.caller, fields, guard=guard(info, version(input))))
        cap = None
        if cap_id is not None:
            org = fields["organization"]
            caps = reads.capabilities_of(ctx.db, [org])
            cap = next((Capability.of(c) for c in caps.get(org, ()) if c.id == cap_id), None)
        return CapabilityPayload(**answered(info, input, errors), capability=cap)

    @strawberry.mutation(description="Editors: an organization joins a task force or network.")
    def add_membership(self, info: Info, input: AddMembershipInput) -> MembershipPayload:
        ctx = info.context
        collaboration = one_id(input.collaboration, "Collaboration", "collaboration")
        organization = one_id(input.organization, "Organization", "organization")
        role = None if input.role is strawberry.UNSET else input.role
        org_id, errors = run(info, lambda: ((ids := edits.set_membership(
            ctx.db, ctx.caller, collaboration, organization, role,
            guard=guard(info)))[0], ids))
        membership = (Membership(role=role, _organization=organization,
                                 _collaboration=collaboration) if org_id else None)
        return MembershipPayload(**answered(info, input, errors), membership=membership,
                                 organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: an organization leaves a task force or network.")
    def remove_membership(self, info: Info, input: RemoveMembershipInput) -> MembershipPayload:
        ctx = info.context
        collaboration = one_id(input.collaboration, "Collaboration", "collaboration")
        organization = one_id(input.organization, "Organization", "organization")
        org_id, errors = run(info, lambda: ((ids := edits.set_membership(
            ctx.db, ctx.caller, collaboration, organization, None,
            remove=True, guard=guard(info)))[0], ids))
        return MembershipPayload(**answered(info, input, errors), membership=None,
                                 organization=_org(info, org_id))

    @strawberry.mutation(description="Editors: record an MOU, agreement or grant.")
    def create_agreement(self, info: Info, input: AgreementInput) -> AgreementPayload:
        ctx = info.context
        fields = data(input, AGREEMENT_IDS)
        agreement_id, errors = run(info, lambda: edits.save_agreement(
            ctx.db, ctx.caller, fields, guard=guard(info)))
        return _agreement_payload(info, input, agreement_id, fields["parties"], errors)

    @strawberry.mutation(description="Editors: correct an agreement (all fields given again).")
    def update_agreement(self, info: Info, input: UpdateAgreementInput) -> AgreementPayload:
        ctx = info.context
        target = one_id(input.id, "Agreement", "id")
        fields = data(input, AGREEMENT_IDS, drop=("id",))
        agreement_id, errors = run(info, lambda: edits.save_agreement(
            ctx.db, ctx.caller, fields, agreement_id=target,
            guard=guard(info, version(input))))
        return _agreement_payload(info, input, agreement_id, fields["parties"], errors)

    @strawberry.mutation(description="Editors: record a training, workshop or meeting.")
    def create_activity(self, info: Info, input: ActivityInput) -> ActivityPayload:
        ctx = info.context
        fields = data(input, ACTIVITY_IDS)
        activity_id, errors = run(info, lambda: edits.save_activity(
            ctx.db, ctx.caller, fields, guard=guard(info)))
        return _activity_payload(info, input, activity_id, fields["participants"], errors)

    @strawberry.mutation(description="Editors: correct an activity (all fields given again).")
    def update_activity(self, info: Info, input: UpdateActivityInput) -> ActivityPayload:
        ctx = info.context
        target = one_id(input.id, "Activity", "id")
        fields = data(input, ACTIVITY_IDS, drop=("id",))
        activity_id, errors = run(info, lambda: edits.save_activity(
            ctx.db, ctx.caller, fields, activity_id=target, guard=guard(info, version(input))))
        return _activity_payload(info, input, activity_id, fields["participants"], errors)

    @strawberry.mutation(description="Editors: add a source passage that edits can cite.")
    def create_source(self, info: Info, input: SourceInput) -> SourcePayload:
        ctx = info.context
        fields = data(input)
        source_id, errors = run(info, lambda: (edits.create_source(
            ctx.db, ctx.caller, fields, guard=guard(info)), []))
        src = None
        if source_id is not None:
            src = Source(id=strawberry.ID(source_id), document=input.document,
                         section=input.section, table=input.table or None,
                         passage=input.passage, date=None)
        return SourcePayload(**answered(info, input, errors), source=src)

    @strawberry.mutation(description="Staff: record a referral between two organizations as "
                                     "evidence of a working tie. Stores nothing about the person.")
    def record_referral(self, info: Info, input: ReferralInput) -> ReferralPayload:
        ctx = info.context
        from_org = one_id(input.from_organization, "Organization", "from_organization")
        to_org = one_id(input.to_organization, "Organization", "to_organization")
        ref_id, errors = run(info, lambda: referrals.record_referral(
            ctx.db, ctx.caller, from_org=from_org, to_org=to_org, needs=list(input.needs),
            date=input.date, outcome=input.outcome.value, guard=guard(info)))
        referral = None
        if ref_id is not None:
            referral = Referral(id=strawberry.ID(ref_id), date=input.date, outcome=input.outcome,
                                _from=from_org, _to=to_org, _needs=tuple(sorted(set(input.needs))))
        return ReferralPayload(**answered(info, input, errors), referral=referral,
                               referral_id=strawberry.ID(ref_id) if ref_id else None)

    @strawberry.mutation(description="Admins: issue a token (shown once).")
    def create_token(self, info: Info, input: CreateTokenInput) -> TokenPayload:
        edits.require(info.context.caller, Role.ADMIN, "createToken")
        try:
            issued = tokens.issue(info.context.db, tokens.Role.parse(input.role), input.name,
                                  by=info.context.caller)
        except ValueError as e:
            field, _, message = str(e).partition(": ")
            return TokenPayload(**answered(info, input, [FieldError(field, message)]),
                                id=None, token=None)
        return TokenPayload(**answered(info, input, []), id=issued.id, token=issued.token)

    @strawberry.mutation(description="Admins: revoke a token at once.")
    def revoke_token(self, info: Info, input: RevokeTokenInput) -> TokenPayload:
        edits.require(info.context.caller, Role.ADMIN, "revokeToken")
        if not tokens.revoke(info.context.db, input.id, by=info.context.caller):
            missing = FieldError("id", f"no token {input.id!r}", code="NOT_FOUND",
                                 params={"label": "token", "value": input.id})
            return TokenPayload(**answered(info, input, [missing]), id=None, token=None)
        return TokenPayload(**answered(info, input, []), id=input.id, token=None)


def _agreement_payload(info: Info, input: AgreementInput, agreement_id: str | None,
                       parties: list[str], errors: list[FieldError]) -> AgreementPayload:
    found = None
    if agreement_id is not None:
        by_org = reads.agreements_of(info.context.db, parties, see_confidential=True)
        rows = [a for items in by_org.values() for a in items if a.id == agreement_id]
        found = Agreement.of(rows[0]) if rows else None
    return AgreementPayload(**answered(info, input, errors), agreement=found)


def _activity_payload(info: Info, input: ActivityInput, activity_id: str | None,
                      participants: list[str], errors: list[FieldError]) -> ActivityPayload:
    found = None
    if activity_id is not None:
        rows = documented.activities(info.context.db, see_confidential=True,
                                     organizations=participants)
        found = next((Activity.of(a) for a in rows if a.id == activity_id), None)
    return ActivityPayload(**answered(info, input, errors), activity=found,
                           activity_id=strawberry.ID(activity_id) if activity_id else None)
