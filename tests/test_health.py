"""GET /health: up or degraded for the public, the counts for admins, 503 without Neo4j."""

from __future__ import annotations

from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.dataset.load import load_dataset
from referral_graph.store.driver import Database
from tests.neo4j_harness import free_port


def test_health_shows_seeded_counts_to_an_admin(seeded_db: Database,
                                                neo4j_settings: Settings) -> None:
    admin = create(seeded_db, Role.ADMIN, "health admin")
    client = TestClient(create_app(neo4j_settings, seeded_db))
    body = client.get("/health", headers={"Authorization": f"Bearer {admin}"}).json()
    assert body["status"] == "up" and body["ok"] is True and body["neo4j"] == "reachable"
    assert body["schema_version"] == body["schema_latest"] >= 2
    ds = load_dataset(DEFAULT_SEED)
    assert body["nodes"]["Organization"] == len(ds.records("organizations"))
    assert body["nodes"]["State"] == 32
    assert body["relationships"]["SOURCED_FROM"] > 0
    assert "Neo4j" in body["neo4j_server"]


def test_health_is_503_when_neo4j_is_down(neo4j_settings: Settings) -> None:
    nowhere = Database(f"bolt://127.0.0.1:{free_port()}", None, "neo4j")
    try:
        response = TestClient(create_app(neo4j_settings, nowhere)).get("/health")
    finally:
        nowhere.close()
    assert response.status_code == 503
    assert response.json() == {"status": "degraded"}
