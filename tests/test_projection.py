"""The networkx projection read from Neo4j, and its refresh after a write."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from referral_graph.config import DEFAULT_SEED
from referral_graph.importer.run import import_dataset
from referral_graph.network.loading import load_network
from referral_graph.network.model import TieKind
from referral_graph.network.projection import Projection
from referral_graph.network.snapshot import VERSION_KEY, Draft
from referral_graph.store import changes
from referral_graph.store.driver import Database

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def mini_db(empty_db: Database) -> Database:
    import_dataset(empty_db, MINI)
    return empty_db


def join_lone_to_task_force(tx: neo4j.ManagedTransaction) -> None:
    """A write touching one organization: syn-lone-e joins the task force."""
    seq = changes.begin(tx)
    tx.run("MATCH (o:Organization {id: 'syn-lone-e'}), "
           "(c:Collaboration {id: 'syn-task-force'}) MERGE (o)-[:MEMBER_OF]->(c)").consume()
    changes.record(tx, seq, orgs=["syn-lone-e"])


def test_nodes_provisions_and_ties(mini_db: Database) -> None:
    G = load_network(mini_db)
    assert set(G) == {"syn-ngo-a", "syn-shelter-b", "syn-agency-c", "syn-clinic-d", "syn-lone-e"}
    shelter = G.nodes["syn-shelter-b"]["org"]
    assert shelter.confidential and shelter.states == frozenset({"MX-OAX"})
    [prov] = G.nodes["syn-agency-c"]["provisions"]
    assert (prov.service, prov.basis, prov.national) == ("legal_aid", "mandate", True)
    assert prov.mandate == "Synthetic mandate"
    [stated] = G.nodes["syn-clinic-d"]["provisions"]
    assert stated.sources[0].id == "syn-1" and stated.covers == frozenset({"MX-PUE"})
    kinds = {
        frozenset(e): {ev.kind for ev in d["evidence"]} for *e, d in G.edges(data=True)
    }
    assert kinds == {
        frozenset({"syn-ngo-a", "syn-shelter-b"}): {TieKind.COLLABORATION},
        frozenset({"syn-ngo-a", "syn-agency-c"}): {TieKind.AGREEMENT},
        frozenset({"syn-agency-c", "syn-clinic-d"}): {TieKind.ACTIVITY},
    }
    mou = G.edges["syn-ngo-a", "syn-agency-c"]["evidence"][0]
    assert mou.date is not None and mou.date.isoformat() == "2008-06-01"
    assert G.degree("syn-lone-e") == 0
    assert G.graph["states"]["MX-OAX"].neighbours == frozenset({"MX-PUE"})
    assert G.graph["states"]["MX-OAX"].law_status == "comprehensive"
    assert G.graph["states"]["MX-PUE"].law_status == "not_stated"
    assert G.graph["collaborations"]["syn-task-force"].members == frozenset(
        {"syn-ngo-a", "syn-shelter-b"})


def test_refresh_reads_only_what_changed(mini_db: Database) -> None:
    projection = Projection(mini_db)
    G = projection.graph
    version = G.graph[VERSION_KEY]
    held = (set(G), {frozenset(e) for e in G.edges})

    mini_db.write_tx(join_lone_to_task_force)
    before = mini_db.round_trips
    projection.refresh()
    H = projection.graph
    assert H is not G and H.graph[VERSION_KEY] == version + 1  # a new snapshot, not a reload
    assert H.has_edge("syn-lone-e", "syn-ngo-a") and H.has_edge("syn-lone-e", "syn-shelter-b")
    assert H.has_edge("syn-ngo-a", "syn-agency-c")  # untouched ties stay
    assert mini_db.round_trips - before < 15
    # The snapshot a reader held did not change, and untouched data is shared, not copied.
    assert (set(G), {frozenset(e) for e in G.edges}) == held
    assert H.nodes["syn-clinic-d"] is G.nodes["syn-clinic-d"]
    assert H.edges["syn-agency-c", "syn-clinic-d"] is G.edges["syn-agency-c", "syn-clinic-d"]


def test_a_write_is_answered_before_its_refresh_and_read_after_it(mini_db: Database) -> None:
    """`refresh` after this process's write reads nothing, so the write's answer waits for
    its commit only; the next read of the projection catches up first and shows it."""
    projection = Projection(mini_db)
    G = projection.graph

    mini_db.write_tx(join_lone_to_task_force)
    before = mini_db.round_trips
    projection.refresh(["syn-lone-e"])
    assert mini_db.round_trips == before, "the refresh read Neo4j on the write's path"
    published = projection.peek()
    assert published is not None and published.graph is G  # not published yet
    H = projection.graph
    assert H is not G and H.has_edge("syn-lone-e", "syn-ngo-a")
    caught = mini_db.round_trips
    assert caught > before
    assert projection.graph is H and mini_db.round_trips == caught, "caught up once only"


def test_equal_small_values_are_held_once(empty_db: Database) -> None:
    """Kinds, sectors, state sets, services and dates repeat across the projection; each
    equal value is one object (`network.interned`: 154 MiB less at 100,000 organizations)."""
    import_dataset(empty_db, DEFAULT_SEED)
    G = load_network(empty_db)
    values: list[object] = []
    for _, data in G.nodes(data=True):
        o = data["org"]
        values += [o.kind, o.sector, o.states]
        values += [v for p in data["provisions"] for v in (p.service, p.basis, p.covers)]
    values += [ev.date for *_, d in G.edges(data=True) for ev in d["evidence"] if ev.date]
    distinct = {(type(v), v) for v in values}
    assert len(values) > 3 * len(distinct)  # they do repeat
    assert len({id(v) for v in values}) == len(distinct)


def test_ties_with_the_same_evidence_share_one_data_dict(empty_db: Database) -> None:
    """A thing with k organizations ties k(k-1)/2 pairs with the same evidence; those ties
    hold one data dict and one tuple, not one each (at 100,000 organizations 745,474 ties
    hold 350,267 distinct evidence tuples: 127 MiB less per worker)."""
    import_dataset(empty_db, DEFAULT_SEED)
    G = load_network(empty_db)
    by_evidence: dict[tuple[int, ...], list[dict[str, object]]] = {}
    for *_, d in G.edges(data=True):
        assert isinstance(d["evidence"], tuple)
        by_evidence.setdefault(tuple(map(id, d["evidence"])), []).append(d)
    assert len(by_evidence) < G.number_of_edges()  # some ties do share their evidence
    for dicts in by_evidence.values():
        assert len({id(d) for d in dicts}) == 1
    # ... and a change to one tie never reaches the others (edits copy, `Draft`).
    a, b, d = next((a, b, d) for a, b, d in G.edges(data=True)
                   if len(by_evidence[tuple(map(id, d["evidence"]))]) > 1)
    draft = Draft(G)
    draft.edge_data(a, b)["evidence"] = ()
    assert draft.graph.edges[a, b]["evidence"] == () and d["evidence"] != ()


def test_a_retried_read_makes_its_records_again(mini_db: Database,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Records are made into the projection's values inside the read (one batch held at a
    time); a read the driver retries must not leave the first attempt's values behind."""
    from referral_graph.network import loading

    real = loading.provision
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:  # after one provision was made: the read breaks mid-way
            raise neo4j.exceptions.SessionExpired("connection lost mid-read")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "provision", flaky)
    G = load_network(mini_db)
    assert calls["n"] > 2
    monkeypatch.setattr(loading, "provision", real)
    want = load_network(mini_db)
    provisions = {n: G.nodes[n]["provisions"] for n in G}
    assert provisions == {n: want.nodes[n]["provisions"] for n in want}


def test_a_reload_is_not_undone_by_a_catch_up_already_running(
        mini_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The follower may be loading the database as it was a moment ago (here, wiped) when
    `reload` is asked; what it publishes after must not stand in for the reload. The CI
    run of stop 37 saw this: the live app answered an empty directory after a test put
    the seeds back, because the follower's load of the wiped database came last."""
    import threading

    from referral_graph.network import projection as module
    from tests.conftest import wipe

    p = Projection(mini_db)
    assert len(p.graph) == 5
    real = module.load_network
    started, release = threading.Event(), threading.Event()

    def slow_first(db: Database) -> object:
        monkeypatch.setattr(module, "load_network", real)  # only the follower's load waits
        G = real(db)
        started.set()
        release.wait(10)
        return G

    monkeypatch.setattr(module, "load_network", slow_first)
    wipe(mini_db)  # another epoch: the catch-up loads the whole (empty) database
    follower = threading.Thread(target=p.catch_up)
    follower.start()
    assert started.wait(10)
    import_dataset(mini_db, MINI)
    reloading = threading.Thread(target=p.reload)
    reloading.start()
    reloading.join(0.2)
    release.set()
    follower.join(10)
    reloading.join(10)
    assert len(p.graph) == 5, "the reload was undone by the catch-up that ended after it"
