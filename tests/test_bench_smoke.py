"""`make bench` at a small scale: every workload answers without errors through the load
client, against the service started as a user starts it. No timing is asserted.

The peer (a Node server) is not started here; its comparison code runs on canned answers
(doctests) and its queries are checked to be built from our workloads' variables.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest

from referral_graph.config import REPO_ROOT, Settings
from referral_graph.store.driver import Database

sys.path.insert(0, str(REPO_ROOT / "bench"))

import peer_side
import scale
import workloads


@pytest.mark.timeout(600)
def test_benchmark_runs_every_workload_on_a_small_synthetic_network(
    empty_db: Database, neo4j_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scale, "DATA", tmp_path / "data")
    args = scale.parse_args(["--scales", "300", "--seconds", "0.5", "--clients", "2",
                             "--limit", "6", "--no-peer", "--out", str(tmp_path / "r.json")])
    sc = scale.run_scale("300", 300, args, neo4j=neo4j_settings)
    scale.show(sc)
    names = [w.name for w in workloads.workloads(workloads.Sample(["x"], ["MX-OAX"], ["c"],
                                                                  [("o", "MX-OAX", "w")]))]
    assert [f.workload for f in sc.figures] == names
    for f in sc.figures:
        assert f.errors == 0 and f.requests > 0, f
    assert sc.nodes > 1000 and sc.import_s > 0 and sc.start_s > 0
    assert sc.rss_service_mb > 0


def test_peer_questions_are_built_from_our_variables() -> None:
    sample = workloads.Sample(["legal_aid"], ["MX-OAX"], ["syn-c-oax-000"],
                              [("syn-o000001", "MX-OAX", "refugio")])
    compared = [w for w in workloads.workloads(sample) if w.peer]
    assert {w.name for w in compared} == {"providers(service, state)", "nested collaboration",
                                          f"{workloads.PAGED} {workloads.PAGE}"}
    for w in compared:
        _, ours = w.make(0)
        _, theirs = peer_side.workload(w).make(0)
        assert set(ours["variables"].values()) <= set(theirs["variables"].values())
        # A page is compared with a page of the same size, the whole list with the whole.
        paged = f"first: {workloads.PAGE}" in ours["query"]
        assert paged == w.name.startswith(workloads.PAGED)
        assert paged == (f"organizationsConnection(first: {workloads.PAGE}" in theirs["query"])


def test_a_page_is_compared_by_its_count_and_length() -> None:
    name = f"{workloads.PAGED} {workloads.PAGE}"
    ours = {"data": {"providers": {"providersConnection": {"totalCount": 31,
                                                           "edges": [{}] * 20}}}}
    peer = {"data": {"organizationsConnection": {"totalCount": 31, "edges": [{}] * 20}}}
    assert peer_side.normalize(name, ours, ours=True) == (31, 20)
    assert peer_side.normalize(name, ours, ours=True) == peer_side.normalize(name, peer,
                                                                             ours=False)
    peer["data"]["organizationsConnection"]["totalCount"] = 30
    assert peer_side.normalize(name, ours, ours=True) != peer_side.normalize(name, peer,
                                                                             ours=False)


def test_peer_comparison_doctests() -> None:
    # bench/ is outside the package, so --doctest-modules does not collect it.
    assert doctest.testmod(peer_side).failed == 0
