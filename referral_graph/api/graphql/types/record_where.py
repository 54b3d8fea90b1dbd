"""`where` and `sort` for an organization's `agreementsConnection` and
`activitiesConnection`, in the style of `OrganizationWhere` (domain:
`referral_graph.directory.record_where`)."""

from __future__ import annotations

from typing import Any

import strawberry

from referral_graph.api.graphql.errors import InputError
from referral_graph.api.graphql.types.enums import ActivityKind, AgreementKind
from referral_graph.api.graphql.types.where import DateFilter, IDFilter, SortDirection
from referral_graph.directory import record_where as rw
from referral_graph.directory.where import Choice


def _choice(eq: Any, in_: list[Any] | None) -> Choice:
    return Choice(eq=eq, in_=tuple(in_) if in_ is not None else None)


@strawberry.input(description="Conditions on an agreement's kind.")
class AgreementKindFilter:
    eq: AgreementKind | None = strawberry.field(default=None, description="This kind.")
    in_: list[AgreementKind] | None = strawberry.field(default=None, name="in",
                                                       description="One of these kinds.")


@strawberry.input(description="Conditions on an activity's kind.")
class ActivityKindFilter:
    eq: ActivityKind | None = strawberry.field(default=None, description="This kind.")
    in_: list[ActivityKind] | None = strawberry.field(default=None, name="in",
                                                      description="One of these kinds.")


@strawberry.input(description="Conditions on a related organization.")
class RelatedOrganizationWhere:
    id: IDFilter | None = strawberry.field(default=None, description="Its id.")


@strawberry.input(description="The organizations named with the record (those the caller "
                              "may see: a confidential one matches, for a public caller, "
                              "as an unknown id does).")
class RelatedOrganizationsFilter:
    some: RelatedOrganizationWhere | None = strawberry.field(
        default=None, description="At least one of them matches.")
    none: RelatedOrganizationWhere | None = strawberry.field(
        default=None, description="None of them matches.")

    def domain(self) -> rw.Related:
        def conv(x: RelatedOrganizationWhere | None) -> Choice | None:
            return x.id.domain() if x is not None and x.id is not None else (
                Choice() if x is not None else None)
        return rw.Related(some=conv(self.some), none=conv(self.none))


_AND = "Every one of these filters holds."
_OR = "At least one of these filters holds."
_NOT = "This filter does not hold."


@strawberry.input(description="A filter on agreements: every condition given must hold.")
class AgreementWhere:
    kind: AgreementKindFilter | None = strawberry.field(default=None, description="Its kind.")
    date: DateFilter | None = strawberry.field(
        default=None, description="Its date (an undated one matches no date condition).")
    ends: DateFilter | None = strawberry.field(default=None, description="When it ends.")
    parties: RelatedOrganizationsFilter | None = strawberry.field(
        default=None, description="Its parties.")
    and_: list[AgreementWhere] | None = strawberry.field(default=None, name="AND",
                                                         description=_AND)
    or_: list[AgreementWhere] | None = strawberry.field(default=None, name="OR",
                                                        description=_OR)
    not_: AgreementWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)

    def domain(self) -> rw.RecordWhere:
        return rw.RecordWhere(
            kind=_choice(self.kind.eq, self.kind.in_) if self.kind else None,
            start=self.date.domain() if self.date else None,
            end=self.ends.domain() if self.ends else None,
            organizations=self.parties.domain() if self.parties else None,
            all_of=tuple(s.domain() for s in self.and_ or ()),
            any_of=tuple(s.domain() for s in self.or_) if self.or_ is not None else None,
            none_of=self.not_.domain() if self.not_ else None)


@strawberry.input(description="A filter on activities: every condition given must hold.")
class ActivityWhere:
    kind: ActivityKindFilter | None = strawberry.field(default=None, description="Its kind.")
    start: DateFilter | None = strawberry.field(default=None, description="Its first day.")
    end: DateFilter | None = strawberry.field(
        default=None, description="Its last day (a one-day event has none).")
    participants: RelatedOrganizationsFilter | None = strawberry.field(
        default=None, description="The organizations that took part.")
    and_: list[ActivityWhere] | None = strawberry.field(default=None, name="AND",
                                                        description=_AND)
    or_: list[ActivityWhere] | None = strawberry.field(default=None, name="OR",
                                                       description=_OR)
    not_: ActivityWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)

    def domain(self) -> rw.RecordWhere:
        return rw.RecordWhere(
            kind=_choice(self.kind.eq, self.kind.in_) if self.kind else None,
            start=self.start.domain() if self.start else None,
            end=self.end.domain() if self.end else None,
            organizations=self.participants.domain() if self.participants else None,
            all_of=tuple(s.domain() for s in self.and_ or ()),
            any_of=tuple(s.domain() for s in self.or_) if self.or_ is not None else None,
            none_of=self.not_.domain() if self.not_ else None)


_SORT = ("One sort key: set exactly one field. Absent values come last either way; ties "
         "keep the default order.")


@strawberry.input(description=_SORT)
class AgreementSort:
    date: SortDirection | None = strawberry.field(default=None, description="By date.")
    ends: SortDirection | None = strawberry.field(default=None, description="By its end.")
    kind: SortDirection | None = strawberry.field(default=None, description="By kind.")


@strawberry.input(description=_SORT)
class ActivitySort:
    start: SortDirection | None = strawberry.field(default=None,
                                                   description="By its first day.")
    end: SortDirection | None = strawberry.field(default=None, description="By its last day.")
    kind: SortDirection | None = strawberry.field(default=None, description="By kind.")


def where_of(value: AgreementWhere | ActivityWhere | None) -> rw.RecordWhere | None:
    """The domain filter, refused (BAD_USER_INPUT naming `where`) when too deep or large."""
    if value is None:
        return None
    found = value.domain()
    if found.depth() > rw.MAX_DEPTH:
        raise InputError("filter_too_deep", "where", high=rw.MAX_DEPTH)
    if found.size() > rw.MAX_CONDITIONS:
        raise InputError("at_most", "where", high=rw.MAX_CONDITIONS)
    return found


def sort_of(value: list[Any] | None, fields: dict[str, str]) -> list[tuple[str, bool]]:
    """(domain field, descending) per key; `fields` maps the input's names to the domain's.
    Each key names exactly one field, else BAD_USER_INPUT naming `sort`."""
    keys = []
    for i, item in enumerate(value or ()):
        chosen = [(name, d) for name in fields if (d := getattr(item, name)) is not None]
        if len(chosen) != 1:
            raise InputError("one_of", f"sort[{i}]", arguments=", ".join(fields))
        name, direction = chosen[0]
        keys.append((fields[name], direction is SortDirection.DESC))
    return keys


AGREEMENT_SORT = {"date": "start", "ends": "end", "kind": "kind"}
ACTIVITY_SORT = {"start": "start", "end": "end", "kind": "kind"}
