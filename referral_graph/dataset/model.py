"""Records of a data set, as they are written in a seed directory's YAML files.

Each model is one kind of row. Validation happens here, in Python, before anything is
written to Neo4j: Community edition has no existence or type constraints, so this is the
only place that guarantees a row is whole.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from referral_graph.safety.confidential import confidential_for

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
STATE_CODE = r"^MX-[A-Z]{3}$"

Slug = Annotated[str, Field(pattern=SLUG, min_length=2, max_length=80)]
StateCode = Annotated[str, Field(pattern=STATE_CODE)]
NonEmpty = Annotated[str, Field(min_length=1)]
# Contact details as a source writes them: a phone number (digits, spaces, +, -, dots,
# brackets, an optional extension), a web address with or without its scheme, an e-mail.
Phone = Annotated[str, Field(
    pattern=r"^\+?[0-9(][0-9 ()./-]{5,30}[0-9]( ?(ext\.?|x) ?[0-9]{1,6})?$")]
Website = Annotated[str, Field(pattern=r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/\S*)?$",
                               max_length=300)]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$", max_length=200)]


class Record(BaseModel):
    """Base of every row: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)

    # Generated rows (`referral-graph synth`) say so on every record, never only on the set.
    synthetic: bool = False


class Sourced(Record):
    """A row that states facts: it must cite at least one source passage."""

    sources: list[Slug] = Field(min_length=1)


class OrgKind(StrEnum):
    SHELTER = "shelter"
    NGO = "ngo"
    GOVERNMENT_AGENCY = "government_agency"
    HUMAN_RIGHTS_COMMISSION = "human_rights_commission"
    TASK_FORCE_SECRETARIAT = "task_force_secretariat"
    INTERNATIONAL = "international"
    FOREIGN_GOVERNMENT = "foreign_government"
    ACADEMIC = "academic"
    UNION = "union"
    MEDIA = "media"
    CONSULTANCY = "consultancy"
    PROJECT = "project"
    NOT_STATED = "not_stated"  # the sources name the body but not what kind it is


class Sector(StrEnum):
    CIVIL_SOCIETY = "civil_society"
    FEDERAL = "federal"
    STATE = "state"
    MUNICIPAL = "municipal"
    INTERNATIONAL = "international"
    FOREIGN = "foreign"
    PRIVATE = "private"
    ACADEMIC = "academic"
    NOT_STATED = "not_stated"


class Population(StrEnum):
    MINOR = "minor"
    ADULT_WOMAN = "adult_woman"
    ADULT_MAN = "adult_man"
    FOREIGN_NATIONAL = "foreign_national"
    INDIGENOUS = "indigenous"


class Basis(StrEnum):
    STATED = "stated"
    MANDATE = "mandate"


class CapabilityScope(StrEnum):
    """Whom the passage states the service for: this organization, or a group it belongs to
    ("the supported shelters provided legal advice"), which says less about each member."""

    ORGANIZATION = "organization"
    GROUP = "group"


class LawStatus(StrEnum):
    COMPREHENSIVE = "comprehensive"
    PARTIAL = "partial"
    NONE = "none"
    NOT_STATED = "not_stated"


class CollaborationKind(StrEnum):
    TASK_FORCE = "task_force"
    NETWORK = "network"


class Level(StrEnum):
    LOCAL = "local"
    STATE = "state"
    FEDERAL = "federal"


class AgreementKind(StrEnum):
    MOU = "mou"
    AGREEMENT = "agreement"
    GRANT = "grant"


class ActivityKind(StrEnum):
    TRAINING = "training"
    WORKSHOP = "workshop"
    MEETING = "meeting"
    SEMINAR = "seminar"
    CEREMONY = "ceremony"
    SCREENING = "screening"
    TECHNICAL_ASSISTANCE = "technical_assistance"
    INTERVIEW = "interview"


class ReferralOutcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


class Source(Record):
    """A passage of a document: the evidence every other row points to."""

    id: Slug
    document: NonEmpty
    section: NonEmpty
    table: str | None = None
    passage: NonEmpty
    # The document's own date, where it states one ("SUBMITTED MARCH 31, 2009"): how old the
    # evidence is. None: the document gives no date.
    date: dt.date | None = None


class ServiceType(Record):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]
    name_es: NonEmpty
    name_en: NonEmpty
    description_en: NonEmpty
    description_es: NonEmpty
    hsds_term: str | None = None
    # Words users type for the service ("abogado", "lawyer"): free-text search reads them.
    synonyms_es: list[NonEmpty] = Field(default_factory=list)
    synonyms_en: list[NonEmpty] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class State(Record):
    code: StateCode
    name_es: NonEmpty
    name_en: NonEmpty
    kind: Annotated[str, Field(pattern=r"^(state|federal_district)$")]
    aliases: list[NonEmpty] = Field(default_factory=list)  # usual spellings: CDMX, Edomex
    neighbours: list[StateCode] = Field(default_factory=list)
    sources: list[Slug] = Field(default_factory=list)


class Organization(Sourced):
    id: Slug
    name: NonEmpty  # Spanish for Mexican bodies where the documents or the official name give it
    alternate_names: list[NonEmpty] = Field(default_factory=list)  # e.g. the English form
    acronym: str | None = None
    kind: OrgKind
    sector: Sector
    states: list[StateCode] = Field(default_factory=list)
    national: bool = False
    city: str | None = None
    confidential: bool | None = None
    # The passage that says a shelter's location is public; without it a shelter is
    # confidential (referral_graph/safety/confidential.py).
    public_source: Slug | None = None
    languages: list[str] | None = None
    populations: list[Population] | None = None
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    named_by_role: bool = False
    note: str | None = None
    # How to reach it, only as a source states it (`contact_sources`); never invented.
    phones: list[Phone] | None = None
    website: Website | None = None
    email: Email | None = None
    address: NonEmpty | None = None
    contact_sources: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shelters_are_confidential(self) -> Organization:
        # The one rule every write path shares: a shelter is confidential unless a cited
        # source says its location is public.
        object.__setattr__(self, "confidential", confidential_for(
            self.kind, self.confidential, self.public_source))
        return self

    @model_validator(mode="after")
    def _no_alternate_names_to_leak(self) -> Organization:
        # The public redactor masks a confidential organization's name and its variants; a
        # second name would be one more thing to mask, so it is refused here.
        if self.confidential and self.alternate_names:
            raise ValueError("a confidential organization may not have alternate_names")
        return self

    @model_validator(mode="after")
    def _period_in_order(self) -> Organization:
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValueError("active_to is before active_from")
        return self

    @property
    def has_contact(self) -> bool:
        return bool(self.phones or self.website or self.email or self.address)

    @model_validator(mode="after")
    def _contact_is_sourced_and_public(self) -> Organization:
        # A contact detail is a fact like any other: it needs the passage that states it.
        if self.has_contact and not self.contact_sources:
            raise ValueError("contact_sources: a phone, website, e-mail or address needs the "
                             "source passage that states it")
        if self.contact_sources and not self.has_contact:
            raise ValueError("contact_sources: given without a phone, website, e-mail or "
                             "address")
        # Safety: a confidential organization (every shelter by default) is reached through
        # the public organizations tied to it; its own contact and address are never stored.
        if self.confidential and self.has_contact:
            raise ValueError("confidential: a confidential organization's phone, website, "
                             "e-mail and address are never stored; it is reached through a "
                             "public organization tied to it")
        return self


class Capability(Record):
    """An organization provides a service type, on a stated or mandated basis."""

    id: Slug
    organization: Slug
    service: str
    basis: Basis
    covers: list[StateCode] = Field(default_factory=list)
    national: bool = False
    mandate: str | None = None
    # Stated: the passages that say so. Mandate: the passages that name the institution.
    sources: list[Slug] = Field(min_length=1)
    active_from: dt.date | None = None
    active_to: dt.date | None = None
    # scope: group = the cited passage states the service for a group (named in `group`,
    # e.g. "the five shelters PROTEJA supported"), not for this organization itself.
    scope: CapabilityScope = CapabilityScope.ORGANIZATION
    group: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _basis_is_evidenced(self) -> Capability:
        if self.basis == Basis.MANDATE and not self.mandate:
            raise ValueError("a mandate capability must name the mandate")
        if self.scope == CapabilityScope.GROUP and not self.group:
            raise ValueError("a capability stated for a group must name the group")
        return self


class Membership(Record):
    organization: Slug
    role: str | None = None


class Collaboration(Sourced):
    """A task force (short-term, specific goals) or a network (long-term)."""

    id: Slug
    name: NonEmpty
    alternate_names: list[NonEmpty] = Field(default_factory=list)
    kind: CollaborationKind
    level: Level
    states: list[StateCode] = Field(default_factory=list)
    formed: dt.date | None = None
    formed_text: str | None = None
    goals: str | None = None
    members: list[Membership] = Field(default_factory=list)
    member_description: str | None = None


class Agreement(Sourced):
    id: Slug
    kind: AgreementKind
    subject: NonEmpty
    parties: list[Slug] = Field(min_length=1)
    party_description: str | None = None
    states: list[StateCode] = Field(default_factory=list)
    date: dt.date | None = None
    date_text: str | None = None
    ends: dt.date | None = None
    note: str | None = None


class Activity(Sourced):
    id: Slug
    kind: ActivityKind
    theme: NonEmpty
    start: dt.date
    end: dt.date | None = None
    states: list[StateCode] = Field(default_factory=list)
    city: str | None = None
    participants: list[Slug] = Field(default_factory=list)
    participant_description: str | None = None
    participant_count: int | None = Field(default=None, ge=0)
    table: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Activity:
        if self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Legislation(Sourced):
    """A law's status for one jurisdiction: a state, or the federation."""

    id: Slug
    jurisdiction: Annotated[str, Field(pattern=r"^(MX|MX-[A-Z]{3})$")]
    status: LawStatus
    title: str | None = None
    approved: dt.date | None = None
    signed: dt.date | None = None
    published: dt.date | None = None
    effective: dt.date | None = None
    date_text: str | None = None
    note: str | None = None


class Figure(Sourced):
    """A number a document reports, about a subject (project, organization, activity)."""

    id: Slug
    subject: Slug
    metric: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    value: float
    unit: str | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    text: NonEmpty


class Statement(Sourced):
    """One of several statements that disagree: kept side by side, never resolved silently."""

    id: Slug
    conflict: Slug
    subject: Slug
    attribute: NonEmpty
    value: NonEmpty



class Referral(Sourced):
    """A past referral between two organizations: evidence of a working tie, never a person.

    As with `recordReferral`, there is no field for a name, an identity or a story.
    """

    id: Slug
    referred_from: Slug
    referred_to: Slug
    needs: list[Annotated[str, Field(pattern=r"^[a-z][a-z_]*$")]] = Field(min_length=1)
    date: dt.date
    outcome: ReferralOutcome

    @model_validator(mode="after")
    def _two_organizations(self) -> Referral:
        if self.referred_from == self.referred_to:
            raise ValueError("referred_to must differ from referred_from")
        return self
