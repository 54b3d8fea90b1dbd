"""Finding 4: /health was public and counted everything (shelters, organizations against
the public total, referrals, audit events, tokens). The public now learns up or degraded;
the counts need an admin token, or /metrics from this machine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.store.driver import Database

SECRETS = ("Shelter", "ApiToken", "AuditEvent", "Referral", "Organization", "nodes")


@pytest.fixture
def app(seeded_module: Database, neo4j_settings: Settings) -> Iterator[object]:
    yield create_app(neo4j_settings, seeded_module)


def test_public_health_says_up_and_nothing_else(app, seeded_module: Database) -> None:  # type: ignore[no-untyped-def]
    staff = create(seeded_module, Role.STAFF, "health staff")
    for headers in ({}, {"Authorization": f"Bearer {staff}"},
                    {"Authorization": "Bearer not-a-token"}):
        r = TestClient(app).get("/health", headers=headers)
        assert r.status_code == 200 and r.json() == {"status": "up"}, r.text
        assert not any(word in r.text for word in SECRETS)


def test_metrics_answer_this_machine_or_an_admin_only(app, seeded_module: Database) -> None:  # type: ignore[no-untyped-def]
    admin = create(seeded_module, Role.ADMIN, "metrics admin")
    outside = TestClient(app, client=("203.0.113.9", 40000))
    local = TestClient(app, client=("127.0.0.1", 40000))
    assert outside.get("/metrics").status_code == 403
    # A proxy on this machine forwards outside callers from loopback: still refused.
    assert local.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}
                     ).status_code == 403
    for client, headers in ((local, {}), (outside, {"Authorization": f"Bearer {admin}"})):
        r = client.get("/metrics", headers=headers)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
        assert 'referral_graph_nodes{label="Shelter"} 5.0' in r.text
        assert "referral_graph_up 1.0" in r.text
        assert "# TYPE referral_graph_requests_refused_total counter" in r.text
