"""Service capacity: staff set it, the audit trail keeps it, plans prefer room on equal
cost, and a public caller learns only the status, never a confidential shelter's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.capacity.service import capacities, clear_capacity, set_capacity
from referral_graph.cli import app
from referral_graph.config import Settings
from referral_graph.edits.errors import EditRejected, Forbidden
from referral_graph.network.loading import load_network
from referral_graph.network.public import public_view
from referral_graph.referrals.planner import plan_referrals
from referral_graph.store.driver import Database
from tests.api.helpers import data
from tests.referrals.graphs import DAY, graph, org, tie

STAFF = Caller(Role.STAFF, "Personal")


def _with_room(G, oid: str, available: int | None) -> None:  # type: ignore[no-untyped-def]
    node = G.nodes[oid]
    node["provisions"] = [dataclasses.replace(p, capacity_available=available)
                          for p in node["provisions"]]


def _first_shelter(G) -> str:  # type: ignore[no-untyped-def]
    result = plan_referrals(G, "a", ["shelter"], "MX-OAX", as_of=DAY)
    return result.plans[0].steps[0].provider


@pytest.mark.parametrize(("b", "c", "first"), [
    (None, None, "b"),  # equal cost, nothing known: by id, as before
    (0, 4, "c"),        # b full, c has room
    (4, 0, "b"),        # and the other way round
    (None, 2, "c"),     # room beats unknown
    (0, None, "c"),     # unknown beats full
])
def test_plans_prefer_a_provider_with_room_when_costs_are_equal(
        b: int | None, c: int | None, first: str) -> None:
    G = graph()
    org(G, "a")
    org(G, "b", "shelter")
    org(G, "c", "shelter")
    tie(G, "a", "b")
    tie(G, "a", "c")
    _with_room(G, "b", b)
    _with_room(G, "c", c)
    assert _first_shelter(G) == first
    plans = plan_referrals(G, "a", ["shelter"], "MX-OAX", as_of=DAY).plans
    assert len(plans) == 2  # a full provider is still offered, after the other


def test_room_is_only_a_tie_break() -> None:
    G = graph()
    org(G, "a")
    org(G, "b", "shelter")
    org(G, "c", "shelter")
    tie(G, "a", "b")  # b is tied to the origin, c is a cold referral
    _with_room(G, "b", 0)
    _with_room(G, "c", 9)
    assert _first_shelter(G) == "b"


def test_no_capacity_is_invented(seeded_db: Database) -> None:
    assert seeded_db.read("MATCH (c:Capability) WHERE c.capacity_available IS NOT NULL "
                          "RETURN count(c) AS n") == [{"n": 0}]


def test_staff_set_and_clear_capacity_with_the_audit_trail(seeded_db: Database) -> None:
    with pytest.raises(Forbidden):
        set_capacity(seeded_db, Caller(Role.PUBLIC), "cap-pgr-prosecution", available=1)
    with pytest.raises(EditRejected) as e:
        set_capacity(seeded_db, STAFF, "cap-pgr-prosecution", unit="rooms", available=-1,
                     total=0)
    assert [x.field for x in e.value.errors] == ["input.unit", "input.available",
                                                 "input.total"]
    with pytest.raises(EditRejected, match="no Capability with id 'nope'"):
        set_capacity(seeded_db, STAFF, "nope", available=1)
    at = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
    assert set_capacity(seeded_db, STAFF, "cap-casa-alianza-shelter", available=2, total=8,
                        updated_at=at) == "casa-alianza"
    confidential, cap = capacities(seeded_db, ["cap-casa-alianza-shelter"])[
        "cap-casa-alianza-shelter"]
    assert confidential and cap is not None
    assert (cap.unit, cap.available, cap.total, cap.updated_at) == ("beds", 2, 8, at)
    events = seeded_db.read("MATCH (e:AuditEvent {action: 'set_capacity'}) RETURN e.actor AS "
                            "actor, e.target_id AS target, e.after AS after")
    assert events[0]["actor"] == "Personal" and events[0]["target"] == "cap-casa-alianza-shelter"
    assert json.loads(events[0]["after"])["properties"]["capacity_available"] == 2
    clear_capacity(seeded_db, STAFF, "cap-casa-alianza-shelter")
    assert capacities(seeded_db, ["cap-casa-alianza-shelter"])[
        "cap-casa-alianza-shelter"][1] is None


def test_a_confidential_shelters_capacity_never_reaches_the_public_view(
        seeded_db: Database) -> None:
    set_capacity(seeded_db, STAFF, "cap-casa-alianza-shelter", available=0)
    G = load_network(seeded_db)
    assert {p.capacity_available for p in G.nodes["casa-alianza"]["provisions"]
            if p.service == "shelter"} == {0}
    P = public_view(G)
    assert all(p.capacity_available is None for n, d in P.nodes(data=True)
               if d["org"].confidential for p in d["provisions"])


CAPS = """query($id: ID!) { organization(id: $id) { capabilities { id: slug capacity {
  status statusLabel(lang: EN) unit available total updatedAt } } } }"""
SET = """mutation($input: CapacityInput!) { setCapacity(input: $input) { ok capabilityId
  errors { field message } } }"""


def test_graphql_set_capacity_and_who_sees_what(seeded_db: Database,
                                                neo4j_settings: Settings) -> None:
    staff = create(seeded_db, Role.STAFF, "Trabajadora social")
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        # Loaded: capabilities are then answered from the projection, which must follow.
        c.app.state.projection().current()
        bad = c.post("/graphql", json={"query": SET, "variables": {"input": {
            "capability": "cap-oaxaca-dif-social-protection", "available": 1}}}).json()
        assert bad["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        done = data(c, SET, {"input": {"capability": "cap-oaxaca-dif-social-protection",
                                       "available": 3, "total": 10, "unit": "places"}}, staff)
        assert done["setCapacity"] == {"ok": True, "errors": [],
                                       "capabilityId": "cap-oaxaca-dif-social-protection"}
        wrong = data(c, SET, {"input": {"capability": "cap-casa-alianza-shelter",
                                        "available": 5, "total": 2}}, staff)["setCapacity"]
        assert wrong["ok"] is False and wrong["errors"][0]["field"] == "input.total"
        data(c, SET, {"input": {"capability": "cap-casa-alianza-shelter", "available": 0}},
             staff)
        public = data(c, CAPS, {"id": "oaxaca-dif"})["organization"]["capabilities"][0]
        assert public["capacity"] == {"status": "HAS_CAPACITY", "statusLabel": "Has capacity",
                                      "unit": None, "available": None, "total": None,
                                      "updatedAt": None}
        seen = data(c, CAPS, {"id": "oaxaca-dif"}, staff)["organization"]["capabilities"][0]
        assert (seen["capacity"]["available"], seen["capacity"]["total"],
                seen["capacity"]["unit"]) == (3, 10, "places")
        assert data(c, CAPS, {"id": "casa-alianza"})["organization"] is None
        shelter = data(c, CAPS, {"id": "casa-alianza"}, staff)["organization"]["capabilities"]
        assert {x["capacity"]["status"] for x in shelter if x["id"].endswith("shelter")} == {
            "FULL"}
        other = data(c, CAPS, {"id": "pgr"})["organization"]["capabilities"][0]
        assert other["capacity"]["status"] == "UNKNOWN"


def test_cli_sets_and_shows_capacity(seeded_db: Database, neo4j_settings: Settings) -> None:
    env = {"REFERRAL_GRAPH_STATE": str(neo4j_settings.state_dir),
           "REFERRAL_GRAPH_BOLT_PORT": str(neo4j_settings.bolt_port)}

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, ["capacity", *args], env=env)

    done = cli("set", "cap-pgr-prosecution", "--available", "4", "--total", "6", "--unit",
               "places", "--at", "2026-04-01T10:00:00+00:00")
    assert done.exit_code == 0, done.output
    shown = cli("show", "cap-pgr-prosecution", "nope").stdout
    assert "cap-pgr-prosecution: 4 places free of 6, has_capacity, as of 2026-04-01" in shown
    assert "nope: no such capability" in shown
    bad = cli("set", "cap-pgr-prosecution", "--available", "-3")
    assert bad.exit_code == 2 and "input.available" in bad.stderr
