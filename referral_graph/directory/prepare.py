"""Today's directory lists, made in the background for each settled version of the graph.

Why: a directory answer reads lists made once per graph version and (service, state): the
providers serving the state in order and ranked (`providers.serving`), those farther away
(`providers.farther`), and the public organizations through which a caller reaches the
state's confidential shelters (`eligibility.ways_in`, which weighs every tie of every
shelter). The first question about a pair after a load or an edit made them: at 100,000
organizations a first answer cost about twice a later one (~90 ms of CPU against ~48), with
spikes near a second. `gaps.prepare.Preparer` runs `prepare` after today's coverage reports,
so the first caller finds them made. They are the public caller's on today's date; staff
read the same lists and need no ways in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx

from referral_graph.directory.providers import providers_in_state
from referral_graph.network.reach import service_states


def prepare(G: nx.Graph, as_of: dt.date) -> Iterator[None]:
    """Make each (service, state)'s lists for a public caller on `as_of`, one pair per step
    (the caller may stop between steps, e.g. when the graph has changed). Reads `G`, never
    writes to it: the lists go to its per-version memos.

    >>> from referral_graph.network.model import OrgNode, Provision, ServiceInfo, StateInfo
    >>> from referral_graph.directory.providers import serving
    >>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca")},
    ...              services={"legal_aid": ServiceInfo("legal_aid", "Asesoría", "Legal aid")})
    >>> G.add_node("a", org=OrgNode("a", "A", "ngo", "civil_society", frozenset({"MX-OAX"})),
    ...            provisions=[Provision("p", "a", "legal_aid", "stated")])
    >>> sum(1 for _ in prepare(G, dt.date(2009, 1, 1)))
    1
    >>> from referral_graph.network.snapshot import per_version
    >>> list(per_version(G, "serving"))
    [('legal_aid', 'MX-OAX')]
    """
    for service, state in service_states(G):
        providers_in_state(G, service, state, see_confidential=False, as_of=as_of)
        yield
