"""The gap report on the PROTEJA seeds through Neo4j: GraphQL, CLI and downloads agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
query($without: [ID!], $asOf: Date, $states: [StateCode!]) {
  coverageReport(without: $without, asOf: $asOf, states: $states, lang: EN) {
    disclaimer summary
    cells { state service status providerIds providerNames reasons }
    states { code lawStatus collaborations brokers { slug name } }
  }
}
"""


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def report(client: TestClient, token: str | None = None, **variables: Any) -> dict:
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


# PROTEJA's records end on 2009-03-31: a what-if about it asks a date when it was in force
# (every answer is about today unless a date is given).
DAY = "2009-03-01"


def test_what_if_proteja_closed_shows_the_gaps_it_leaves(client: TestClient) -> None:
    before = {(c["state"], c["service"]): c for c in report(client, asOf=DAY)["cells"]}
    after = {(c["state"], c["service"]): c
             for c in report(client, without=["proteja"], asOf=DAY)["cells"]}
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
    # Decoded: the raw body escapes accents, and three of the five names have one.
    text = json.dumps(client.post("/graphql", json={"query": REPORT}).json(), ensure_ascii=False)
    for s in SHELTERS:
        assert s.id not in text and s.name not in text, s.id
    assert "Confidential shelter" in text  # they still count: no false gaps
    staff = create(seeded_db, Role.STAFF, "analyst")
    names = {n for c in report(client, staff)["cells"] for n in c["providerNames"]}
    assert any(s.name in n for s in SHELTERS for n in names)


def test_unknown_state_is_a_named_error(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": REPORT, "variables": {"states": ["ZZZ"]}},
                       headers={"Accept-Language": "en"}).json()
    error = body["errors"][0]
    assert error["message"].startswith("states[0]: 'ZZZ' is not a Mexican state")
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "states[0]",
                                   "variable": "states"}


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


def test_cli_gaps_csv(seeded_db: Database, neo4j_settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "report" / "gaps.md"  # a folder that does not exist yet, as in the README
    cli(neo4j_settings, "gaps", "--format", "md", "--lang", "es", "--out", str(out))
    assert out.exists() and out.with_suffix(".png").exists()
    assert "gaps.png" in out.read_text()
    csv = cli(neo4j_settings, "gaps", "--format", "csv", "--state", "OAX", "--lang", "en").stdout
    assert "MX-OAX" in csv and "shelter" in csv.lower()

CHANGES = """
query($before: CoverageScope, $after: CoverageScope!, $states: [StateCode!]) {
  coverageChanges(before: $before, after: $after, states: $states, lang: EN) {
    before after headline
    newGaps { state service kind before after lost lostNames reasons }
    closedGaps { state service kind before after gained }
    otherChanges { state service kind before after }
  }
}
"""


def changes(client: TestClient, **variables: Any) -> dict:
    body = client.post("/graphql", json={"query": CHANGES, "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]["coverageChanges"]


def statuses(client: TestClient, **variables: Any) -> dict[tuple[str, str], str]:
    return {(c["state"], c["service"]): c["status"] for c in report(client, **variables)["cells"]}


def test_changes_of_closing_proteja_agree_with_the_two_reports(client: TestClient) -> None:
    before, after = statuses(client, asOf=DAY), statuses(client, without=["proteja"], asOf=DAY)
    expected = {k for k in before if before[k] != after[k]}
    data = changes(client, after={"without": ["proteja"], "asOf": DAY})
    got = data["newGaps"] + data["closedGaps"] + data["otherChanges"]
    assert {(c["state"], c["service"]) for c in got} == expected
    assert {(c["state"], c["service"]) for c in data["newGaps"]} == {
        k for k in expected if after[k] == "gap"}
    assert data["newGaps"] and all(c["lost"] == ["proteja"] and c["lostNames"] == ["PROTEJA"]
                                   for c in data["newGaps"])
    assert data["headline"].startswith(f"{len(data['newGaps'])} new gap")
    assert "As if closed: PROTEJA" in data["after"]


def test_changes_between_two_dates_agree_with_the_two_reports(client: TestClient) -> None:
    before = statuses(client, asOf="2006-06-01")
    after = statuses(client, asOf="2010-01-01")
    data = changes(client, before={"asOf": "2006-06-01"}, after={"asOf": "2010-01-01"})
    got = data["newGaps"] + data["closedGaps"] + data["otherChanges"]
    assert {(c["state"], c["service"], c["before"], c["after"]) for c in got} == {
        (*k, before[k], after[k]) for k in before if before[k] != after[k]}
    assert got, "PROTEJA's years should change something"
    assert data["before"].startswith("Date basis: 1 June 2006")


def test_changes_name_the_side_of_a_bad_input(client: TestClient) -> None:
    body = client.post("/graphql", json={"query": CHANGES, "variables": {
        "before": {"without": ["nobody"]}, "after": {}}}, headers={"Accept-Language": "en"}).json()
    assert body["errors"][0]["message"] == "before.without: unknown organization(s) nobody"
    body = client.post("/graphql", json={"query": CHANGES, "variables": {
        "after": {"asOf": "2009-02-30"}}}).json()
    assert "asOf" in body["errors"][0]["message"] or "2009-02-30" in body["errors"][0]["message"]


def test_what_if_download_says_what_changes(client: TestClient) -> None:
    html = client.get(f"/reports/gaps.html?lang=en&without=proteja&as_of={DAY}").text
    assert '<section id="changes">' in html and "new gap" in html
    assert '<section id="changes">' not in client.get("/reports/gaps.html?lang=en").text
    data = client.get(f"/reports/gaps.json?lang=en&without=proteja&as_of={DAY}").json()
    assert data["changes"]["new_gaps"] and "changes" not in client.get(
        "/reports/gaps.json?lang=en").json()


def cli(neo4j_settings: Settings, *args: str, check: bool = True
        ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REFERRAL_GRAPH_STATE=str(neo4j_settings.state_dir),
               REFERRAL_GRAPH_BOLT_PORT=str(neo4j_settings.bolt_port))
    return subprocess.run([sys.executable, "-m", "referral_graph.cli", *args], env=env,
                          check=check, timeout=180, capture_output=True, text=True)


def test_cli_gaps_diff(seeded_db: Database, neo4j_settings: Settings) -> None:
    text = cli(neo4j_settings, "gaps-diff", "--without", "proteja", "--as-of", DAY,
               "--lang", "en").stdout
    lines = text.splitlines()
    assert lines[1] == ("After: Date basis: 1 March 2009: records in force on that date count. "
                        "As if closed: PROTEJA.")
    assert lines[3].startswith("  [new gap] Legal aid: ")
    assert "(no longer recorded: PROTEJA)" in lines[3]
    rows = cli(neo4j_settings, "gaps-diff", "--before-as-of", "2006-06-01", "--as-of",
               "2010-01-01", "--format", "csv").stdout.splitlines()
    assert rows[0].startswith("state_code,Estado,service_id") and len(rows) > 1
    bad = cli(neo4j_settings, "gaps-diff", "--before-without", "nobody", check=False)
    assert bad.returncode == 2
    assert "before.without: unknown organization(s) nobody" in bad.stderr
    bad = cli(neo4j_settings, "gaps-diff", "--as-of", "2009-13-01", check=False)
    assert bad.returncode == 2 and "--as-of: '2009-13-01' is not a date" in bad.stderr


def test_cli_gaps_what_if_lists_changes_and_hides_shelters(seeded_db: Database,
                                                           neo4j_settings: Settings) -> None:
    text = cli(neo4j_settings, "gaps", "--without", "proteja", "--as-of", DAY,
               "--lang", "en").stdout
    assert "new gaps" in text and "[new gap] Legal aid" in text
    assert not any(s.name in text for s in SHELTERS)
    staff = cli(neo4j_settings, "providers", "shelter", "CMX", "--staff").stdout
    public = cli(neo4j_settings, "providers", "shelter", "CMX").stdout
    assert any(s.name in staff for s in SHELTERS)
    assert not any(s.name in public for s in SHELTERS)


def test_cli_says_how_to_start_a_stopped_database(tmp_path: Path) -> None:
    env = dict(os.environ, REFERRAL_GRAPH_STATE=str(tmp_path))
    env.pop("NEO4J_URI", None)
    r = subprocess.run([sys.executable, "-m", "referral_graph.cli", "gaps"], env=env,
                       timeout=60, capture_output=True, text=True)
    assert r.returncode == 1
    assert "Neo4j is not running" in r.stderr and "Traceback" not in r.stderr
