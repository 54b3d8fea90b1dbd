"""Who provides a service in a state: ranked, explained, and honest when nobody does.

A pure function over the networkx projection (`referral_graph.network`): the ranking is
the planner's reach rule (`network.reach.reach`) — works in the state, then covers
it, then national reach — and, within a rank, a service a source states for the organization
itself, then one a source states only for a group it belongs to ("the supported shelters"),
then one that follows from a legal mandate.

Every answer says which date it is about (the date asked, else today), how old its newest
evidence is, and — when nothing is in force on that date — which providers were recorded last
and when their records ended, instead of an empty page. For a public caller, confidential
shelters that serve the state are counted (never named), as the coverage report counts them.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace

import networkx as nx

from referral_graph.directory.answers import DateBasis, Freshness, newest, provision_dates
from referral_graph.directory.errors import DirectoryError
from referral_graph.network.model import OrgNode, Provision, SourceRef
from referral_graph.network.reach import local_states
from referral_graph.network.snapshot import per_version
from referral_graph.referrals.eligibility import (
    Ended,
    ended_providers,
    every_provision,
    reaching_near,
    ways_in,
)
from referral_graph.referrals.model import Reach

MAX_ALTERNATIVES = 5
_FAR = 99  # distance of a state no border leads to, or of a provision with no state
_FARTHER_KEY = "farther"  # `per_version` memo: (service, state) -> `farther` list
_BY_NAME_KEY = "by_name"  # `per_version` memo: service -> `_by_name` list
_SERVING_KEY = "serving"  # `per_version` memo: (service, state) -> `serving` lists
_ANSWERS_KEY = "directory"  # `per_version` memo: (service, state, staff, date) -> answer
MAX_KEPT_ANSWERS = 4096  # each holds references to providers already held (~2 KB)
MAX_INTERMEDIARIES = 3


@dataclass(frozen=True, slots=True)
class Provider:
    org: OrgNode
    provision: Provision
    reach: Reach
    state: str  # the state asked about (for alternatives: the nearest state it works in)
    distance: int = 0  # borders crossed from the asked state; 0 in the state

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        return self.provision.sources


@dataclass(frozen=True, slots=True)
class ProviderDirectory:
    service: str
    state: str
    as_of: dt.date
    providers: tuple[Provider, ...]
    alternatives: tuple[Provider, ...]
    # Public intermediaries of confidential providers the caller may not see; empty tuple
    # when there are such providers but no public tie to them, None when there are none.
    confidential_via: tuple[OrgNode, ...] | None = None
    confidential_nearby: bool = False  # the hidden ones are alternatives, not in the state
    # Confidential providers in force for the state that the caller may not see: counted, as
    # the coverage report counts them, never named. (local ones, national ones)
    hidden: tuple[int, int] = (0, 0)
    # Nothing in force on `as_of`: the providers recorded last, with their end dates.
    ended: tuple[Ended, ...] = ()
    basis: DateBasis | None = None
    newest: dt.date | None = None  # the newest date among the records behind the answer

    @property
    def none_in_state(self) -> bool:
        """No provider works in or covers the state (national ones may still serve it);
        a confidential one the caller may not see counts."""
        return not self.hidden[0] and not any(p.reach in (Reach.OPERATES_IN, Reach.COVERS)
                                              for p in self.providers)

    @property
    def count(self) -> int:
        """Providers in force for the state (local and national), hidden ones included: the
        number the coverage report and the planner give for the same question."""
        return len(self.providers) + sum(self.hidden)

    def freshness(self, max_age_days: int) -> Freshness:
        return Freshness(self.newest, self.as_of, max_age_days)


def basis_rank(p: Provision) -> int:
    """0: a source states it for the organization; 1: for a group it belongs to; 2: mandate.

    >>> basis_rank(Provision("p", "o", "legal_aid", "stated", scope="group"))
    1
    """
    if p.basis != "stated":
        return 2
    return 1 if p.for_group else 0


def rank(p: Provider) -> tuple[int, int, int, str, str, str]:
    """Where the directory shows `p`: nearest, best reach, best basis, then by name (and ids,
    so that no two providers tie and a page's cursor finds its place again)."""
    return (p.distance, int(p.reach), basis_rank(p.provision), p.org.name.casefold(),
            p.org.id, p.provision.id)


def _distances(G: nx.Graph, state: str) -> dict[str, int]:
    """Borders crossed from `state` to every state (breadth-first over land borders)."""
    states = G.graph.get("states", {})
    dist = {state: 0}
    queue = deque([state])
    while queue:
        s = queue.popleft()
        for n in sorted(states[s].neighbours) if s in states else ():
            if n not in dist:
                dist[n] = dist[s] + 1
                queue.append(n)
    return dist


def serving(G: nx.Graph, service: str, state: str
            ) -> tuple[tuple[Provider, ...], tuple[Provider, ...]]:
    """The providers of `service` that serve `state` (in it, covering it or national),
    whoever asks and whenever: in `reaching`'s order, and ranked as the directory shows
    them. Made once per graph version and (service, state); the directory filters both by
    date and caller as it reads (a filtered stable sort is the sort of the filtered).

    >>> from referral_graph.network.model import StateInfo
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca")})
    >>> for oid, national in (("n", True), ("b", False), ("a", False)):
    ...     G.add_node(oid, org=OrgNode(oid, oid, "ngo", "civil_society",
    ...                                 frozenset({"MX-OAX"}) if not national else frozenset(),
    ...                                 national=national),
    ...                provisions=[Provision(f"{oid}-p", oid, "legal_aid", "stated")])
    >>> [[p.org.id for p in ps] for ps in serving(G, "legal_aid", "MX-OAX")]
    [['b', 'a', 'n'], ['a', 'b', 'n']]
    """
    lists = per_version(G, _SERVING_KEY)
    found: tuple[tuple[Provider, ...], tuple[Provider, ...]] | None = \
        lists.get((service, state))
    if found is not None:
        return found
    in_order = tuple(Provider(org, prov, r, state)
                     for org, prov, r in reaching_near(G, service, state))
    found = lists[(service, state)] = (in_order, tuple(sorted(in_order, key=rank)))
    return found


def farther(G: nx.Graph, service: str, state: str) -> Iterator[Provider]:
    """The providers of `service` that do not reach `state` (neither in it, covering it,
    nor national), each at the state nearest to it where it works, nearest first, as
    alternatives are ranked. The order is made once per graph version and (service, state):
    it depends on neither the caller nor the date, which the directory filters by as it
    reads; each provider is made as it is read, since a reader wants the first few.

    Why: a state with no provider of its own was answered by working out the distance of
    every provider of the service in the country, per request (thousands at 100k).

    >>> from referral_graph.network.model import StateInfo
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca",
    ...                                          frozenset({"MX-PUE"})),
    ...                      "MX-PUE": StateInfo("MX-PUE", "Puebla", "Puebla",
    ...                                          frozenset({"MX-OAX"}))})
    >>> for oid, state in (("a", "MX-OAX"), ("b", "MX-PUE")):
    ...     G.add_node(oid, org=OrgNode(oid, oid, "ngo", "civil_society", frozenset({state})),
    ...                provisions=[Provision(f"{oid}-p", oid, "legal_aid", "stated")])
    >>> [(p.org.id, p.state, p.distance) for p in farther(G, "legal_aid", "MX-OAX")]
    [('b', 'MX-PUE', 1)]
    """
    base, _ = _by_name(G, service)
    for i, d, where in _farther_order(G, service, state):
        org, prov = base[i]
        yield Provider(org, prov, Reach.NEIGHBOUR, where, d)


def _farther_order(G: nx.Graph, service: str, state: str
                   ) -> tuple[tuple[int, int, str], ...]:
    """`farther`'s order as (position in `_by_name`, distance, nearest state).

    `rank` is (distance, reach, then what `_by_name` sorted by) and the reach is the same
    for all, so walking the states ring by ring outwards (the nearest state first, then by
    code, as `rank`'s (distance, state) minimum picks it) and each ring in `_by_name`'s
    order gives the sorted order without sorting thousands of providers per state.
    """
    lists = per_version(G, _FARTHER_KEY)
    found: tuple[tuple[int, int, str], ...] | None = lists.get((service, state))
    if found is not None:
        return found
    base, local = _by_name(G, service)
    serves = {prov.id for _, prov, _ in reaching_near(G, service, state)}
    dist = _distances(G, state)
    rings: dict[int, list[str]] = {}
    for s in local:  # a state no border leads to is as far as a provision with no state
        rings.setdefault(dist.get(s, _FAR), []).append(s)
    placed: dict[int, tuple[int, str]] = {}
    for d in sorted(rings):
        for s in sorted(rings[d]):
            for i in local[s]:
                if i not in placed:
                    placed[i] = (d, s)
    order = []
    for i, (_, prov) in enumerate(base):
        if prov.id not in serves:
            d, where = placed.get(i, (_FAR, ""))
            order.append((i, d, where))
    order.sort(key=lambda x: x[1])  # stable: `_by_name`'s order within a distance
    found = lists[(service, state)] = tuple(order)
    return found


def _by_name(G: nx.Graph, service: str
             ) -> tuple[tuple[tuple[OrgNode, Provision], ...], dict[str, tuple[int, ...]]]:
    """Every provision of `service` in `rank`'s order after distance and reach (basis,
    name, id), and for each state the positions of those local to it. Made once per graph
    version and service, whichever state is asked."""
    lists = per_version(G, _BY_NAME_KEY)
    found = lists.get(service)
    if found is None:
        base = tuple(sorted(every_provision(G, service),
                            key=lambda op: (basis_rank(op[1]), op[0].name.casefold(),
                                            op[0].id, op[1].id)))
        local: dict[str, list[int]] = {}
        for i, (org, prov) in enumerate(base):
            for s in local_states(org, prov):
                local.setdefault(s, []).append(i)
        found = lists[service] = (base, {s: tuple(ix) for s, ix in local.items()})
    return found


def _in_force(p: Provider, day: dt.date) -> bool:
    return p.org.active_on(day) and p.provision.active_on(day)


def providers_in_state(G: nx.Graph, service: str, state: str, *, see_confidential: bool,
                       as_of: dt.date | None = None) -> ProviderDirectory:
    """The providers of `service` in `state`, best reach first, with the nearest alternatives.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Provision, StateInfo, ServiceInfo
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca",
    ...                                          frozenset({"MX-PUE"})),
    ...                      "MX-PUE": StateInfo("MX-PUE", "Puebla", "Puebla")},
    ...              services={"legal_aid": ServiceInfo("legal_aid", "Asesoría", "Legal aid")})
    >>> G.add_node("b", org=OrgNode("b", "Bufete", "ngo", "civil_society",
    ...            frozenset({"MX-PUE"})), provisions=[Provision("p", "b", "legal_aid", "stated")])
    >>> d = providers_in_state(G, "legal_aid", "MX-OAX", see_confidential=False)
    >>> d.none_in_state, [(a.org.id, a.state, a.distance) for a in d.alternatives]
    (True, [('b', 'MX-PUE', 1)])
    """
    states = G.graph.get("states", {})
    services = G.graph.get("services", {})
    if states and state not in states:
        raise DirectoryError(f"state: {state!r} is not a Mexican state code (e.g. MX-OAX)")
    if services and service not in services:
        raise DirectoryError(f"service: unknown service type {service!r}")
    basis = DateBasis.of(as_of)
    assert basis.as_of is not None
    # Kept per graph version: the answer depends on nothing else, and a page of it, the same
    # question in the other language or by the next caller need not filter it again. The
    # date basis is the question's (today asked or not given reads differently).
    answers = per_version(G, _ANSWERS_KEY)
    key = (service, state, see_confidential, basis.as_of)
    found: ProviderDirectory | None = answers.get(key)
    if found is None:
        found = _answer(G, service, state, see_confidential, basis.as_of)
        if len(answers) < MAX_KEPT_ANSWERS:
            answers[key] = found
    return found if found.basis == basis else replace(found, basis=basis)


def _answer(G: nx.Graph, service: str, state: str, see_confidential: bool,
            as_of: dt.date) -> ProviderDirectory:
    basis = DateBasis(as_of)
    in_order, ranked = serving(G, service, state)
    inside = [p for p in in_order if _in_force(p, as_of)]
    in_force = {id(p) for p in inside}  # the same objects as in `ranked`: checked once
    hidden = [p.org for p in inside if not see_confidential and p.org.confidential]
    hidden_local = {p.org.id for p in inside if not see_confidential and p.org.confidential
                    and p.reach in (Reach.OPERATES_IN, Reach.COVERS)}
    hidden_count = (len(hidden_local), len({o.id for o in hidden} - hidden_local))
    providers = tuple(p for p in ranked if id(p) in in_force
                      and (see_confidential or not p.org.confidential))
    alternatives: tuple[Provider, ...] = ()
    nearby = False
    if not any(p.reach in (Reach.OPERATES_IN, Reach.COVERS) for p in providers):
        shown: list[Provider] = []
        unseen: list[OrgNode] = []  # the nearest confidential ones, whoever asks
        for p in farther(G, service, state):
            if not _in_force(p, as_of):
                continue
            if p.org.confidential:
                if len(unseen) < MAX_ALTERNATIVES:
                    unseen.append(p.org)
                if not see_confidential:
                    continue
            if len(shown) < MAX_ALTERNATIVES:
                shown.append(p)
            if len(shown) >= MAX_ALTERNATIVES:
                # The confidential ones are named only when there is no alternative at all:
                # with the alternatives found, the rest of the country is not worth a look
                # (it used to be walked whole when fewer than five were confidential).
                break
        alternatives = tuple(shown)
        if not hidden and not alternatives:
            # Only confidential coverage anywhere: say so and how to reach it, nothing more.
            hidden = unseen
            nearby = bool(hidden) and not see_confidential
            if see_confidential:
                hidden = []
    via = ways_in(G, hidden, as_of, MAX_INTERMEDIARIES) if hidden else None
    ended: tuple[Ended, ...] = ()
    if not inside:
        ended = tuple(ended_providers(G, service, state, as_of,
                                      include_confidential=see_confidential))
    # What the answer rests on: the providers in or serving the state (the hidden ones are
    # counted in it), the alternatives and ended records it shows; never a neighbouring
    # state's provider it does not show, whose newer record made the answer look fresher.
    dates = [d for c in inside for d in provision_dates(c.org, c.provision)]
    dates += [d for p in alternatives for d in provision_dates(p.org, p.provision)]
    dates += [d for e in ended for d in provision_dates(e.org, e.provision)]
    return ProviderDirectory(service, state, as_of, providers, alternatives, via, nearby,
                             hidden_count, ended, basis, newest(dates))
