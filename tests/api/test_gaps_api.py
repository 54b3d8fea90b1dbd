"""The gap report on the PROTEJA seeds through Neo4j: GraphQL, CLI and downloads agree."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Role, create
from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.dataset.load import load_dataset
from referral_graph.store.driver import Database

DS = load_dataset(DEFAULT_SEED)
SHELTERS = [o for o in DS.records("organizations") if o.confidential]
LAWS = {r.jurisdiction: r.status for r in DS.records("legislation")}

REPORT = """
query($without: [ID!], $asOf: Date, $states: [String!]) {
  coverageReport(without: $without, asOf: $asOf, states: $states, lang: EN) {
    disclaimer summary
    cells { state service status providerIds providerNames reasons }
    states { code lawStatus collaborations brokers }
  }
}
"""


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def report(client: TestClient, token: str | None = None, **variables) -> dict:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = client.post("/graphql", json={"query": REPORT, "variables": variables},
                       headers=headers).json()
    assert "errors" not in body, body
    return body["data"]["coverageReport"]


def test_legislation_column_matches_the_documents_for_all_32(client: TestClient) -> None:
    data = report(client)
    assert len(data["states"]) == 32
    for st in data["states"]:
        assert st["lawStatus"] == LAWS[st["code"]], st["code"]
    assert "not that none exists" in data["disclaimer"]


def test_oaxaca_has_no_shelter_recorded(client: TestClient) -> None:
    cells = {(c["state"], c["service"]): c for c in report(client)["cells"]}
    assert cells[("MX-OAX", "shelter")]["status"] == "gap"
    assert cells[("MX-OAX", "shelter")]["providerIds"] == []
    assert len(cells) == 32 * 15


def test_what_if_proteja_closed_shows_the_gaps_it_leaves(client: TestClient) -> None:
    before = {(c["state"], c["service"]): c for c in report(client)["cells"]}
    after = {(c["state"], c["service"]): c for c in report(client, without=["proteja"])["cells"]}
    # PROTEJA's stated legal advice was the only legal aid recorded outside three states.
    newly = {k for k in before if before[k]["status"] != "gap" and after[k]["status"] == "gap"}
    assert ("MX-OAX", "legal_aid") in newly
    assert all(k[1] == "legal_aid" for k in newly)
    assert all("proteja" not in c["providerIds"] for c in after.values())


def test_as_of_drops_what_had_ended(client: TestClient) -> None:
    cells = {(c["state"], c["service"]): c
             for c in report(client, asOf="2010-01-01", states=["OAX"])["cells"]}
    assert "proteja" not in cells[("MX-OAX", "legal_aid")]["providerIds"]


def test_public_report_anonymises_shelters_staff_sees_them(client: TestClient,
                                                         seeded_db: Database) -> None:
    text = client.post("/graphql", json={"query": REPORT}).text
    for s in SHELTERS:
        assert s.id not in text and s.name not in text, s.id
    assert "Confidential shelter" in text  # they still count: no false gaps
    staff = create(seeded_db, Role.STAFF, "analyst")
    names = {n for c in report(client, staff)["cells"] for n in c["providerNames"]}
    assert any(s.name in n for s in SHELTERS for n in names)


def test_unknown_state_is_a_named_error(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": REPORT, "variables": {"states": ["ZZZ"]}}).json()
    assert body["errors"][0]["message"] == "states: unknown state(s) MX-ZZZ"


@pytest.mark.parametrize("fmt", ["html", "csv", "json", "png", "svg"])
def test_downloads(client: TestClient, fmt: str) -> None:
    r = client.get(f"/reports/gaps.{fmt}?lang=en")
    assert r.status_code == 200 and len(r.content) > 500
    if fmt in ("html", "csv", "json", "svg"):
        for s in SHELTERS:
            assert s.name not in r.text
    if fmt == "html":
        assert "http://" not in r.text and "https://" not in r.text
    if fmt == "png":
        assert r.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_gaps_csv(seeded_db: Database, neo4j_settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = dict(os.environ, REFERRAL_GRAPH_STATE=str(neo4j_settings.state_dir),
               REFERRAL_GRAPH_BOLT_PORT=str(neo4j_settings.bolt_port))
    out = tmp_path / "gaps.md"
    subprocess.run([sys.executable, "-m", "referral_graph.cli", "gaps", "--format", "md",
                    "--lang", "es", "--out", str(out)], env=env, check=True, timeout=180,
                   capture_output=True)
    assert out.exists() and out.with_suffix(".png").exists()
    text = out.read_text()
    assert "gaps.png" in text
    csv = subprocess.run([sys.executable, "-m", "referral_graph.cli", "gaps", "--format", "csv",
                          "--state", "OAX", "--lang", "en"], env=env, check=True, timeout=180,
                         capture_output=True, text=True).stdout
    assert "MX-OAX" in csv and "shelter" in csv.lower()
