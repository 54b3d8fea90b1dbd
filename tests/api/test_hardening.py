"""CORS closed by default, introspection switch, and recovery after Neo4j comes back."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import Settings
from referral_graph.store.driver import Database, DatabaseUnavailable

PREFLIGHT = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization,content-type"}


def test_cors_is_closed_unless_origins_are_configured(seeded_db: Database,
                                                      neo4j_settings: Settings) -> None:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        r = c.options("/graphql", headers=PREFLIGHT)
        assert "access-control-allow-origin" not in r.headers
        r = c.post("/graphql", json={"query": "{ me { role } }"},
                   headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in r.headers
    opened = neo4j_settings.replace(cors_origins=("https://elsewhere.example",))
    with TestClient(create_app(opened, seeded_db)) as c:
        r = c.options("/graphql", headers=PREFLIGHT)
        assert r.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_introspection_can_be_turned_off(seeded_db: Database, neo4j_settings: Settings) -> None:
    q = {"query": "{ __schema { queryType { name } } }"}
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        assert c.post("/graphql", json=q).json()["data"]["__schema"]["queryType"]["name"]
    closed = neo4j_settings.replace(introspection=False)
    with TestClient(create_app(closed, seeded_db)) as c:
        body = c.post("/graphql", json=q).json()
        assert body["data"] is None and "introspection" in body["errors"][0]["message"].lower()


class Outage:
    """The real database behind a switch: while `down`, every call fails as Neo4j would."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.down = True

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._db, name)
        if callable(attr) and name in {"read", "write", "read_tx", "write_tx"}:
            def guarded(*args: Any, **kwargs: Any) -> Any:
                if self.down:
                    raise DatabaseUnavailable("The graph database is not reachable right now.")
                return attr(*args, **kwargs)
            return guarded
        return attr


def test_service_recovers_by_itself_when_neo4j_returns(seeded_db: Database,
                                                       neo4j_settings: Settings) -> None:
    db = Outage(seeded_db)
    q = {"query": '{ providers(service: "prosecution", state: "OAX") { providers '
                  "{ organization { id } } } states { code } }"}
    # The Outage stands in for a Database (same methods), which the signature cannot say.
    with TestClient(create_app(neo4j_settings, db)) as c:  # type: ignore[arg-type]
        body = c.post("/graphql", json=q).json()
        assert body["errors"][0]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        db.down = False
        body = c.post("/graphql", json=q).json()
        assert "errors" not in body and len(body["data"]["states"]) == 32
