"""How many providers each state has for each service: the analyst's table, in one pass.

The same numbers as asking `providers_in_state` for every state and service (a test holds
them equal on the seeds), without asking it 32 × 15 times: each active provision is placed
once in the states it reaches, by the one reach rule (`referral_graph.network.reach`):
locally where it covers or the organization works, nationally everywhere else when it has
national reach.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from referral_graph.network.reach import local_states, national_reach


@dataclass(frozen=True, slots=True)
class ServiceCount:
    state: str
    service: str
    providers: int  # visible providers that work in or cover the state
    national: int  # visible providers that reach it by national reach only
    also_confidential: bool  # a provider the caller may not see also serves it


def service_counts(G: nx.Graph, *, see_confidential: bool, as_of: dt.date | None = None,
                   states: Iterable[str] | None = None) -> list[ServiceCount]:
    """Providers per (state, service), states by code and services by id.

    >>> import networkx as nx
    >>> from referral_graph.network.model import OrgNode, Provision, ServiceInfo, StateInfo
    >>> G = nx.Graph(states={c: StateInfo(c, c, c) for c in ("MX-OAX", "MX-PUE")},
    ...              services={"legal_aid": ServiceInfo("legal_aid", "A", "L")})
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "a", "legal_aid", "stated")])
    >>> G.add_node("n", org=OrgNode("n", "N", "government_agency", "federal", national=True),
    ...            provisions=[Provision("q", "n", "legal_aid", "mandate")])
    >>> [(c.state, c.providers, c.national) for c in service_counts(G, see_confidential=False)]
    [('MX-OAX', 1, 1), ('MX-PUE', 0, 1)]
    """
    day = as_of or dt.date.today()
    all_states = sorted(G.graph.get("states", {}))
    wanted = list(dict.fromkeys(states)) if states is not None else all_states
    services = sorted(G.graph.get("services", {}))
    local: dict[tuple[str, str], set[str]] = {}
    national: dict[tuple[str, str], set[str]] = {}
    hidden: set[tuple[str, str]] = set()
    for _, data in G.nodes(data=True):
        org = data["org"]
        if not org.active_on(day):
            continue
        secret = org.confidential and not see_confidential
        for prov in data.get("provisions", ()):
            if not prov.active_on(day):
                continue
            near = local_states(org, prov)
            far = ([s for s in all_states if s not in near] if national_reach(org, prov)
                   else [])
            for places, counted in ((near, local), (far, national)):
                for s in places:
                    key = (s, prov.service)
                    if secret:
                        hidden.add(key)
                    else:
                        counted.setdefault(key, set()).add(org.id)
    return [ServiceCount(s, t, len(local.get((s, t), ())), len(national.get((s, t), ())),
                         (s, t) in hidden)
            for s in wanted for t in services]
