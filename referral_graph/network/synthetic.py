"""Synthetic referral networks for benchmarks: labelled synthetic, never mixed with real data.

Organizations cluster by state (most ties stay inside a state), a few national agencies
tie states together, about one in ten organizations is a confidential shelter, and each
organization provides one to three service types.
"""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx

from referral_graph.network.model import (
    CollaborationInfo,
    Evidence,
    OrgNode,
    Provision,
    ServiceInfo,
    SourceRef,
    StateInfo,
    TieKind,
)

SERVICES = ("medical", "mental_health", "legal_aid", "social_protection", "shelter", "vocational",
            "education", "hotline", "interpretation", "repatriation", "consular_assistance",
            "victim_identification", "rescue", "prosecution", "human_rights_complaint")
_CODES = """AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE
QUE ROO SLP SIN SON TAB TAM TLA VER YUC ZAC"""
STATES = tuple(f"MX-{c}" for c in _CODES.split())
SOURCE = SourceRef("synthetic", "Synthetic network (not real data)", "generated")


def synthetic_network(n_orgs: int, *, seed: int = 0, mean_degree: float = 8.0) -> nx.Graph:
    """A synthetic projection with `n_orgs` organizations, deterministic for a seed.

    >>> G = synthetic_network(200, seed=1)
    >>> G.number_of_nodes(), all(d["org"].synthetic for _, d in G.nodes(data=True))
    (200, True)
    """
    rng = random.Random(seed)
    states = {s: StateInfo(s, s, s, frozenset(rng.sample(STATES, 3)) - {s}) for s in STATES}
    G: nx.Graph = nx.Graph(states=states, services={s: ServiceInfo(s, s, s) for s in SERVICES},
                 collaborations={}, version=0)
    by_state: dict[str, list[str]] = {s: [] for s in STATES}
    base = dt.date(2005, 1, 1)
    for i in range(n_orgs):
        oid = f"syn-{i:06d}"
        national = rng.random() < 0.01
        state = rng.choice(STATES)
        shelter = not national and rng.random() < 0.1
        services = ["shelter"] if shelter else []
        services += rng.sample(SERVICES, rng.randint(1, 3))
        org = OrgNode(oid, f"Synthetic org {i:06d}", "shelter" if shelter else "ngo",
                      "federal" if national else "civil_society", frozenset({state}),
                      national=national, confidential=shelter, synthetic=True)
        provs = [Provision(f"{oid}-{s}", oid, s, "stated" if rng.random() < 0.7 else "mandate",
                           frozenset({state}), national=national, mandate="synthetic",
                           sources=(SOURCE,)) for s in dict.fromkeys(services)]
        G.add_node(oid, org=org, provisions=provs)
        by_state[state].append(oid)
    nodes = list(G)
    kinds = (TieKind.AGREEMENT, TieKind.COLLABORATION, TieKind.ACTIVITY)
    for _ in range(int(n_orgs * mean_degree / 2)):
        a = rng.choice(nodes)
        home = next(iter(G.nodes[a]["org"].states))
        pool = by_state[home] if rng.random() < 0.9 else nodes
        b = rng.choice(pool)
        if a == b:
            continue
        ev = Evidence(rng.choice(kinds), f"syn-tie-{a}-{b}", "synthetic tie",
                      date=base + dt.timedelta(days=rng.randint(0, 1500)), sources=(SOURCE,))
        if G.has_edge(a, b):
            G.edges[a, b]["evidence"] += (ev,)  # the graph is being built: no one shares it
        else:
            G.add_edge(a, b, evidence=(ev,))
    G.graph["collaborations"] = {
        f"syn-tf-{s}": CollaborationInfo(f"syn-tf-{s}", f"Synthetic task force {s}", "task_force",
                                         "state", frozenset({s}), frozenset(by_state[s][:8]))
        for s in STATES
    }
    return G
