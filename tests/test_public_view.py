"""The public view follows the projection through edits, redoing only what changed."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from referral_graph.gaps import coverage_report
from referral_graph.network.model import Evidence, SourceRef, TieKind
from referral_graph.network.public import CONFIDENTIAL_NAME, public_view
from referral_graph.network.redact import Redactor
from referral_graph.network.snapshot import VERSION_KEY, derived, mark_changed
from referral_graph.network.synthetic import synthetic_network

SRC = SourceRef("syn", "Synthetic test source", None, None, "synthetic passage")


def cached_view(G: nx.Graph) -> tuple:
    """(version, view, aliases) as `public_view` keeps them in the graph's derived data."""
    version, (P, aliases) = derived(G).get("public_view")
    return version, P, aliases


def canonical(cached: tuple) -> tuple[dict, set]:
    """The view with opaque ids mapped back, so two views can be compared whatever
    numbers they gave the shelters."""
    _, P, aliases = cached
    back = {a: oid for oid, a in aliases.of.items()}
    nodes = {}
    for n, d in P.nodes(data=True):
        org = d["org"]
        assert org.id == n and (org.name == CONFIDENTIAL_NAME) == (n in back) == org.confidential
        nodes[back.get(n, n)] = (dataclasses.replace(org, id="", name=""),
                                 sorted(p.service for p in d["provisions"]))
    edges = {(frozenset((back.get(a, a), back.get(b, b))), len(d["evidence"]))
             for a, b, d in P.edges(data=True)}
    return nodes, edges


def fresh(G: nx.Graph) -> nx.Graph:
    """The same graph with no cached view: public_view builds it whole."""
    return G.copy()  # a new graph: nothing derived from G comes with it


def edit(G: nx.Graph) -> list[str]:
    """Several kinds of edit at once; returns the organizations touched."""
    orgs = sorted(G)
    secret = [n for n in orgs if G.nodes[n]["org"].confidential]
    public = [n for n in orgs if not G.nodes[n]["org"].confidential]
    gone, hide, show, tied = secret[0], public[0], secret[1], public[1]
    G.remove_node(gone)
    G.nodes[hide]["org"] = dataclasses.replace(G.nodes[hide]["org"], confidential=True)
    G.nodes[show]["org"] = dataclasses.replace(G.nodes[show]["org"], confidential=False)
    G.add_edge(tied, show, evidence=[Evidence(TieKind.AGREEMENT, "syn-mou", "synthetic MOU",
                                              sources=(SRC,))])
    return [gone, hide, show, tied]


def test_an_edit_updates_the_view_copy_on_write_as_a_rebuild_would() -> None:
    G = synthetic_network(400, seed=3)
    P = public_view(G)
    cached = cached_view(G)
    held = canonical(cached)  # what a reader holding P sees
    touched = edit(G)
    mark_changed(G, touched)
    P2 = public_view(G)
    assert P2 is not P and P2.graph[VERSION_KEY] == G.graph[VERSION_KEY]
    H = fresh(G)
    assert public_view(H) is not P2
    assert canonical(cached_view(G)) == canonical(cached_view(H))
    # The old view did not change under its reader, and it was not copied whole: an
    # organization away from the edit shares its data with the new view.
    assert canonical(cached) == held
    # Touched organizations by the ids the view knows them by (a confidential one by its
    # pseudonym, which depends on the graph's random key).
    before, after = cached[2].of, cached_view(G)[2].of
    near = {ids.get(t, t) for t in touched for ids in (before, after)}
    quiet = next(n for n in P if n not in near and not set(P.adj[n]) & near)
    assert P2.nodes[quiet] is P.nodes[quiet]


def test_opaque_ids_are_distinct_and_kept_through_edits() -> None:
    G = synthetic_network(200, seed=4)
    public_view(G)
    before = dict(cached_view(G)[2].of)
    mark_changed(G, edit(G))
    public_view(G)
    after = cached_view(G)[2].of
    assert len(set(after.values())) == len(after)  # no two organizations share one
    assert len(set(after.values()) - set(before.values())) == 1  # the one made confidential
    assert all(after[o] == before[o] for o in after if o in before)  # the others keep theirs


def test_an_unlogged_change_rebuilds_the_view() -> None:
    G = synthetic_network(200, seed=5)
    P = public_view(G)
    G.graph[VERSION_KEY] += 1  # a change nobody logged: the view cannot know what to redo
    assert public_view(G) is not P


def test_a_public_gap_report_keeps_its_analyses_across_an_edit() -> None:
    G = synthetic_network(600, seed=6)
    coverage_report(public_view(G))
    cache = derived(public_view(G)).get("gaps_structure_cache")
    mark_changed(G, edit(G))
    report = coverage_report(public_view(G))
    assert cache is not None and derived(public_view(G)).get("gaps_structure_cache") is cache
    rebuilt = coverage_report(public_view(fresh(G)))  # numbers its shelters afresh
    assert {k: c.status for k, c in report.cells.items()} == {
        k: c.status for k, c in rebuilt.cells.items()}


def test_a_redactor_scans_each_string_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers repeat the same names and passages; one redactor serves one version of the
    graph, so it scans each string once and remembers the result."""
    r = Redactor(["Casa Alianza"])
    scanned: list[str] = []
    scan = r._scan

    def counted(text: str) -> str:
        scanned.append(text)
        return scan(text)

    monkeypatch.setattr(r, "_scan", counted)
    for _ in range(3):
        assert r.redact("Casa Alianza (CMX)") == "[confidential] (CMX)"
        assert r.redact("Fundación Sin Nombre") == "Fundación Sin Nombre"
    assert scanned == ["Casa Alianza (CMX)", "Fundación Sin Nombre"]


def test_callers_arriving_together_make_the_view_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first public questions after a change come together, each on its own thread:
    one makes the view (~5 s at 100k) and the others wait for it, rather than each making
    its own (eight at once on two cores)."""
    import threading
    import time

    from referral_graph.network import public

    G = synthetic_network(150, seed=4)
    made = []
    build = public._build

    def slow_build(graph: nx.Graph) -> object:
        made.append(1)
        time.sleep(0.2)  # long enough for every caller to arrive while it is made
        return build(graph)

    monkeypatch.setattr(public, "_build", slow_build)
    start = threading.Barrier(6)
    views: list[nx.Graph] = []

    def ask() -> None:
        start.wait()
        views.append(public_view(G))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1
    assert len(views) == 6 and all(v is views[0] for v in views)


def test_the_view_names_no_confidential_member_of_a_collaboration() -> None:
    """A collaboration's members and their roles, as a public caller may see them: the
    roles the projection holds for the nested member lists name members too."""
    G = synthetic_network(150, seed=4)
    secret = {n for n in G if G.nodes[n]["org"].confidential}
    cid, c = next((cid, c) for cid, c in G.graph["collaborations"].items()
                  if c.members & secret and c.members - secret)
    G.graph["collaborations"][cid] = dataclasses.replace(
        c, roles=tuple(sorted((m, "convenor") for m in c.members)))
    seen = public_view(G).graph["collaborations"][cid]
    assert seen.members == c.members - secret
    assert {m for m, _ in seen.roles} == c.members - secret
