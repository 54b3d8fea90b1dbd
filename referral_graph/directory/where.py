"""Filtering and sorting organizations with operators, in the Neo4j GraphQL Library's style
(`where: {kind: {in: [...]}, name: {contains: "..."}, OR: [...]}`, `sort: [{name: ASC}]`),
evaluated on the request's snapshot of the projection.

A filter is a tree of `Where` nodes: each names conditions on fields (all must hold), and
`all_of` (AND), `any_of` (OR) and `none_of` (NOT) combine sub-filters. The functions here are
pure: a graph and a filter in, the matching organizations out, the graph untouched.

Confidentiality: `select` reads the graph the caller may see — for a public caller the
public view, where a confidential shelter has no name, city or acronym and no
collaboration lists it — and leaves confidential organizations out of a public answer
altogether, as the search does. A filter on a hidden field therefore matches as if the field
were absent, and neither the answer nor its count can tell a hidden value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from referral_graph.directory.model import Filters
from referral_graph.network.model import OrgNode
from referral_graph.network.public import public_view
from referral_graph.text import fold

MAX_DEPTH = 5  # AND/OR/NOT and relationship filters nested at most this deep
MAX_CONDITIONS = 50  # conditions in one filter, all levels together


@dataclass(frozen=True, slots=True)
class Text:
    """Conditions on a text field. `eq`/`in_` compare exactly; `contains`, `starts_with`
    and `ends_with` ignore case and accents, as the search does."""

    eq: str | None = None
    in_: tuple[str, ...] | None = None
    contains: str | None = None
    starts_with: str | None = None
    ends_with: str | None = None

    def holds(self, value: str | None) -> bool:
        """
        >>> Text(contains="alianza").holds("Fundación Casa Alianza"), Text(eq="x").holds(None)
        (True, False)
        >>> Text(starts_with="fundacion", ends_with="alianza").holds("Fundación Casa Alianza")
        True
        """
        if value is None:  # an absent field (or one the caller may not see) matches nothing
            return False
        if self.eq is not None and value != self.eq:
            return False
        if self.in_ is not None and value not in self.in_:
            return False
        if self.contains is None and self.starts_with is None and self.ends_with is None:
            return True
        folded = fold(value)
        return ((self.contains is None or fold(self.contains) in folded)
                and (self.starts_with is None or folded.startswith(fold(self.starts_with)))
                and (self.ends_with is None or folded.endswith(fold(self.ends_with))))


@dataclass(frozen=True, slots=True)
class Choice:
    """`eq`/`in_` on a closed set (kind, sector, a state, a service, a boolean)."""

    eq: Any = None
    in_: tuple[Any, ...] | None = None

    def holds(self, value: Any) -> bool:
        return ((self.eq is None or value == self.eq)
                and (self.in_ is None or value in self.in_))

    def any_of(self, values: Iterable[Any]) -> bool:
        """For a field with several values (the states it works in): one of them holds.

        >>> Choice(in_=("MX-OAX", "MX-PUE")).any_of({"MX-CHP", "MX-OAX"})
        True
        """
        return any(self.holds(v) for v in values)


@dataclass(frozen=True, slots=True)
class Dates:
    """Range conditions on a date; a record with no date matches none of them."""

    eq: dt.date | None = None
    lt: dt.date | None = None
    lte: dt.date | None = None
    gt: dt.date | None = None
    gte: dt.date | None = None

    def holds(self, value: dt.date | None) -> bool:
        """
        >>> Dates(gte=dt.date(2007, 1, 1), lt=dt.date(2008, 1, 1)).holds(dt.date(2007, 5, 1))
        True
        >>> Dates(lt=dt.date(2008, 1, 1)).holds(None)
        False
        """
        if value is None:
            return False
        return ((self.eq is None or value == self.eq) and (self.lt is None or value < self.lt)
                and (self.lte is None or value <= self.lte)
                and (self.gt is None or value > self.gt)
                and (self.gte is None or value >= self.gte))


@dataclass(frozen=True, slots=True)
class Includes:
    """A list field (languages, populations) includes a value; an unknown list (None:
    not stated) includes nothing."""

    includes: str

    def holds(self, values: Iterable[str] | None) -> bool:
        return values is not None and self.includes in values


@dataclass(frozen=True, slots=True)
class Related:
    """A relationship filter: `some` related record matches, `none` does (NOT)."""

    some: Any = None  # a ServiceWhere or CollaborationWhere
    none: Any = None

    def holds(self, records: Sequence[Any], test: Callable[[Any, Any], bool]) -> bool:
        return ((self.some is None or any(test(self.some, r) for r in records))
                and (self.none is None or not any(test(self.none, r) for r in records)))


@dataclass(frozen=True, slots=True)
class ServiceWhere:
    id: Choice | None = None


@dataclass(frozen=True, slots=True)
class CollaborationWhere:
    id: Choice | None = None
    kind: Choice | None = None
    name: Text | None = None


@dataclass(frozen=True, slots=True)
class Where:
    """A filter on organizations: every condition set here holds."""

    id: Choice | None = None
    name: Text | None = None
    acronym: Text | None = None
    city: Text | None = None
    kind: Choice | None = None
    sector: Choice | None = None
    state: Choice | None = None  # a state it works in
    national: Choice | None = None
    synthetic: Choice | None = None
    languages: Includes | None = None
    populations: Includes | None = None
    active_from: Dates | None = None
    active_to: Dates | None = None
    services: Related | None = None
    collaborations: Related | None = None
    all_of: tuple[Where, ...] = ()
    any_of: tuple[Where, ...] | None = None
    none_of: Where | None = None

    def depth(self) -> int:
        """How deep AND/OR/NOT and relationship filters nest (a flat filter: 1).

        >>> Where(any_of=(Where(none_of=Where()),)).depth()
        3
        """
        subs = [*self.all_of, *(self.any_of or ()), *([self.none_of] if self.none_of else [])]
        related = 1 if self.services is not None or self.collaborations is not None else 0
        return 1 + max([related, *(s.depth() for s in subs)])

    def size(self) -> int:
        """How many conditions the filter holds, every level counted."""
        own = sum(1 for name in _FIELDS if getattr(self, name) is not None)
        subs = [*self.all_of, *(self.any_of or ()), *([self.none_of] if self.none_of else [])]
        return own + sum(s.size() for s in subs)


_FIELDS = ("id", "name", "acronym", "city", "kind", "sector", "state", "national", "synthetic",
           "languages", "populations", "active_from", "active_to", "services",
           "collaborations")


@dataclass(frozen=True, slots=True)
class Facts:
    """What a filter reads about one organization, as the caller may see it."""

    org: OrgNode
    services: tuple[str, ...] = ()
    collaborations: tuple[Any, ...] = ()  # CollaborationInfo


def _service_holds(w: ServiceWhere, service: str) -> bool:
    return w.id is None or w.id.holds(service)


def _collaboration_holds(w: CollaborationWhere, c: Any) -> bool:
    return ((w.id is None or w.id.holds(c.id)) and (w.kind is None or w.kind.holds(c.kind))
            and (w.name is None or w.name.holds(c.name)))


def matches(w: Where, f: Facts) -> bool:
    """Whether organization `f` meets filter `w`.

    >>> o = OrgNode(id="dif-oax", name="DIF Oaxaca", kind="government", sector="government",
    ...             states=frozenset({"MX-OAX"}))
    >>> matches(Where(kind=Choice(in_=("government", "ngo")), state=Choice(eq="MX-OAX")),
    ...         Facts(o))
    True
    >>> matches(Where(any_of=(Where(name=Text(contains="puebla")),
    ...                       Where(none_of=Where(kind=Choice(eq="government"))))), Facts(o))
    False
    >>> matches(Where(services=Related(some=ServiceWhere(id=Choice(eq="legal_aid")))),
    ...         Facts(o, services=("legal_aid",)))
    True
    """
    return predicate(w)(f)


# Filter fields read straight off the organization, with the attribute each reads.
_PLAIN = ("id", "name", "acronym", "city", "kind", "sector", "national", "synthetic",
          "languages", "populations", "active_from", "active_to")
Test = Callable[[Facts], bool]


def predicate(w: Where) -> Test:
    """`w` as one function of an organization's facts, built once per question: only the
    conditions `w` sets are tested, so a filter costs what it asks (at 100,000
    organizations a function per condition per organization was most of the time)."""
    tests: list[Test] = [_field_test(cond, name) for name in _PLAIN
                         if (cond := getattr(w, name)) is not None]
    if w.state is not None:
        state = w.state
        tests.append(lambda f: state.any_of(f.org.states))
    if w.services is not None:
        services = w.services
        tests.append(lambda f: services.holds(f.services, _service_holds))
    if w.collaborations is not None:
        collaborations = w.collaborations
        tests.append(lambda f: collaborations.holds(f.collaborations, _collaboration_holds))
    if w.all_of:
        every = [predicate(s) for s in w.all_of]
        tests.append(lambda f: all(p(f) for p in every))
    if w.any_of is not None:
        some = [predicate(s) for s in w.any_of]
        tests.append(lambda f: any(p(f) for p in some))
    if w.none_of is not None:
        negated = predicate(w.none_of)
        tests.append(lambda f: not negated(f))
    if not tests:
        return lambda f: True
    if len(tests) == 1:
        return tests[0]
    return lambda f: all(test(f) for test in tests)


def _field_test(cond: Any, attribute: str) -> Test:
    return lambda f: bool(cond.holds(getattr(f.org, attribute)))


def needs(w: Where, field: str) -> bool:
    """Whether `w` reads `field` ("services", "collaborations") anywhere in its tree."""
    subs = [*w.all_of, *(w.any_of or ()), *([w.none_of] if w.none_of else [])]
    return getattr(w, field) is not None or any(needs(s, field) for s in subs)


@dataclass(frozen=True, slots=True)
class Sort:
    """One sort key: a field of `SORT_FIELDS` and its direction."""

    field: str
    descending: bool = False


def _sort_value(o: OrgNode, name: str) -> Any:
    if name == "name":
        return fold(o.name)
    if name == "acronym":
        return fold(o.acronym) if o.acronym else None
    return getattr(o, name)


SORT_FIELDS = ("name", "acronym", "kind", "sector", "city", "active_from", "active_to")


def ordered(orgs: list[OrgNode], sort: Sequence[Sort]) -> list[OrgNode]:
    """`orgs` sorted by each key in turn (absent values last whatever the direction), then
    in the search's own order (its name key, then id), so that every order is total, pages
    never overlap, and with no key the order is the plain search's.

    >>> a = OrgNode(id="a", name="Beta", kind="ngo", sector="civil_society")
    >>> b = OrgNode(id="b", name="Alfa", kind="government", sector="government")
    >>> c = OrgNode(id="c", name="Álamo", kind="ngo", sector="civil_society")
    >>> [o.id for o in ordered([a, b, c], [Sort("kind", descending=True)])]
    ['c', 'a', 'b']
    """
    out = sorted(orgs, key=lambda o: (o.search_key or fold(o.name), o.id))
    for key in reversed(sort):
        values = {o.id: _sort_value(o, key.field) for o in out}  # once per organization
        present = [o for o in out if values[o.id] is not None]
        absent = [o for o in out if values[o.id] is None]
        present.sort(key=lambda o: values[o.id], reverse=key.descending)
        out = present + absent
    return out


def search_holds(search: Filters, f: Facts, search_key: str, covers: frozenset[str]) -> bool:
    """The search's own arguments (`directory.model.Filters`), applied to one organization
    as the database search applies them."""
    o = f.org
    words = fold(search.query or "").split()
    return (all(w in search_key for w in words)
            and (search.kind is None or o.kind == search.kind)
            and (search.sector is None or o.sector == search.sector)
            and (search.language is None or search.language in (o.languages or ()))
            and (search.population is None or search.population in (o.populations or ()))
            and (search.active_on is None or o.active_on(search.active_on))
            and (search.service is None or search.service in f.services)
            and (search.state is None or o.national or search.state in o.states
                 or search.state in covers))


def select(G: nx.Graph, *, see_confidential: bool, where: Where | None,
           sort: Sequence[Sort] = (), legacy: Filters | None = None) -> list[OrgNode]:
    """The organizations the caller may see that meet `where` and the search arguments,
    in `sort` order (by name when none is given)."""
    view = G if see_confidential else public_view(G)
    test = predicate(where) if where is not None else None
    # Services and memberships are gathered only when something reads them.
    want_services = (where is not None and needs(where, "services")) or (
        legacy is not None and (legacy.service is not None or legacy.state is not None))
    members: dict[str, list[Any]] | None = None
    if where is not None and needs(where, "collaborations"):
        members = {}
        for c in view.graph.get("collaborations", {}).values():
            for m in c.members:
                members.setdefault(m, []).append(c)
    out = []
    for node, data in view.nodes(data=True):
        o: OrgNode = data["org"]
        if o.confidential and not see_confidential:
            continue
        provisions = data.get("provisions", ()) if want_services else ()
        f = Facts(o, tuple(p.service for p in provisions),
                  tuple(members.get(node, ())) if members is not None else ())
        if legacy is not None:
            covers = frozenset(s for p in provisions for s in p.covers)
            if not search_holds(legacy, f, o.search_key, covers):
                continue
        if test is None or test(f):
            out.append(o)
    return ordered(out, sort)
