"""What a new projection snapshot costs after an edit, copy-on-write, at 10k and 100k.

    python bench/snapshot.py [--orgs 10000,100000] [--touched 4]

An edit touches a few organizations. The service used to change its one graph in place
(and the public view with it), which readers saw half-done; now it builds the next
snapshot aside (`network/snapshot.py`: copies of the two outer dictionaries and of the
touched nodes' neighbour dictionaries, everything else shared) and the public view the same
way. Printed: a full `G.copy()` (what building aside naively would cost), the same change
made in place (the old way), made copy-on-write (the new way), and the public view brought
up to date copy-on-write against rebuilding it. In memory only (no Neo4j: the re-read of
the touched organizations costs the same either way). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from referral_graph.network.public import public_view, set_key
from referral_graph.network.snapshot import Draft, mark_changed
from referral_graph.network.synthetic import synthetic_network


def timed(work: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def change_in_place(G: nx.Graph, ids: list[str]) -> None:
    saved = {n: (G.nodes[n], list(G.adj[n].items())) for n in ids}
    G.remove_nodes_from(ids)
    for n, (attrs, _) in saved.items():
        G.add_node(n, **attrs)
    for n, (_, nbrs) in saved.items():
        for m, d in nbrs:
            if m in G:
                G.add_edge(n, m, **d)


def change_aside(G: nx.Graph, ids: list[str]) -> nx.Graph:
    saved = {n: (G.nodes[n], list(G.adj[n].items())) for n in ids}
    draft = Draft(G)
    draft.remove_nodes(ids)
    for n, (attrs, _) in saved.items():
        draft.add_node(n, **attrs)
    for n, (_, nbrs) in saved.items():
        for m, d in nbrs:
            if m in draft.graph:
                draft.add_edge(n, m, **d)
    H = draft.graph
    mark_changed(H, ids)  # in H's own change log (a copy of G's, made by Draft)
    return H


def measure(n: int, touched: int) -> tuple[float, float, float, float, float]:
    G = synthetic_network(n, seed=1)
    set_key(G, b"k" * 32)
    ids = sorted(G)[:: max(1, n // touched)][:touched]
    public_view(G)
    copy_ms = timed(G.copy, 3)
    inplace_ms = timed(lambda: change_in_place(G, ids))
    aside_ms = timed(lambda: change_aside(G, ids))
    view_ms, rebuild_ms = [], []
    for _ in range(5):
        H = change_aside(G, ids)  # the view cached on G is brought to H's version
        t = time.perf_counter()
        public_view(H)
        view_ms.append((time.perf_counter() - t) * 1000)
    for _ in range(2):
        H = G.copy()
        H.graph = {k: v for k, v in G.graph.items() if k != "_public_view"}
        t = time.perf_counter()
        public_view(H)
        rebuild_ms.append((time.perf_counter() - t) * 1000)
    return copy_ms, inplace_ms, aside_ms, min(view_ms), min(rebuild_ms)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--orgs", default="10000,100000")
    p.add_argument("--touched", type=int, default=4)
    args = p.parse_args()
    print(f"{'orgs':>7} {'G.copy()':>9} {'in place':>9} {'aside':>7} {'view aside':>11} "
          f"{'view rebuilt':>13}  (ms, best of 5)")
    for n in (int(x) for x in args.orgs.split(",")):
        copy_ms, inplace_ms, aside_ms, view_ms, rebuild_ms = measure(n, args.touched)
        print(f"{n:7d} {copy_ms:9.1f} {inplace_ms:9.2f} {aside_ms:7.2f} {view_ms:11.2f} "
              f"{rebuild_ms:13.1f}", flush=True)


if __name__ == "__main__":
    main()
