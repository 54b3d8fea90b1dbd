"""The projection follows the database, and readers never see it change (findings 6, 7).

- A write made by another process (a second worker) or by `referral-graph import` is seen
  by a running service within a second or so; rows removed from a data set's files are
  deleted by the import, reported first, and shown by --dry-run.
- A reader holds one snapshot for its whole request: an edit publishes a new one and never
  changes the one being read (reports and exports used to read the graph while a refresh
  changed it in place).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.config import Settings
from referral_graph.edits import service as edits
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.api.helpers import data

MINI = Path(__file__).parent.parent / "fixtures" / "mini"
PROVIDERS = ("{ providers(service: \"medical\", state: \"PUE\", asOf: \"2008-06-01\") "
             "{ providers { organization { id: slug } } } }")
EDITOR = Caller(Role.EDITOR, "Follow test editor")


@pytest.fixture
def mini_db(empty_db: Database) -> Database:
    import_dataset(empty_db, MINI)
    return empty_db


@pytest.fixture
def service(mini_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, mini_db)) as c:
        yield c


def providers(client: TestClient) -> set[str]:
    found = data(client, PROVIDERS)["providers"]["providers"]
    return {p["organization"]["id"] for p in found}


def seen_within(client: TestClient, expect: set[str], limit: float) -> float:
    """Seconds until `providers` answers ``expect``; fails after ``limit``."""
    start = time.monotonic()
    while providers(client) != expect:
        assert time.monotonic() - start < limit, f"not seen after {limit} s"
        time.sleep(0.05)
    return time.monotonic() - start


def test_a_write_by_another_process_is_seen_within_a_second(
        service: TestClient, mini_db: Database, neo4j_settings: Settings) -> None:
    assert providers(service) == {"syn-clinic-d"}
    # Another worker: its own app, projection and follower over the same database.
    with TestClient(create_app(neo4j_settings, mini_db)) as other:
        d = data(other, PROVIDERS)  # load its projection
        assert d["providers"]["providers"]
        edits.save_capability(mini_db, EDITOR, {
            "organization": "syn-lone-e", "service": "medical", "basis": "stated",
            "sources": ["syn-1"]})
        took = seen_within(service, {"syn-clinic-d", "syn-lone-e"}, limit=5)
        print(f"\nanother process's write seen after {took:.2f} s")


def changed_seed(tmp_path: Path, *, drop_lone: bool) -> Path:
    """The mini data set with clinic D's medical care moved to NGO A (and, if asked, one
    organization deleted from the files)."""
    seed = tmp_path / "mini"
    shutil.copytree(MINI, seed)
    caps = seed / "capabilities.yaml"
    caps.write_text(caps.read_text().replace("cap-d-medical, organization: syn-clinic-d",
                                             "cap-d-medical, organization: syn-ngo-a"))
    if drop_lone:
        orgs = seed / "organizations.yaml"
        orgs.write_text("\n".join(line for line in orgs.read_text().splitlines()
                                  if "syn-lone-e" not in line) + "\n")
    return seed


def test_an_import_while_the_service_runs_is_seen(service: TestClient, mini_db: Database,
                                                  tmp_path: Path) -> None:
    assert providers(service) == {"syn-clinic-d"}
    import_dataset(mini_db, changed_seed(tmp_path, drop_lone=False))
    took = seen_within(service, {"syn-ngo-a"}, limit=5)
    print(f"\nimport seen after {took:.2f} s")


def test_an_import_removes_rows_deleted_from_the_files_and_says_so_first(
        service: TestClient, mini_db: Database, tmp_path: Path) -> None:
    assert providers(service) == {"syn-clinic-d"}
    kept = edits.save_organization(mini_db, EDITOR, {
        "name": "Clínica creada por un editor", "kind": "ngo", "sector": "civil_society",
        "states": ["MX-PUE"], "sources": ["syn-1"]})[0]
    seed = changed_seed(tmp_path, drop_lone=True)
    dry = import_dataset(mini_db, seed, dry_run=True)
    assert [(r.label, r.id) for r in dry.removed] == [("Organization", "syn-lone-e")]
    text = dry.describe()
    assert text.index("syn-lone-e") < text.index("node Organization")  # reported first
    assert "would be removed" in text and "not written" in text
    assert mini_db.read("MATCH (o:Organization {id: 'syn-lone-e'}) RETURN o.id")  # dry run
    report = import_dataset(mini_db, seed)
    assert report.nodes["Organization"].deleted == 1 and "removed (1)" in report.describe()
    seen_within(service, {"syn-ngo-a"}, limit=5)
    assert "syn-lone-e" not in service.app.state.projection().graph
    assert not mini_db.read("MATCH (o:Organization {id: 'syn-lone-e'}) RETURN o.id")
    assert mini_db.read("MATCH (o:Organization {id: $id}) RETURN o.id", id=kept)  # an edit's
    again = import_dataset(mini_db, seed)
    assert not again.changed and not again.removed


def test_a_readers_snapshot_never_changes_under_it(service: TestClient,
                                                   mini_db: Database) -> None:
    providers(service)
    app = service.app
    G = app.state.projection().graph  # what a report or an export is reading
    held = (sorted(G.nodes), sorted(map(sorted, G.edges)),
            {n: d["org"] for n, d in G.nodes(data=True)})
    token = create(mini_db, Role.EDITOR, "Editor")
    r = service.post("/graphql", headers={"Authorization": f"Bearer {token}"}, json={
        "query": 'mutation { addMembership(input: {collaboration: "syn-task-force", '
                 'organization: "syn-lone-e"}) { ok } }'})
    assert r.json()["data"]["addMembership"]["ok"]
    r = service.post("/graphql", headers={"Authorization": f"Bearer {token}"}, json={
        "query": 'mutation { updateOrganization(input: {id: "syn-ngo-a", name: "Renamed"}) '
                 "{ ok } }"})
    assert r.json()["data"]["updateOrganization"]["ok"]
    after = app.state.projection().graph
    assert after.has_edge("syn-lone-e", "syn-ngo-a")  # the service sees the edits at once
    assert after.nodes["syn-ngo-a"]["org"].name == "Renamed"
    assert (sorted(G.nodes), sorted(map(sorted, G.edges)),
            {n: d["org"] for n, d in G.nodes(data=True)}) == held  # the reader's did not move


def test_reports_and_exports_during_edits_never_fail(service: TestClient,
                                                     mini_db: Database) -> None:
    staff = create(mini_db, Role.STAFF, "Staff")
    auth = {"Authorization": f"Bearer {staff}"}
    stop = threading.Event()
    failures: list[str] = []

    def edit() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            edits.set_membership(mini_db, EDITOR, "syn-task-force", "syn-lone-e", None,
                                 remove=n % 2 == 0)
            edits.save_organization(mini_db, EDITOR, {"note": f"edit {n}"}, org_id="syn-ngo-a")

    def read() -> None:
        urls = ["/exports/network.graphml?collaboration=syn-task-force&depth=2",
                "/exports/network.csv?state=MX-OAX", "/reports/gaps.json?state=MX-OAX",
                "/reports/gaps.csv"]
        for i in range(40):
            r = service.get(urls[i % len(urls)], headers=auth)
            if r.status_code != 200:
                failures.append(f"{r.status_code} {r.text[:200]}")

    writer = threading.Thread(target=edit)
    readers = [threading.Thread(target=read) for _ in range(3)]
    writer.start()
    for t in readers:
        t.start()
    for t in readers:
        t.join(120)
    stop.set()
    writer.join(30)
    assert not failures, failures[:3]
