"""Finding 1: an edit made a shelter public.

`updateOrganization(id, {kind: "shelter"})` on a public organization kept the stored
`confidential: false` (merged into the patch before validation), so its city stayed
public. One rule (referral_graph/safety/confidential.py) now decides for every write path,
and the `:Shelter` label, `kind` and `confidential` are checked to agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.dataset.load import DataSetError, load_dataset
from referral_graph.importer.run import import_dataset
from referral_graph.safety import check
from referral_graph.store.driver import Database
from tests.api.helpers import data
from tests.test_dataset_load import _replace, copy_seed
from tests.test_import import snapshot

CREATE = """mutation($i: OrganizationInput!) { createOrganization(input: $i) { ok
  errors { field message } organization { id: slug confidential } } }"""
UPDATE = """mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i)
  { ok errors { field message } organization { id: slug kind confidential city } } }"""
PUBLIC = '{ organization(id: "ID") { id: slug name city } }'
NGO = {"name": "Servicios Comunitarios Tuxtepec", "kind": "ngo", "sector": "civil_society",
       "states": ["MX-OAX"], "city": "Tuxtepec", "sources": ["qr-cover"]}


@pytest.fixture
def client(seeded_module: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_module)) as c:
        yield c


@pytest.fixture
def editor(seeded_module: Database) -> str:
    return create(seeded_module, Role.EDITOR, "rule editor")


def _public(client: TestClient, oid: str) -> dict | None:
    r = client.post("/graphql", json={"query": PUBLIC.replace("ID", oid)})
    assert "Tuxtepec" not in r.text or r.json()["data"]["organization"] is not None
    return r.json()["data"]["organization"]


def test_making_an_organization_a_shelter_hides_it(client: TestClient, editor: str,
                                                   seeded_module: Database) -> None:
    oid = data(client, CREATE, {"i": NGO}, token=editor)["createOrganization"][
        "organization"]["id"]
    assert _public(client, oid) == {"id": oid, "name": NGO["name"], "city": "Tuxtepec"}
    out = data(client, UPDATE, {"i": {"id": oid, "kind": "shelter"}}, token=editor)
    assert out["updateOrganization"]["organization"]["confidential"] is True
    r = client.post("/graphql", json={"query": PUBLIC.replace("ID", oid)})
    assert r.json()["data"]["organization"] is None and "Tuxtepec" not in r.text
    labels = seeded_module.read("MATCH (o:Organization {id: $id}) RETURN labels(o) AS l, "
                            "o.confidential AS c", id=oid)
    assert "Shelter" in labels[0]["l"] and labels[0]["c"] is True
    assert check.find(seeded_module) == []
    # Back to an NGO: it stays confidential until an editor says otherwise.
    out = data(client, UPDATE, {"i": {"id": oid, "kind": "ngo"}}, token=editor)
    assert out["updateOrganization"]["organization"]["confidential"] is True
    assert _public(client, oid) is None
    assert "Shelter" not in seeded_module.read("MATCH (o:Organization {id: $id}) RETURN labels(o) "
                                           "AS l", id=oid)[0]["l"]
    data(client, UPDATE, {"i": {"id": oid, "confidential": False}}, token=editor)
    assert _public(client, oid)["city"] == "Tuxtepec"


def test_a_shelter_is_public_only_on_a_cited_source(client: TestClient, editor: str) -> None:
    shelter = {**NGO, "name": "Casa Refugio Prueba", "kind": "shelter"}
    made = data(client, CREATE, {"i": {**shelter, "confidential": False}}, token=editor)
    assert made["createOrganization"]["errors"] == [{
        "field": "input.confidential",
        "message": "a shelter stays confidential unless a source says its location is public:"
                   " give that source as publicSource"}]
    made = data(client, CREATE, {"i": shelter}, token=editor)["createOrganization"]
    assert made["organization"]["confidential"] is True
    oid = made["organization"]["id"]
    out = data(client, UPDATE, {"i": {"id": oid, "confidential": False}}, token=editor)
    assert [e["field"] for e in out["updateOrganization"]["errors"]] == ["input.confidential"]
    out = data(client, UPDATE, {"i": {"id": oid, "publicSource": "no-such-source"}},
               token=editor)
    assert [e["field"] for e in out["updateOrganization"]["errors"]] == ["input.publicSource"]
    assert _public(client, oid) is None
    # The source alone does not undo what is stored: the editor also says it is public.
    out = data(client, UPDATE, {"i": {"id": oid, "publicSource": "qr-cover"}}, token=editor)
    assert out["updateOrganization"]["organization"]["confidential"] is True
    out = data(client, UPDATE, {"i": {"id": oid, "confidential": False}}, token=editor)
    assert out["updateOrganization"]["organization"]["confidential"] is False
    assert _public(client, oid)["city"] == "Tuxtepec"


def test_a_seed_file_cannot_make_a_shelter_public_without_a_source(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "  city: Cancún\n", "  city: Cancún\n"
             "  confidential: false\n")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    assert "a shelter stays confidential" in str(info.value)
    assert "organizations.yaml" in str(info.value)


def test_an_import_refuses_a_store_that_breaks_the_rule(seeded_module: Database,
                                                        tmp_path: Path) -> None:
    # Something wrote around the rule (a hand-made statement), on a row no seed file owns.
    seeded_module.write("CREATE (o:Organization {id: 'hand-made', name: 'Hand-made shelter', "
                    "kind: 'shelter', sector: 'civil_society', confidential: true, "
                    "dataset: 'edits'})")
    assert check.find(seeded_module) == ["hand-made: kind 'shelter' but lacks the Shelter label"]
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "name: ", "name: Renamed ")
    before = snapshot(seeded_module)
    with pytest.raises(check.UnsafeData, match="hand-made: kind 'shelter' but lacks"):
        import_dataset(seeded_module, seed)
    assert snapshot(seeded_module) == before
    seeded_module.write("MATCH (o:Organization {id: 'hand-made'}) SET o:Shelter, "
                    "o.confidential = false")
    assert check.find(seeded_module) == ["hand-made: a public shelter without an existing source "
                                     "saying its location is public"]
    # A row the seed owns that lost its label is put right by the import itself.
    seeded_module.write("MATCH (o:Organization {id: 'hand-made'}) DETACH DELETE o")
    seeded_module.write("MATCH (o:Organization {id: 'ciam-cancun'}) REMOVE o:Shelter")
    import_dataset(seeded_module, seed)
    assert check.find(seeded_module) == []


def test_serve_refuses_a_store_that_breaks_the_rule(seeded_module: Database,
                                                    neo4j_settings: Settings) -> None:
    import os
    import subprocess
    import sys

    from referral_graph.neo4j_server import read_password

    seeded_module.write("MATCH (o:Organization {id: 'ciam-cancun'}) REMOVE o:Shelter")
    env = {**os.environ,
           "NEO4J_URI": neo4j_settings.neo4j_uri or f"bolt://127.0.0.1:"
                                                    f"{neo4j_settings.bolt_port}",
           "NEO4J_PASSWORD": (neo4j_settings.neo4j_password.get_secret_value()
                              if neo4j_settings.neo4j_password else
                              read_password(neo4j_settings) or ""),
           "REFERRAL_GRAPH_PORT": "1"}  # never reached: the check comes first
    # A process of its own: `serve` installs (and at exit closes) the process-wide driver,
    # which in this process is the test session's.
    result = subprocess.run([sys.executable, "-m", "referral_graph.cli", "serve"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    said = " ".join((result.stdout + result.stderr).split())
    seeded_module.write("MATCH (o:Organization {id: 'ciam-cancun'}) SET o:Shelter")
    assert "ciam-cancun: kind 'shelter' but lacks the Shelter label" in said
