"""The per-(need, state) lists of providers the planner and the directory read
(`eligibility.reaching`): always what a scan of every provider would find, and never a
list kept from an earlier version of the graph."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from referral_graph.directory import providers
from referral_graph.network.model import OrgNode, Provision
from referral_graph.network.reach import Reach, local_states, reach
from referral_graph.network.snapshot import Draft, mark_changed
from referral_graph.network.synthetic import synthetic_network
from referral_graph.referrals import Constraints
from referral_graph.referrals.eligibility import Candidate, _fit, candidates, reaching
from tests.referrals.graphs import DAY, SERVICES, graph, org

STATES = ("MX-OAX", "MX-PUE", "MX-YUC")


def scanned(G: nx.Graph, need: str, state: str, c: Constraints, as_of: dt.date
            ) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """The oracle: every provider of every organization, its reach worked out afresh."""
    out = []
    for o, p in in_force(G, need, as_of):
        if o.id in c.exclude or (o.confidential and not c.include_confidential):
            continue
        r = reach(o, p, state, borders(G, state))
        ok, notes = _fit(o, need, c)
        if r is not None and ok:
            out.append((o.id, p.id, int(r), notes))
    return sorted(out)


def in_force(G: nx.Graph, need: str, as_of: dt.date) -> Iterator[tuple[OrgNode, Provision]]:
    """Every provision of `need` of every organization, both in force on `as_of`: read
    from the graph's nodes, not from the index the code under test reads."""
    for _, data in G.nodes(data=True):
        for p in data["provisions"]:
            if p.service == need and data["org"].active_on(as_of) and p.active_on(as_of):
                yield data["org"], p


def borders(G: nx.Graph, state: str) -> frozenset[str]:
    info = G.graph["states"].get(state)
    return info.neighbours if info else frozenset()


def found(cands: list[Candidate]) -> list[tuple[str, str, int, tuple[str, ...]]]:
    return sorted((x.org.id, x.provision.id, int(x.reach), x.notes) for x in cands)


@st.composite
def networks(draw: st.DrawFn) -> nx.Graph:
    G = graph()
    for i in range(draw(st.integers(1, 12))):
        org(G, f"n{i}", *draw(st.lists(st.sampled_from(SERVICES), max_size=3, unique=True)),
            state=draw(st.sampled_from((*STATES, ""))),
            national=draw(st.booleans()) and draw(st.booleans()),
            covers=tuple(draw(st.lists(st.sampled_from(STATES), max_size=2, unique=True))),
            confidential=draw(st.booleans()) and draw(st.booleans()),
            languages=draw(st.sampled_from((None, frozenset({"es"}), frozenset({"es", "zap"})))),
            basis=draw(st.sampled_from(("stated", "mandate"))),
            active_to=draw(st.sampled_from((None, dt.date(2008, 1, 1)))))
    return G


@settings(max_examples=200, deadline=None)
@given(networks(), st.sampled_from(SERVICES), st.sampled_from(STATES), st.booleans(),
       st.sampled_from((frozenset(), frozenset({"zap"}))), st.sampled_from(("n0", "n5")))
def test_candidates_are_what_a_scan_of_every_provider_finds(
        G: nx.Graph, need: str, state: str, staff: bool, languages: frozenset[str],
        excluded: str) -> None:
    c = Constraints(include_confidential=staff, languages=languages,
                    exclude=frozenset({excluded}))
    for day in (dt.date(2007, 6, 1), DAY):
        assert found(candidates(G, need, state, c, day)) == scanned(G, need, state, c, day)


def test_a_synthetic_national_network_too() -> None:
    G = synthetic_network(600, seed=21)
    everyone = Constraints(include_confidential=True)
    for need in sorted(G.graph["services"]):
        for state in sorted(G.graph["states"])[::3]:
            assert found(candidates(G, need, state, everyone, DAY)) == \
                scanned(G, need, state, everyone, DAY)


def test_a_change_to_the_graph_is_seen_at_once() -> None:
    """A list made before a change is never read after it: a new capability shows, and an
    organization removed goes."""
    G = graph()
    org(G, "a", "legal_aid", state="MX-OAX")
    org(G, "b", "legal_aid", state="MX-PUE")
    mark_changed(G, ["a", "b"])
    assert [o.id for o, _, _ in reaching(G, "legal_aid", "MX-OAX")] == ["a", "b"]

    draft = Draft(G)
    draft.add_node("c", org=G.nodes["a"]["org"].__class__(
        "c", "Org c", "ngo", "civil_society", frozenset({"MX-OAX"}), synthetic=True),
        provisions=[Provision("c-legal_aid", "c", "legal_aid", "stated")])
    draft.remove_nodes(["b"])
    H = draft.graph
    mark_changed(H, ["b", "c"])
    assert [(o.id, r.name) for o, _, r in reaching(H, "legal_aid", "MX-OAX")] == \
        [("a", "OPERATES_IN"), ("c", "OPERATES_IN")]
    # The graph it was made from still answers as it was: snapshots are never changed.
    assert [o.id for o, _, _ in reaching(G, "legal_aid", "MX-OAX")] == ["a", "b"]


def nearest_elsewhere(G: nx.Graph, need: str, state: str, see_confidential: bool,
                      as_of: dt.date) -> tuple[list[tuple[str, str, int]], list[str]]:
    """The oracle for a directory's alternatives: every provider of the country that does
    not reach the state, ranked as the directory ranks them, then filtered."""
    dist = providers._distances(G, state)
    pool = []
    for o, p in in_force(G, need, as_of):
        if not local_states(o, p):
            continue  # works nowhere stated: no state to point a caller to
        if reach(o, p, state, borders(G, state)) in (None, Reach.NEIGHBOUR):
            d, where = min((dist.get(s, 99), s) for s in local_states(o, p))
            pool.append(providers.Provider(o, p, Reach.NEIGHBOUR, where, d))
    pool.sort(key=providers.rank)
    shown = [(p.org.id, p.state, p.distance) for p in pool
             if see_confidential or not p.org.confidential][:providers.MAX_ALTERNATIVES]
    unseen = [p.org.id for p in pool if p.org.confidential][:providers.MAX_ALTERNATIVES]
    return shown, unseen


@settings(max_examples=200, deadline=None)
@given(networks(), st.sampled_from(SERVICES), st.sampled_from(STATES), st.booleans())
def test_alternatives_are_the_nearest_providers_elsewhere(
        G: nx.Graph, need: str, state: str, staff: bool) -> None:
    for day in (dt.date(2007, 6, 1), DAY):
        d = providers.providers_in_state(G, need, state, see_confidential=staff, as_of=day)
        if any(p.reach in (Reach.OPERATES_IN, Reach.COVERS) for p in d.providers):
            continue  # alternatives are looked for only where the state has no provider
        shown, unseen = nearest_elsewhere(G, need, state, staff, day)
        assert [(p.org.id, p.state, p.distance) for p in d.alternatives] == shown
        if not staff and not sum(d.hidden) and not shown:
            assert d.confidential_nearby == bool(unseen)
