"""Inputs and payloads of the edit mutations, with typed field errors."""

from __future__ import annotations

import datetime as dt

import strawberry

from referral_graph.api.graphql.types.common import Source
from referral_graph.api.graphql.types.enums import Outcome
from referral_graph.api.graphql.types.organization import Agreement, Capability, Organization
from referral_graph.edits.errors import EditRejected


@strawberry.type(description="One problem with the input; `field` is its path.")
class FieldError:
    field: str
    message: str
    code: str | None = strawberry.field(
        default=None, description="CONFLICT when the record changed after it was loaded.")


def field_errors(e: EditRejected) -> list[FieldError]:
    return [FieldError(field=x.field, message=x.message, code=x.code) for x in e.errors]




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
