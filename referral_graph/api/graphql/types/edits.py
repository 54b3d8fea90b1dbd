"""Inputs and payloads of the edit mutations, in the Relay mutation style.

Every mutation takes one argument, ``input``: the record's id and the ``expectedVersion``
the editor loaded are inside it, with a ``clientMutationId`` that the payload echoes.
Every payload answers ``userErrors`` (a path into the input, a message in the request's
language, a `UserErrorCode`: `types.user_errors`) and the object it saved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry

from referral_graph.api.graphql.scalars import ServiceId, StateCode
from referral_graph.api.graphql.types.common import Source
from referral_graph.api.graphql.types.documented import Activity
from referral_graph.api.graphql.types.enums import (
    ActivityKind,
    AgreementKind,
    Basis,
    OrganizationKind,
    Outcome,
    Population,
    Sector,
)
from referral_graph.api.graphql.types.organization import (
    Agreement,
    Capability,
    Membership,
    Organization,
)
from referral_graph.api.graphql.types.referral import Referral
from referral_graph.api.graphql.types.user_errors import (
    FieldError,
    UserError,
    field_errors,
    user_errors,
)
from referral_graph.directory.lang import Lang
from referral_graph.edits import errors as domain

UNSET: Any = strawberry.UNSET


def _f(description: str, default: Any = UNSET) -> Any:
    """An optional input field with its description."""
    return strawberry.field(default=default, description=description)


# --- the parts every mutation shares -----------------------------------------------------

CLIENT_ID = ("Any text the client chooses; the payload gives it back as is (Relay's "
             "clientMutationId).")
VERSION = ("The `version` you loaded. If the record was saved since, nothing is written and "
           "a CONFLICT user error (and GraphQL error) says who changed it and when.")


@strawberry.input(description="What every mutation input has.")
class MutationInput:
    client_mutation_id: str | None = _f(CLIENT_ID)


@strawberry.interface(description="What every mutation answers: the client's id back and "
                                  "the problems with the input (empty when it was done).")
class MutationPayload:
    client_mutation_id: str | None = strawberry.field(
        description="The `clientMutationId` of the input, as sent.")
    user_errors: list[UserError] = strawberry.field(
        description="Why nothing was written; empty when the mutation was done.")
    ok: bool = strawberry.field(deprecation_reason="Use `userErrors` (empty when done).",
                                description="Done; false when `userErrors` says why not.")
    errors: list[FieldError] = strawberry.field(
        deprecation_reason="Use `userErrors`: a path list and a code.",
        description="The problems with the input, with dotted paths.")


def outcome(client_mutation_id: str | None, errors: list[domain.FieldError],
            lang: Lang) -> dict[str, Any]:
    """The fields every payload shares, for the payload's constructor."""
    return {"client_mutation_id": None if client_mutation_id is UNSET else client_mutation_id,
            "user_errors": user_errors(errors, lang), "ok": not errors,
            "errors": field_errors(errors)}


# --- organizations -----------------------------------------------------------------------

@strawberry.input(description="An organization's fields, shared by create and update.")
class OrganizationFields(MutationInput):
    name: str | None = _f("Its name as the sources write it.")
    kind: OrganizationKind | None = _f("What kind of body it is.")
    sector: Sector | None = _f("Its sector.")
    sources: list[strawberry.ID] | None = _f(
        "Source passages that state these facts (see createSource).")
    acronym: str | None = _f("Its acronym.")
    states: list[StateCode] | None = _f("States it works in (codes or names).")
    national: bool | None = _f("It works nationally (every state).")
    city: str | None = _f("Its city, as a source states it.")
    confidential: bool | None = _f(
        "Its location is confidential. Left out on create: true for shelters (safety "
        "default); making an organization a shelter makes it confidential unless this or "
        "publicSource says otherwise.")
    public_source: strawberry.ID | None = _f(
        "A source passage saying a shelter's location is public; without one a shelter is "
        "confidential.")
    languages: list[str] | None = _f("Languages it serves in (ISO 639-3).")
    populations: list[Population] | None = _f("Populations it serves.")
    active_from: dt.date | None = _f("Active from.")
    active_to: dt.date | None = _f("Active until.")
    note: str | None = _f("What the data set says about this row.")
    phones: list[str] | None = _f("Phone numbers as the source writes them.")
    website: str | None = _f("Website as the source writes it.")
    email: str | None = _f("E-mail address.")
    address: str | None = _f("Street address.")
    contact_sources: list[strawberry.ID] | None = _f(
        "Source passages that state the phone, website, e-mail or address (required with any "
        "of them; never for a confidential organization).")


@strawberry.input(description="A new organization, as sources state it.")
class OrganizationInput(OrganizationFields):
    name: str = strawberry.field(description="Its name as the sources write it.")
    kind: OrganizationKind = strawberry.field(description="What kind of body it is.")
    sector: Sector = strawberry.field(description="Its sector.")
    sources: list[strawberry.ID] = strawberry.field(
        description="Source passages that state these facts (see createSource).")
    id: strawberry.ID | None = _f("A slug for it; left out, one is made from the name.")


@strawberry.input(description="Which organization to change, the version loaded, and the "
                              "fields to change: only the fields given change; null clears "
                              "a field.")
class UpdateOrganizationInput(OrganizationFields):
    id: strawberry.ID = strawberry.field(description="The organization (global id or slug).")
    expected_version: int | None = _f(VERSION)


# --- capabilities, memberships -----------------------------------------------------------

@strawberry.input(description="A service an organization provides, as a source states it.")
class CapabilityInput(MutationInput):
    organization: strawberry.ID = strawberry.field(
        description="The organization (global id or slug).")
    service: ServiceId = strawberry.field(description="The service type (its id, e.g. legal_aid).")
    basis: Basis = strawberry.field(description="stated (a source says so) or mandate")
    sources: list[strawberry.ID] = strawberry.field(
        description="Source passages that state it (see createSource).")
    id: strawberry.ID | None = _f("The capability's slug: an existing one is replaced; left "
                                  "out, <organization>-<service>.")
    covers: list[str] | None = _f(
        "States it serves besides where the organization works (codes or names).")
    national: bool | None = _f("It reaches every state.")
    mandate: str | None = _f("The legal mandate, for basis mandate.")
    active_from: dt.date | None = _f("Provided from.")
    active_to: dt.date | None = _f("Provided until.")
    expected_version: int | None = _f(VERSION + " Only when replacing one.")


@strawberry.input(description="An organization joining a task force or network.")
class AddMembershipInput(MutationInput):
    collaboration: strawberry.ID = strawberry.field(
        description="The task force or network (global id or slug).")
    organization: strawberry.ID = strawberry.field(
        description="The organization (global id or slug).")
    role: str | None = _f("Its role, as a source names it (e.g. convenor).")


@strawberry.input(description="An organization leaving a task force or network.")
class RemoveMembershipInput(MutationInput):
    collaboration: strawberry.ID = strawberry.field(
        description="The task force or network (global id or slug).")
    organization: strawberry.ID = strawberry.field(
        description="The organization (global id or slug).")


# --- agreements, activities, sources, referrals ------------------------------------------

@strawberry.input(description="An MOU, agreement or grant as a source states it.")
class AgreementInput(MutationInput):
    kind: AgreementKind = strawberry.field(description="What kind of agreement.")
    subject: str = strawberry.field(description="What it is about, as a source states it.")
    parties: list[strawberry.ID] = strawberry.field(
        description="The organizations that are party to it (global ids or slugs).")
    sources: list[strawberry.ID] = strawberry.field(
        description="Source passages that state it (see createSource).")
    id: strawberry.ID | None = _f("A slug for it; left out, a new one (agreement-…).")
    states: list[StateCode] | None = _f("The states it applies to (codes or names).")
    date: dt.date | None = _f("When it was made.")
    date_text: str | None = _f("The date in the document's words, where it gives no exact "
                               "date.")
    ends: dt.date | None = _f("When it ends or ended.")


@strawberry.input(description="Which agreement to correct, the version loaded, and all its "
                              "fields given again.")
class UpdateAgreementInput(AgreementInput):
    id: strawberry.ID = strawberry.field(description="The agreement (global id or slug).")
    expected_version: int | None = _f(VERSION)


@strawberry.input(description="A training, workshop or meeting as a source states it.")
class ActivityInput(MutationInput):
    kind: ActivityKind = strawberry.field(description="What kind of activity.")
    theme: str = strawberry.field(description="Its theme, as the document states it.")
    start: dt.date = strawberry.field(description="Its first day.")
    participants: list[strawberry.ID] = strawberry.field(
        description="The organizations that took part (global ids or slugs).")
    sources: list[strawberry.ID] = strawberry.field(
        description="Source passages that state it (see createSource).")
    id: strawberry.ID | None = _f("A slug for it; left out, a new one (activity-…).")
    end: dt.date | None = _f("Its last day (left out: one day).")
    states: list[StateCode] | None = _f("The states it took place in (codes or names).")
    participant_count: int | None = _f("How many people took part, as the source states it.")


@strawberry.input(description="Which activity to correct, the version loaded, and all its "
                              "fields given again.")
class UpdateActivityInput(ActivityInput):
    id: strawberry.ID = strawberry.field(description="The activity (global id or slug).")
    expected_version: int | None = _f(VERSION)


@strawberry.input(description="A passage of a document that edits can cite.")
class SourceInput(MutationInput):
    document: str = strawberry.field(description="The document, e.g. a PROTEJA quarterly "
                                                 "report.")
    section: str = strawberry.field(description="Where in the document.")
    passage: str = strawberry.field(description="The words of the document, verbatim.")
    table: str | None = _f("The document's table, when the fact comes from one.")
    id: strawberry.ID | None = _f("A slug for it; left out, a new one (source-…).")


@strawberry.input(description="A referral between organizations. It has no field for anything "
                              "about the person referred, by design.")
class ReferralInput(MutationInput):
    from_organization: strawberry.ID = strawberry.field(
        description="The referring organization (global id or slug).")
    to_organization: strawberry.ID = strawberry.field(
        description="The organization referred to (global id or slug).")
    needs: list[ServiceId] = strawberry.field(description="The needs referred for (service "
                                                          "type ids).")
    date: dt.date = strawberry.field(description="When it was made.")
    outcome: Outcome = strawberry.field(description="What came of it.")


# --- tokens ------------------------------------------------------------------------------

@strawberry.input(description="A new API token.")
class CreateTokenInput(MutationInput):
    # A string, not the Role enum: the CLI and this take a role in any case (EDITOR,
    # editor), and `public` must be refused with a word on why, not an enum error.
    role: str = strawberry.field(description="What it lets its holder do: staff, editor or "
                                             "admin (any case).")
    name: str = strawberry.field(description="Whom it is issued to.")


@strawberry.input(description="The token to revoke.")
class RevokeTokenInput(MutationInput):
    id: str = strawberry.field(description="The token's id (see apiTokens).")


# --- payloads ----------------------------------------------------------------------------

@strawberry.type(description="What createOrganization or updateOrganization did.")
class OrganizationPayload(MutationPayload):
    organization: Organization | None = strawberry.field(
        description="The organization as saved; null when nothing was written.")


@strawberry.type(description="What setCapability did.")
class CapabilityPayload(MutationPayload):
    capability: Capability | None = strawberry.field(
        description="The capability as saved; null when nothing was written.")


@strawberry.type(description="What addMembership or removeMembership did.")
class MembershipPayload(MutationPayload):
    membership: Membership | None = strawberry.field(
        description="The membership added, with its organization and collaboration; null "
                    "after a removal or when nothing was written.")
    organization: Organization | None = strawberry.field(
        description="The member organization as it is now.")


@strawberry.type(description="What createAgreement or updateAgreement did.")
class AgreementPayload(MutationPayload):
    agreement: Agreement | None = strawberry.field(
        description="The agreement as saved; null when nothing was written.")


@strawberry.type(description="What createActivity or updateActivity did.")
class ActivityPayload(MutationPayload):
    activity: Activity | None = strawberry.field(
        description="The activity as saved; null when nothing was written.")
    activity_id: strawberry.ID | None = strawberry.field(
        description="The activity's slug, when saved.",
        deprecation_reason="Use `activity { id }`.")


@strawberry.type(description="What createSource did.")
class SourcePayload(MutationPayload):
    source: Source | None = strawberry.field(
        description="The passage as saved; null when nothing was written.")


@strawberry.type(description="What recordReferral did.")
class ReferralPayload(MutationPayload):
    referral: Referral | None = strawberry.field(
        description="The referral as recorded; null when nothing was written.")
    referral_id: strawberry.ID | None = strawberry.field(
        description="The referral's slug, when saved.",
        deprecation_reason="Use `referral { id }`.")


@strawberry.type(description="What createToken or revokeToken did.")
class TokenPayload(MutationPayload):
    id: str | None = strawberry.field(description="The token's id.")
    token: str | None = strawberry.field(description="Shown once; only its hash is stored.")
