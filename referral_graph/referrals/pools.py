"""What a plan reads for a caller on a day, kept per graph version: each need's providers
serving the state (those the caller may see, and the confidential ones it may not), the
organizations a chain of introductions may not pass through, and where a need nobody
meets in the state is met instead.

Why: at 100,000 organizations a state's providers of a need are ~290 on average, and a
plan filtered them by the day and the caller's sight on every request, then counted them;
its searches asked of each organization they met whether it was active on the day and
visible. Together that was about half of a plan's time. Both depend on nothing but the
graph, the day and whether the caller sees confidential records (and, for a need, the pair
and the constraints that add no note), so they are made once per graph version and kept.
Each kept pool holds references to candidates already held (`near_candidates`), never
copies; the organizations a chain may not pass are a set of ids (~17,000 at 100k).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import networkx as nx

from referral_graph.network.reach import reach
from referral_graph.network.snapshot import per_version, raw_nodes
from referral_graph.referrals.eligibility import (
    Candidate,
    admitted,
    candidates,
    neighbours_of,
)
from referral_graph.referrals.model import Constraints, Reach

_POOLS_KEY = "plan_pools"  # `per_version` memo: (need, state, staff, day) -> `Pool`
_ELSEWHERE_KEY = "plan_elsewhere"  # `per_version` memo: (need, state, staff, day) -> `Elsewhere`
_HELD = ("held",)  # a memo's key for the number of candidates its entries hold
# What each memo may hold per version, in candidates, so that questions about many days
# cannot grow a worker without bound: today's public pools at 100k hold ~185,000
# references (8 bytes each); a need's nearest coverage holds its candidates elsewhere
# (up to a few thousand, made for it: ~64 bytes each).
POOLS_BUDGET = 1_000_000
ELSEWHERE_BUDGET = 100_000
_CLOSED_KEY = "closed_to_chains"  # `per_version` memo: (staff, day) -> frozenset of ids
MAX_KEPT_DAYS = 8  # days (× two sights) whose closed organizations are kept


@dataclass(frozen=True, slots=True)
class Pool:
    """A need's eligible providers serving a state, as one caller sees them.

    near:    those the caller may see, in `candidates`' order.
    hidden:  confidential ones the caller may not see (none for staff): counted, and
             reached through others, never named.
    count:   distinct organizations of the two, which is what a plan reports.
    plain:   `near` is exactly the day's admitted `near_candidates` (no constraint filtered
             or annotated them), so a candidate belongs to it when
             `eligibility.admitted` says so.
    """

    near: tuple[Candidate, ...]
    hidden: tuple[Candidate, ...]
    count: int
    plain: bool


def _plain(need: str, c: Constraints) -> bool:
    """Constraints under which `candidates(near=True)` only filters by day and sight."""
    return not (c.exclude or c.languages or c.population
                or (need == "shelter" and c.accepts_confidential_placement))


def pool(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date) -> Pool:
    """`need`'s eligible providers serving `state` on `as_of` for a caller with constraints
    `c`, split by the caller's sight; kept per graph version when `c` adds no note and
    excludes no one (the usual plan), made afresh otherwise.

    >>> from referral_graph.network.model import OrgNode, Provision
    >>> G = nx.Graph(states={}, version=1)
    >>> for oid, hidden in (("a", False), ("s", True)):
    ...     G.add_node(oid, org=OrgNode(oid, oid, "shelter", "civil_society",
    ...                                 frozenset({"MX-OAX"}), confidential=hidden),
    ...                provisions=[Provision(oid + "p", oid, "shelter", "stated")])
    >>> p = pool(G, "shelter", "MX-OAX", Constraints(), dt.date(2009, 1, 1))
    >>> [x.org.id for x in p.near], [x.org.id for x in p.hidden], p.count, p.plain
    (['a'], ['s'], 2, True)
    >>> p is pool(G, "shelter", "MX-OAX", Constraints(), dt.date(2009, 1, 1))
    True
    """
    plain = _plain(need, c)
    if not plain:
        return _made(G, need, state, c, as_of, plain=False)
    kept = per_version(G, _POOLS_KEY)
    key = (need, state, c.include_confidential, as_of)
    found: Pool | None = kept.get(key)
    if found is None:
        found = _made(G, need, state, c, as_of, plain=True)
        _keep(kept, key, found, len(found.near) + len(found.hidden), POOLS_BUDGET)
    return found


def _keep(kept: dict, key: tuple, value: object, size: int, budget: int) -> None:
    """Keep `value` under `key` unless the memo's entries would hold more than `budget`
    candidates (two callers filling at once may pass it by one entry each)."""
    held = kept.get(_HELD, 0)
    if held + size <= budget:
        kept[key] = value
        kept[_HELD] = held + size


def _made(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date, *,
          plain: bool) -> Pool:
    # One pass serves both what the caller may see and the confidential providers it may
    # not: the two differ only in that filter.
    wide = candidates(G, need, state, replace(c, include_confidential=True), as_of, near=True)
    near: tuple[Candidate, ...]
    hidden: tuple[Candidate, ...] = ()
    if c.include_confidential:
        near = tuple(wide)
    else:
        near = tuple(x for x in wide if not x.org.confidential)
        hidden = tuple(x for x in wide if x.org.confidential)
    count = len({x.org.id for x in near}) + len({x.org.id for x in hidden})
    return Pool(near, hidden, count, plain)


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """Where a need nobody serves in a state is met instead: the neighbours' providers, or
    when they have none, every provider in the country (`around` says which), in the order
    of their organizations' ids (a stable sort: one organization's provisions keep theirs).
    """

    around: bool
    by_id: tuple[Candidate, ...]

    def nearest(self, dist: dict[str, float], n: int) -> list[Candidate]:
        """The first `n` of ``sorted(candidates, key=(dist.get(org, COLD_COST), org))``:
        those a chain reaches (every chain costs less than a cold referral) by its cost,
        then the others by id. Only the reached ones are sorted per plan.

        >>> from referral_graph.network.model import OrgNode, Provision
        >>> from referral_graph.referrals.model import Reach
        >>> def cand(oid):
        ...     return Candidate(OrgNode(oid, oid, "ngo", "civil_society", frozenset()),
        ...                      Provision(oid + "p", oid, "medical", "stated"),
        ...                      Reach.NEIGHBOUR, ())
        >>> e = Elsewhere(True, tuple(cand(o) for o in ("a", "b", "c", "d")))
        >>> [x.org.id for x in e.nearest({"c": 1.5, "d": 0.5}, 3)]
        ['d', 'c', 'a']
        """
        reached = sorted((x for x in self.by_id if x.org.id in dist),
                         key=lambda x: dist[x.org.id])
        out = reached[:n]
        for x in self.by_id:
            if len(out) >= n:
                break
            if x.org.id not in dist:
                out.append(x)
        return out


def elsewhere(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date
              ) -> Elsewhere:
    """The nearest coverage of a need nobody meets in `state`: `candidates` in the
    neighbours, else anywhere, for a caller with constraints `c` on `as_of`; kept per graph
    version like `pool`.

    Why: at 100k a need with no provider in the state read every provider of it in the
    country (thousands) and sorted them, for three names: a tenth of all plans' time in
    the tail of the distribution (plans of 20–40 ms).
    """
    plain = _plain(need, c)
    kept = per_version(G, _ELSEWHERE_KEY) if plain else {}
    key = (need, state, c.include_confidential, as_of)
    found: Elsewhere | None = kept.get(key)
    if found is None:
        around = candidates(G, need, state, c, as_of)  # nobody here: all neighbours'
        found = Elsewhere(bool(around), tuple(sorted(
            around or candidates(G, need, state, c, as_of, anywhere=True),
            key=lambda x: x.org.id)))
        if plain:
            _keep(kept, key, found, len(found.by_id), ELSEWHERE_BUDGET)
    return found


def serving_at(G: nx.Graph, oid: str, needs: Iterable[str], state: str, c: Constraints,
               as_of: dt.date) -> list[tuple[str, Candidate]]:
    """Organization `oid`'s candidates in the plain pools of `needs` in `state` for `c` on
    `as_of`, each with its need: what a plan's search asks of every organization it
    settles, read from the organization's own provisions. Equal in value (not identity) to
    the pools' candidates of `oid`: a provision is in `near_candidates` when it reaches the
    state other than as a neighbour's.

    Why: the search settles tens of organizations, and indexing every candidate of each
    need by organization first (hundreds at 100k) was a seventh of a plan's time.

    >>> from referral_graph.network.model import OrgNode, Provision
    >>> G = nx.Graph(states={})
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "a", "legal_aid", "stated"),
    ...                        Provision("q", "a", "medical", "stated")])
    >>> [(n, x.provision.id, x.reach.name) for n, x in serving_at(
    ...     G, "a", {"legal_aid"}, "MX-OAX", Constraints(), dt.date(2009, 1, 1))]
    [('legal_aid', 'p', 'OPERATES_IN')]
    """
    data = raw_nodes(G)[oid]
    org = data["org"]
    out = []
    borders: frozenset[str] | None = None
    for prov in data.get("provisions", ()):
        if prov.service in needs and admitted(org, prov, c, as_of):
            if borders is None:
                borders = neighbours_of(G, state)
            r = reach(org, prov, state, borders)
            if r is not None and r is not Reach.NEIGHBOUR:
                out.append((prov.service, Candidate(org, prov, r, ())))
    return out


def chain_filter(G: nx.Graph, c: Constraints, as_of: dt.date, origin: str
                 ) -> Callable[[str], bool]:
    """Which organizations a chain may pass through: active on the day, not excluded, and
    visible to the caller; the origin always. Every caller gets the date filter (staff
    too: a closed organization cannot introduce anyone).

    >>> from referral_graph.network.model import OrgNode
    >>> G = nx.Graph(version=1)
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society", frozenset()))
    >>> G.add_node("s", org=OrgNode("s", "S", "shelter", "civil_society", frozenset(),
    ...                             confidential=True))
    >>> ok = chain_filter(G, Constraints(), dt.date(2009, 1, 1), "a")
    >>> ok("a"), ok("s")
    (True, False)
    """
    closed = closed_to_chains(G, c.include_confidential, as_of)
    if c.exclude:
        closed = closed | c.exclude
    if origin in closed:
        closed = closed - {origin}

    def ok(n: str) -> bool:
        return n not in closed

    return ok


def closed_to_chains(G: nx.Graph, see_confidential: bool, as_of: dt.date) -> frozenset[str]:
    """The organizations not active on `as_of`, and (for a caller who may not see them)
    the confidential ones: kept per graph version, for at most `MAX_KEPT_DAYS` days."""
    kept = per_version(G, _CLOSED_KEY)
    key = (see_confidential, as_of)
    found: frozenset[str] | None = kept.get(key)
    if found is None:
        found = frozenset(
            n for n, data in raw_nodes(G).items()
            if not data["org"].active_on(as_of)
            or (data["org"].confidential and not see_confidential))
        if len(kept) >= 2 * MAX_KEPT_DAYS:
            kept.clear()
        kept[key] = found
    return found
