"""Filtering and sorting an organization's agreements and activities with operators, in the
style of `referral_graph.directory.where` (`where: {kind: {in: [...]}, date: {gte: ...},
parties: {some: {id: {eq: ...}}}, OR: [...]}`, `sort: [{date: DESC}]`).

Pure functions over the records the caller was already given: an agreement's `parties` and
an activity's `participants` hold only the organizations the caller may see (the store
leaves a hidden one out), so a public caller's filter on a confidential party matches
exactly as one on an unknown id, and the answer cannot tell a hidden value.
Sorting is stable: ties keep the order the records came in (for a public caller an order
that says nothing of the ids, see `Organization.agreements`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from referral_graph.directory.where import MAX_CONDITIONS, MAX_DEPTH, Choice, Dates

__all__ = ["MAX_CONDITIONS", "MAX_DEPTH", "Facts", "RecordWhere", "Related", "filtered",
           "matches", "ordered"]


@dataclass(frozen=True, slots=True)
class Related:
    """`some` related organization has one of the ids, `none` has (NOT)."""

    some: Choice | None = None
    none: Choice | None = None

    def holds(self, ids: Sequence[str]) -> bool:
        return ((self.some is None or self.some.any_of(ids))
                and (self.none is None or not self.none.any_of(ids)))


@dataclass(frozen=True, slots=True)
class Facts:
    """What a filter reads of one agreement (date, ends, parties) or activity (start, end,
    participants)."""

    kind: str
    start: dt.date | None
    end: dt.date | None
    organizations: tuple[str, ...]
    states: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RecordWhere:
    """Conditions that must all hold; `all_of` (AND), `any_of` (OR), `none_of` (NOT)."""

    kind: Choice | None = None
    start: Dates | None = None
    end: Dates | None = None
    organizations: Related | None = None
    states: Choice | None = None
    all_of: tuple[RecordWhere, ...] = ()
    any_of: tuple[RecordWhere, ...] | None = None
    none_of: RecordWhere | None = None

    def depth(self) -> int:
        subs = [*self.all_of, *(self.any_of or ()), *([self.none_of] if self.none_of else [])]
        return 1 + max((s.depth() for s in subs), default=0)

    def size(self) -> int:
        own = sum(c is not None for c in (self.kind, self.start, self.end, self.organizations,
                                          self.states))
        subs = [*self.all_of, *(self.any_of or ()), *([self.none_of] if self.none_of else [])]
        return own + sum(s.size() for s in subs)


def matches(w: RecordWhere, f: Facts) -> bool:
    """
    >>> f = Facts("mou", dt.date(2008, 3, 1), None, ("proteja", "pgr"), ("MX-OAX",))
    >>> matches(RecordWhere(kind=Choice(in_=("mou", "grant")),
    ...                     organizations=Related(some=Choice(eq="pgr"))), f)
    True
    >>> matches(RecordWhere(any_of=(RecordWhere(end=Dates(gte=dt.date(2009, 1, 1))),)), f)
    False
    >>> matches(RecordWhere(none_of=RecordWhere(states=Choice(eq="MX-OAX"))), f)
    False
    """
    return ((w.kind is None or w.kind.holds(f.kind))
            and (w.start is None or w.start.holds(f.start))
            and (w.end is None or w.end.holds(f.end))
            and (w.organizations is None or w.organizations.holds(f.organizations))
            and (w.states is None or w.states.any_of(f.states))
            and all(matches(s, f) for s in w.all_of)
            and (w.any_of is None or any(matches(s, f) for s in w.any_of))
            and (w.none_of is None or not matches(w.none_of, f)))


SORT_FIELDS = ("start", "end", "kind")


def ordered(facts: Sequence[Facts], keys: Sequence[tuple[str, bool]]) -> list[int]:
    """Positions of `facts` in the order `keys` give ((field, descending), first key first);
    absent values last either way; ties keep the order given.

    >>> fs = [Facts("b", None, None, (), ()), Facts("a", dt.date(2008, 1, 1), None, (), ()),
    ...       Facts("a", dt.date(2009, 1, 1), None, (), ())]
    >>> ordered(fs, [("start", True)]), ordered(fs, [("kind", False)])
    ([2, 1, 0], [1, 2, 0])
    """
    positions = list(range(len(facts)))
    for name, descending in reversed(keys):  # stable sorts, least significant key first
        present = [i for i in positions if getattr(facts[i], name) is not None]
        absent = [i for i in positions if getattr(facts[i], name) is None]
        present.sort(key=lambda i: getattr(facts[i], name), reverse=descending)
        positions = present + absent
    return positions


_T = TypeVar("_T")


def filtered(items: Sequence[_T], facts: Sequence[Facts], where: RecordWhere | None,
             sort: Sequence[tuple[str, bool]]) -> list[_T]:
    """`items` (each described by the same position of `facts`) that `where` matches, in
    the order `sort` gives (the order given where it says nothing).

    >>> fs = [Facts("mou", None, None, ("a",), ()), Facts("grant", None, None, ("b",), ())]
    >>> filtered(["x", "y"], fs, RecordWhere(organizations=Related(none=Choice(eq="a"))), [])
    ['y']
    """
    keep = [i for i, f in enumerate(facts) if where is None or matches(where, f)]
    order = ordered([facts[i] for i in keep], sort)
    return [items[keep[i]] for i in order]
