"""The search on the projection (`directory.search_index`, which the API answers with) gives
the database's search (`directory.service.search`, which the command line uses): the same
organizations, counts, cursors and page flags, for every filter, forwards and backwards,
for staff and for the public."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from functools import partial
from pathlib import Path

import networkx as nx
import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.directory import search_index
from referral_graph.directory.model import Filters
from referral_graph.directory.service import search as database_search
from referral_graph.importer.run import import_dataset
from referral_graph.network.loading import load_network
from referral_graph.network.model import OrgNode
from referral_graph.network.snapshot import Draft, mark_changed
from referral_graph.store.driver import Database
from tests.conftest import import_data


def _pages(run, size: int, backward: bool) -> list[tuple]:
    """Every page, followed by cursor to the end, as comparable tuples."""
    out, cursor = [], None
    for _ in range(200):
        kw = ({"last": size, "before": cursor} if backward else {"first": size, "after": cursor})
        p = run(**kw)
        ids = [o.id for _, o in p.items]
        out.append((p.total, ids, [c for c, _ in p.items], p.has_next, p.has_previous))
        more = p.has_previous if backward else p.has_next
        if not more:
            return out
        cursor = p.items[0][0] if backward else p.items[-1][0]
    raise AssertionError("paging did not end")


def _filters(G, *, every: bool) -> list[Filters]:
    """Words common and rare (and one matching nothing), with the state and the service,
    and (`every`) with each other filter. Neo4j plans the search anew for each set of
    filters given (~0.8 s each here), so the larger data set tries the first three only."""
    words = Counter(w for _, d in G.nodes(data=True) for w in d["org"].search_key.split()
                    if len(w) > 3)
    common = [w for w, _ in words.most_common(3)]
    rare = [w for w, n in words.items() if n == 1][:2]
    states = sorted({s for _, d in G.nodes(data=True) for s in d["org"].states})
    services = sorted({p.service for _, d in G.nodes(data=True) for p in d["provisions"]})
    orgs = [d["org"] for _, d in G.nodes(data=True)]
    languages = sorted({x for o in orgs for x in (o.languages or ())})
    populations = sorted({x for o in orgs for x in (o.populations or ())})
    out = [Filters(), Filters(query="zzzz-nada"), Filters(query=common[0].upper()),
           Filters(query=f"{common[0]} {common[1]}"), Filters(state="MX-ZZZ")]
    out += [Filters(query=w) for w in common + rare]
    for state, word in itertools.product(states[:: max(1, len(states) // 3)],
                                         [None, common[0]]):
        out.append(Filters(query=word, state=state))
    out += [Filters(service=s, state=states[0]) for s in services[:2]]
    out += [Filters(service=s) for s in services[2:4]]
    if not every:
        return out
    out += [Filters(kind=k) for k in sorted({o.kind for o in orgs})]
    out += [Filters(sector=s, query=common[0]) for s in sorted({o.sector for o in orgs})]
    out += [Filters(language=x) for x in languages[:2]]
    out += [Filters(population=x, state=states[-1]) for x in populations[:2]]
    out += [Filters(active_on=dt.date(y, 6, 1)) for y in (2005, 2020)]
    out.append(Filters(query=common[1], active_on=dt.date(2008, 6, 1), kind=orgs[0].kind))
    return out


@pytest.mark.parametrize("data", ["seeds", "synthetic"])
def test_search_on_the_projection_equals_the_database_search(
    empty_db: Database, data: str, tmp_path: Path
) -> None:
    import_data(empty_db, data, tmp_path, seed=5)
    G = load_network(empty_db)
    assert any(d["org"].confidential for _, d in G.nodes(data=True))
    compared = nonempty = 0
    # Forwards for staff and public, backwards for the public (which leaves rows out).
    for filters, (see, backward) in itertools.product(
            _filters(G, every=data == "seeds"), [(False, False), (True, False), (False, True)]):
        ours = partial(search_index.search, G, filters, see_confidential=see)
        theirs = partial(database_search, empty_db, filters, see_confidential=see)
        mine = _pages(ours, 9, backward)
        assert mine == _pages(theirs, 9, backward), (filters, see, backward)
        compared += 1
        nonempty += mine[0][0] > 0
    assert compared > 40 and nonempty > 30


def test_a_public_search_never_counts_a_confidential_organization(empty_db: Database) -> None:
    import_dataset(empty_db, DEFAULT_SEED)
    G = load_network(empty_db)
    hidden = [d["org"] for _, d in G.nodes(data=True) if d["org"].confidential]
    assert hidden
    for o in hidden:
        word = o.search_key.split()[0]
        staff = search_index.search(G, Filters(query=word), see_confidential=True, first=100)
        public = search_index.search(G, Filters(query=word), see_confidential=False, first=100)
        assert o.id in {x.id for _, x in staff.items}
        assert o.id not in {x.id for _, x in public.items}
        assert public.total == staff.total - sum(
            x.confidential for _, x in staff.items)


def test_the_index_follows_a_new_version_of_the_graph() -> None:
    """Kept for a version; kept again when a change left every record as it was (a
    referral: ties only), made anew when a record changed."""
    G = nx.Graph(version=0)
    for oid, name in [("a", "Casa Alfa"), ("b", "Casa Beta")]:
        G.add_node(oid, org=OrgNode(oid, name, "ngo", "civil_society",
                                    search_key=name.lower()), provisions=[])
    first = search_index.search_index(G)
    assert search_index.search_index(G) is first
    draft = Draft(G)
    draft.add_edge("a", "b", evidence=[])
    mark_changed(draft.graph, ["a", "b"])
    assert search_index.search_index(draft.graph) is first
    draft = Draft(draft.graph)
    draft.add_node("b", org=OrgNode("b", "Refugio Beta", "ngo", "civil_society",
                                    search_key="refugio beta"), provisions=[])
    mark_changed(draft.graph, ["b"])
    H = draft.graph
    assert search_index.search_index(H) is not first
    assert [o.id for _, o in search_index.search(
        H, Filters(query="casa"), see_confidential=True).items] == ["a"]
    assert [o.id for _, o in search_index.search(
        G, Filters(query="casa"), see_confidential=True).items] == ["a", "b"]
