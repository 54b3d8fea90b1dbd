"""Links instead of ids and names (issue 18, finding 9): coverage cells, plan steps,
brokers, isolated organizations and unmet needs' alternatives are organizations; instants
are `DateTime` and audit snapshots `JSON`. A public caller still gets a confidential shelter
as its pseudonym, with no name or city."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from referral_graph.auth.tokens import Role, create
from referral_graph.network.public import CONFIDENTIAL_NAME, PREFIX
from referral_graph.store.driver import Database
from tests.api.helpers import data

REPORT = """{ coverageReport(asOf: "2009-03-01") {
  cells { state service providerIds providerNames providers { slug name city } }
  states { code brokers { slug name } isolated { slug name } } } }"""


@pytest.fixture(scope="module")
def staff(client: TestClient, database: Database) -> str:
    return create(database, Role.STAFF, "links staff")


def test_coverage_cells_link_their_providers(client: TestClient, staff: str) -> None:
    for token in (None, staff):
        report = data(client, REPORT, token=token)["coverageReport"]
        cells = [c for c in report["cells"] if c["providerIds"]]
        assert cells
        for c in cells:
            assert [p["slug"] for p in c["providers"]] == c["providerIds"]
            assert len(c["providers"]) == len(c["providerNames"])
    public = data(client, REPORT)["coverageReport"]
    shelters = [p for c in public["cells"] for p in c["providers"]
                if p["slug"].startswith(PREFIX)]
    assert shelters, "the seeds' shelters cover cells: a public caller gets pseudonyms"
    assert all(p["name"] == CONFIDENTIAL_NAME and p["city"] is None for p in shelters)


def test_brokers_and_isolated_are_organizations(client: TestClient) -> None:
    states = data(client, REPORT)["coverageReport"]["states"]
    brokers = [b for s in states for b in s["brokers"]]
    isolated = [o for s in states for o in s["isolated"]]
    assert brokers and isolated
    assert all(o["slug"] and o["name"] for o in brokers + isolated)
    morelos = next(s for s in states if s["code"] == "MX-MOR")
    assert "proteja" in {b["slug"] for b in morelos["brokers"]}


def test_plan_steps_and_alternatives_are_organizations(client: TestClient, staff: str) -> None:
    d = data(client, """{ referralPlan(origin: "cndh", needs: ["legal_aid", "prosecution",
        "shelter"], state: "OAX", asOf: "2009-03-01") {
        plans { steps { providerId providerName provider { slug name } } }
        unmet { need alternatives { slug name } } } }""")["referralPlan"]
    steps = [s for p in d["plans"] for s in p["steps"]]
    assert steps
    for s in steps:
        assert s["provider"]["slug"] == s["providerId"]
        assert s["providerName"].startswith(s["provider"]["name"])
    # Today nobody records legal aid in Oaxaca: the nearest providers elsewhere (staff).
    unmet = data(client, """{ referralPlan(origin: "casa-alianza", needs: ["legal_aid"],
        state: "OAX") { unmet { need alternatives { slug name } } } }""",
                 token=staff)["referralPlan"]["unmet"]
    alternatives = [a for u in unmet for a in u["alternatives"]]
    assert alternatives and all(a["slug"] and a["name"] for a in alternatives)


def test_instants_are_datetimes_and_snapshots_json(client: TestClient, database: Database) -> None:
    admin = create(database, Role.ADMIN, "links admin")
    event = data(client, "{ auditTrail(first: 1) { at action before after } }",
                 token=admin)["auditTrail"][0]
    assert dt.datetime.fromisoformat(event["at"]).tzinfo is not None
    assert isinstance(event["after"], dict) and "properties" in event["after"]
    token = data(client, "{ apiTokens { createdAt } }", token=admin)["apiTokens"][0]
    assert dt.datetime.fromisoformat(token["createdAt"]).tzinfo is not None
