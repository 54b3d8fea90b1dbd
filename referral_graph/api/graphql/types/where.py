"""`where` and `sort` on the organizations connection, in the Neo4j GraphQL Library's shape
(`where: {kind: {in: [ngo, shelter]}, name: {contains: "casa"}, OR: [...]}`,
`sort: [{name: ASC}]`), turned into the domain's filter (`referral_graph.directory.where`).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

import strawberry

from referral_graph.api.graphql.errors import InputError
from referral_graph.api.graphql.ids import any_slug
from referral_graph.api.graphql.scalars import ServiceId, StateCode
from referral_graph.api.graphql.types.enums import (
    CollaborationKind,
    OrganizationKind,
    Population,
    Sector,
)
from referral_graph.directory import where as w

_TEXT = ("Exact (`eq`, `in`) or, ignoring case and accents, part of it (`contains`, "
         "`startsWith`, `endsWith`). An absent value (or one the caller may not see) "
         "matches none of them.")


@strawberry.input(description="Conditions on a text field. " + _TEXT)
class StringFilter:
    eq: str | None = strawberry.field(default=None, description="Equal to.")
    in_: list[str] | None = strawberry.field(default=None, name="in",
                                             description="Equal to one of these.")
    contains: str | None = strawberry.field(default=None, description="Contains this text.")
    starts_with: str | None = strawberry.field(default=None, description="Starts with it.")
    ends_with: str | None = strawberry.field(default=None, description="Ends with it.")

    def domain(self) -> w.Text:
        return w.Text(eq=self.eq, in_=tuple(self.in_) if self.in_ is not None else None,
                      contains=self.contains, starts_with=self.starts_with,
                      ends_with=self.ends_with)


@strawberry.input(description="A record's id: its global id or its slug.")
class IDFilter:
    eq: strawberry.ID | None = strawberry.field(default=None, description="This record.")
    in_: list[strawberry.ID] | None = strawberry.field(default=None, name="in",
                                                       description="One of these records.")

    def domain(self) -> w.Choice:
        return w.Choice(eq=any_slug(str(self.eq)) if self.eq is not None else None,
                        in_=tuple(any_slug(str(i)) for i in self.in_)
                        if self.in_ is not None else None)


def _choice(eq: Any, in_: list[Any] | None) -> w.Choice:
    return w.Choice(eq=eq, in_=tuple(in_) if in_ is not None else None)


@strawberry.input(description="Conditions on an organization's kind.")
class OrganizationKindFilter:
    eq: OrganizationKind | None = strawberry.field(default=None, description="This kind.")
    in_: list[OrganizationKind] | None = strawberry.field(default=None, name="in",
                                                          description="One of these kinds.")

    def domain(self) -> w.Choice:
        return _choice(self.eq, self.in_)


@strawberry.input(description="Conditions on an organization's sector.")
class SectorFilter:
    eq: Sector | None = strawberry.field(default=None, description="This sector.")
    in_: list[Sector] | None = strawberry.field(default=None, name="in",
                                                description="One of these sectors.")

    def domain(self) -> w.Choice:
        return _choice(self.eq, self.in_)


@strawberry.input(description="Conditions on the states an organization works in: one of "
                              "them matches.")
class StateFilter:
    eq: StateCode | None = strawberry.field(default=None, description="Works in this state.")
    in_: list[StateCode] | None = strawberry.field(default=None, name="in",
                                                   description="Works in one of these.")

    def domain(self) -> w.Choice:
        return _choice(self.eq, self.in_)


@strawberry.input(description="Conditions on a yes/no field.")
class BooleanFilter:
    eq: bool | None = strawberry.field(default=None, description="Equal to.")

    def domain(self) -> w.Choice:
        return w.Choice(eq=self.eq)


@strawberry.input(description="Conditions on a date; a record without the date matches "
                              "none of them.")
class DateFilter:
    eq: dt.date | None = strawberry.field(default=None, description="On this day.")
    lt: dt.date | None = strawberry.field(default=None, description="Before this day.")
    lte: dt.date | None = strawberry.field(default=None, description="On or before it.")
    gt: dt.date | None = strawberry.field(default=None, description="After this day.")
    gte: dt.date | None = strawberry.field(default=None, description="On or after it.")

    def domain(self) -> w.Dates:
        return w.Dates(eq=self.eq, lt=self.lt, lte=self.lte, gt=self.gt, gte=self.gte)


@strawberry.input(description="A list field includes a value (null, not stated, includes "
                              "nothing).")
class LanguageListFilter:
    includes: str = strawberry.field(description="An ISO 639-3 code, e.g. spa, zap.")

    def domain(self) -> w.Includes:
        return w.Includes(self.includes)


@strawberry.input(description="The populations served include one.")
class PopulationListFilter:
    includes: Population = strawberry.field(description="A population served.")

    def domain(self) -> w.Includes:
        return w.Includes(str(self.includes))


@strawberry.input(description="Conditions on a service type.")
class ServiceTypeWhere:
    id: ServiceIdFilter | None = strawberry.field(default=None,
                                                  description="The service type.")

    def domain(self) -> w.ServiceWhere:
        return w.ServiceWhere(id=self.id.domain() if self.id else None)


@strawberry.input(description="A service type by id, name or usual word.")
class ServiceIdFilter:
    eq: ServiceId | None = strawberry.field(default=None, description="This service type.")
    in_: list[ServiceId] | None = strawberry.field(default=None, name="in",
                                                   description="One of these.")

    def domain(self) -> w.Choice:
        return _choice(self.eq, self.in_)


@strawberry.input(description="The services an organization provides (its capabilities).")
class OrganizationServicesFilter:
    some: ServiceTypeWhere | None = strawberry.field(
        default=None, description="It provides at least one service that matches.")
    none: ServiceTypeWhere | None = strawberry.field(
        default=None, description="It provides no service that matches.")

    def domain(self) -> w.Related:
        return w.Related(some=self.some.domain() if self.some else None,
                         none=self.none.domain() if self.none else None)


@strawberry.input(description="Conditions on a collaboration's kind.")
class CollaborationKindFilter:
    eq: CollaborationKind | None = strawberry.field(default=None, description="This kind.")
    in_: list[CollaborationKind] | None = strawberry.field(default=None, name="in",
                                                           description="One of these.")

    def domain(self) -> w.Choice:
        return _choice(self.eq, self.in_)


@strawberry.input(description="Conditions on a task force or network.")
class CollaborationWhere:
    id: IDFilter | None = strawberry.field(default=None, description="The collaboration.")
    kind: CollaborationKindFilter | None = strawberry.field(default=None,
                                                            description="Its kind.")
    name: StringFilter | None = strawberry.field(default=None, description="Its name.")

    def domain(self) -> w.CollaborationWhere:
        return w.CollaborationWhere(id=self.id.domain() if self.id else None,
                                    kind=self.kind.domain() if self.kind else None,
                                    name=self.name.domain() if self.name else None)


@strawberry.input(description="The task forces and networks an organization is a member of "
                              "(as the caller may see them).")
class OrganizationCollaborationsFilter:
    some: CollaborationWhere | None = strawberry.field(
        default=None, description="It is a member of at least one that matches.")
    none: CollaborationWhere | None = strawberry.field(
        default=None, description="It is a member of none that matches.")

    def domain(self) -> w.Related:
        return w.Related(some=self.some.domain() if self.some else None,
                         none=self.none.domain() if self.none else None)


@strawberry.input(description="A filter on organizations: every condition given must hold; "
                              "`AND`, `OR` and `NOT` combine filters. Evaluated on what the "
                              "caller may see: a filter never matches on a hidden value.")
class OrganizationWhere:
    id: IDFilter | None = strawberry.field(default=None, description="The organization.")
    name: StringFilter | None = strawberry.field(default=None, description="Its name.")
    acronym: StringFilter | None = strawberry.field(default=None, description="Its acronym.")
    city: StringFilter | None = strawberry.field(default=None, description="Its city.")
    kind: OrganizationKindFilter | None = strawberry.field(default=None, description="Kind.")
    sector: SectorFilter | None = strawberry.field(default=None, description="Sector.")
    state: StateFilter | None = strawberry.field(default=None,
                                                 description="A state it works in.")
    national: BooleanFilter | None = strawberry.field(default=None,
                                                      description="Works nationwide.")
    synthetic: BooleanFilter | None = strawberry.field(
        default=None, description="Made up for tests and benchmarks (labelled so).")
    languages: LanguageListFilter | None = strawberry.field(
        default=None, description="Languages it serves in.")
    populations: PopulationListFilter | None = strawberry.field(
        default=None, description="Populations it serves.")
    active_from: DateFilter | None = strawberry.field(default=None,
                                                      description="When it began.")
    active_to: DateFilter | None = strawberry.field(default=None, description="When it ended.")
    services: OrganizationServicesFilter | None = strawberry.field(
        default=None, description="Services it provides.")
    collaborations: OrganizationCollaborationsFilter | None = strawberry.field(
        default=None, description="Task forces and networks it belongs to.")
    and_: list[OrganizationWhere] | None = strawberry.field(
        default=None, name="AND", description="Every one of these filters holds.")
    or_: list[OrganizationWhere] | None = strawberry.field(
        default=None, name="OR", description="At least one of these filters holds.")
    not_: OrganizationWhere | None = strawberry.field(
        default=None, name="NOT", description="This filter does not hold.")

    def domain(self) -> w.Where:
        def conv(x: Any) -> Any:
            return x.domain() if x is not None else None

        return w.Where(
            id=conv(self.id), name=conv(self.name), acronym=conv(self.acronym),
            city=conv(self.city), kind=conv(self.kind), sector=conv(self.sector),
            state=conv(self.state), national=conv(self.national),
            synthetic=conv(self.synthetic), languages=conv(self.languages),
            populations=conv(self.populations), active_from=conv(self.active_from),
            active_to=conv(self.active_to), services=conv(self.services),
            collaborations=conv(self.collaborations),
            all_of=tuple(s.domain() for s in self.and_ or ()),
            any_of=tuple(s.domain() for s in self.or_) if self.or_ is not None else None,
            none_of=conv(self.not_))


@strawberry.enum(description="Which way a sort key orders.")
class SortDirection(Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest (or first in the alphabet, "
                                                   "accents and case ignored) first.")
    DESC = strawberry.enum_value("DESC", description="Largest first.")


@strawberry.input(description="One sort key: set exactly one field. Absent values come last "
                              "either way; ties are broken by name, then id.")
class OrganizationSort:
    name: SortDirection | None = strawberry.field(default=None, description="By name.")
    acronym: SortDirection | None = strawberry.field(default=None, description="By acronym.")
    kind: SortDirection | None = strawberry.field(default=None, description="By kind.")
    sector: SortDirection | None = strawberry.field(default=None, description="By sector.")
    city: SortDirection | None = strawberry.field(default=None, description="By city.")
    active_from: SortDirection | None = strawberry.field(default=None,
                                                         description="By when it began.")
    active_to: SortDirection | None = strawberry.field(default=None,
                                                       description="By when it ended.")


def where_of(value: OrganizationWhere | None) -> w.Where | None:
    """The domain filter, refused (BAD_USER_INPUT naming `where`) when nested too deep or
    too large to evaluate cheaply."""
    if value is None:
        return None
    found = value.domain()
    if found.depth() > w.MAX_DEPTH:
        raise InputError("filter_too_deep", "where", high=w.MAX_DEPTH)
    if found.size() > w.MAX_CONDITIONS:
        raise InputError("at_most", "where", high=w.MAX_CONDITIONS)
    return found


def sort_of(value: list[OrganizationSort] | None) -> list[w.Sort]:
    """The sort keys, each naming exactly one field (else BAD_USER_INPUT naming `sort`)."""
    keys = []
    for i, item in enumerate(value or ()):
        chosen = [(name, d) for name in w.SORT_FIELDS
                  if (d := getattr(item, name)) is not None]
        if len(chosen) != 1:
            raise InputError("one_of", f"sort[{i}]", arguments=", ".join(w.SORT_FIELDS))
        name, direction = chosen[0]
        keys.append(w.Sort(name, descending=direction is SortDirection.DESC))
    return keys
