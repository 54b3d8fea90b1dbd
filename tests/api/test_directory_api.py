"""The directory over the seeded database: providers, search, pages, networks, states."""

from __future__ import annotations

import itertools
import time

import pytest
from fastapi.testclient import TestClient

from referral_graph.config import DEFAULT_SEED
from referral_graph.dataset.load import load_dataset
from referral_graph.directory import service as reads
from referral_graph.store import changes
from referral_graph.store.driver import Database
from tests.api.helpers import data, gql

SEED = load_dataset(DEFAULT_SEED)



PROVIDERS = """
query($service: ServiceId!, $state: StateCode!, $asOf: Date) {
  providers(service: $service, state: $state, asOf: $asOf) {
    noneInState message confidentialNote
    providers { organization { id: slug name } reach basis why sources { id: slug passage } }
    alternatives { organization { id: slug } state distance }
  }
}
"""


def test_providers_ranked_by_reach_with_why_and_source(client: TestClient) -> None:
    d = data(client, PROVIDERS, {"service": "prosecution", "state": "Oax"}, lang="en")
    p = d["providers"]
    assert [x["organization"]["id"] for x in p["providers"]] == [
        "oaxaca-attorney-general", "pgr"]
    assert [x["reach"] for x in p["providers"]] == ["operates_in", "national"]
    first = p["providers"][0]
    assert first["basis"] == "mandate" and "Works in Oaxaca" in first["why"]
    assert first["sources"] and all(s["passage"] for s in first["sources"])
    assert not p["noneInState"] and p["message"].startswith("1 provider(s)")


def test_none_in_state_says_so_and_points_to_national_reach(client: TestClient) -> None:
    # PROTEJA offered legal aid nationally until March 2009; in 2008 it is the answer.
    d = data(client, PROVIDERS, {"service": "legal_aid", "state": "MX-OAX",
                                 "asOf": "2008-06-01"}, lang="en")["providers"]
    assert d["noneInState"] is True
    assert "No provider of Legal aid recorded in Oaxaca" in d["message"]
    assert [x["organization"]["id"] for x in d["providers"]] == ["proteja"]
    today = data(client, PROVIDERS, {"service": "legal_aid", "state": "MX-OAX"},
                 lang="en")["providers"]
    assert today["providers"] == [] and "No provider" in today["message"]
    # Every recorded provider is a confidential shelter elsewhere: the answer says that much.
    assert "confidential shelter in another state" in today["confidentialNote"]


def test_bad_state_and_service_name_the_field(client: TestClient) -> None:
    body = gql(client, PROVIDERS, {"service": "legal_aid", "state": "XYZ"})
    assert body["errors"][0]["message"].startswith("state:")
    body = gql(client, PROVIDERS, {"service": "astrology", "state": "OAX"})
    assert body["errors"][0]["message"].startswith("service:")


SEARCH = """
query($q: String, $state: StateCode, $kind: OrganizationKind, $service: ServiceId, $first: Int,
      $after: String, $activeOn: Date) {
  organizations(query: $q, state: $state, kind: $kind, service: $service, first: $first,
                after: $after, activeOn: $activeOn) {
    totalCount edges { cursor node { id: slug name } } pageInfo { hasNextPage endCursor }
  }
}
"""


def _ids(d: dict) -> list[str]:
    return [e["node"]["id"] for e in d["organizations"]["edges"]]


def test_search_ignores_accents_and_case(client: TestClient) -> None:
    assert _ids(data(client, SEARCH, {"q": "pgr"})) == ["pgr"]
    accented = _ids(data(client, SEARCH, {"q": "Procuraduría"}))
    assert accented == _ids(data(client, SEARCH, {"q": "PROCURADURIA"})) and "pgr" in accented


def test_filters_combine(client: TestClient) -> None:
    agencies = _ids(data(client, SEARCH, {"kind": "government_agency", "first": 100}))
    expected = sorted(o.id for o in SEED.records("organizations")
                      if o.kind == "government_agency")
    assert sorted(agencies) == expected
    ended = _ids(data(client, SEARCH, {"activeOn": "2012-01-01", "first": 100}))
    assert "proteja" not in ended and "pgr" in ended
    prosecutors = _ids(data(client, SEARCH, {"service": "prosecution", "state": "OAX",
                                             "first": 100}))
    assert {"oaxaca-attorney-general", "pgr"} <= set(prosecutors)


def test_cursor_pages_cover_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        d = data(client, SEARCH, {"first": 7, "after": after})["organizations"]
        seen += [e["node"]["id"] for e in d["edges"]]
        if not d["pageInfo"]["hasNextPage"]:
            break
        after = d["pageInfo"]["endCursor"]
    public = [o.id for o in SEED.records("organizations") if not o.confidential]
    assert len(seen) == len(set(seen)) == d["totalCount"] == len(public)
    assert sorted(seen) == sorted(public)


def test_page_size_and_cursor_are_checked(client: TestClient) -> None:
    assert gql(client, SEARCH, {"first": 1000})["errors"][0]["message"].startswith("first:")
    assert gql(client, SEARCH, {"after": "garbage!"})["errors"][0]["message"].startswith(
        "after:")


NESTED = """
query($first: Int) {
  organizations(first: $first) { edges { node {
    id: slug states { name } sources { id: slug }
    capabilities { service { name } covers { code } sources { id: slug } }
    memberships { role collaboration { name members { organization { id: slug } } } }
    agreements { subject parties { id: slug } states { code } sources { id: slug } }
  } } }
}
"""


def test_nested_query_round_trips_do_not_grow_with_page_size(client: TestClient,
                                                             database: Database) -> None:
    data(client, NESTED, {"first": 1})  # load the projection first
    data(client, NESTED, {"first": 40})  # and keep the reference sets of this version
    counts = []
    # From 25 organizations on, every nested level has something to load in the seeds.
    for first in (25, 30, 35):
        before = database.round_trips
        d = data(client, NESTED, {"first": first})
        counts.append(database.round_trips - before)
        assert len(d["organizations"]["edges"]) == first
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 12  # one per nested level, whatever the page size


def _next_version(client: TestClient, database: Database) -> None:
    """Record a change and wait until the app's projection stands at it."""
    database.write_tx(lambda tx: changes.record(tx, changes.begin(tx), action="test"))
    head = changes.head(database).value
    deadline = time.monotonic() + 10
    while client.app.state.loaded_snapshot().version < head:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "the app did not follow the change"
        time.sleep(0.05)


def test_states_and_services_are_read_once_per_data_version(
        client: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every nested answer read the whole reference sets; now once per version."""
    calls: list[str] = []
    for name in ("states", "service_types"):
        real = getattr(reads, name)
        monkeypatch.setattr(reads, name, lambda db, _r=real, _n=name: (calls.append(_n),
                                                                        _r(db))[1])
    data(client, NESTED, {"first": 1})  # load the projection first
    _next_version(client, database)
    calls.clear()
    first = data(client, NESTED, {"first": 26})
    data(client, NESTED, {"first": 27})  # another question (not a kept answer)
    assert sorted(calls) == ["service_types", "states"]
    assert any(e["node"]["states"] for e in first["organizations"]["edges"])
    _next_version(client, database)
    data(client, NESTED, {"first": 28})
    assert sorted(calls) == ["service_types", "service_types", "states", "states"]


def test_task_force_network_has_its_members_and_ties(client: TestClient) -> None:
    collab = next(c for c in SEED.records("collaborations") if len(c.members) >= 3)
    public_members = {m.organization for m in collab.members} - {
        o.id for o in SEED.records("organizations") if o.confidential}
    d = data(client, """query($id: ID!) { network(collaboration: $id, depth: 0) {
        nodes { id seed } edges { source target kinds evidence { kind ref label
          sources { id: slug } } }
    } }""", {"id": collab.id})["network"]
    assert {n["id"] for n in d["nodes"]} == public_members
    # Sharing the task force ties every two members, and that tie says so.
    assert {frozenset((e["source"], e["target"])) for e in d["edges"]} == {
        frozenset(pair) for pair in itertools.combinations(public_members, 2)}
    for e in d["edges"]:
        assert "collaboration" in e["kinds"], e
        assert any(ev["kind"] == "collaboration" and ev["ref"] == collab.id and ev["sources"]
                   for ev in e["evidence"]), e


def test_network_around_grows_with_depth(client: TestClient) -> None:
    q = "query($d: Int) { network(around: \"pgr\", depth: $d) { nodes { id } } }"
    sizes = [len(data(client, q, {"d": d})["network"]["nodes"]) for d in (0, 1, 2)]
    assert sizes[0] == 1 and sizes[0] < sizes[1] <= sizes[2]
    assert gql(client, q, {"d": 9})["errors"][0]["message"].startswith("depth:")


def test_states_carry_the_documents_legislation(client: TestClient) -> None:
    d = data(client, """{ states { code name legislation { status dateText effective
                              sources { id: slug } } } federalLegislation { status approved } }""",
             lang="en")
    states = {s["code"]: s for s in d["states"]}
    assert len(states) == 32
    laws = {r.jurisdiction: r for r in SEED.records("legislation")}
    for code, s in states.items():
        if code in laws:
            assert s["legislation"]["status"] == str(laws[code].status)
            assert s["legislation"]["sources"]
    assert d["federalLegislation"]["approved"] == str(laws["MX"].approved)


def test_language_follows_accept_language_and_lang_wins(client: TestClient) -> None:
    q = '{ state(code: "MX-CMX") { name } serviceTypes { id: slug name nameEn } }'
    es = data(client, q)
    en = data(client, q, lang="en-US,en;q=0.9")
    assert es["state"]["name"] == "Ciudad de México" and en["state"]["name"] == "Mexico City"
    forced = data(client, '{ state(code: "CMX") { name(lang: ES) } }', lang="en")
    assert forced["state"]["name"] == "Ciudad de México"
    assert en["serviceTypes"] and all(t["name"] == t["nameEn"] for t in en["serviceTypes"])
    assert all(t["name"] != t["nameEn"] for t in es["serviceTypes"])  # Spanish by default


COUNTS = """query($asOf: Date) { serviceCounts(state: "OAX", asOf: $asOf) {
    service providers national } }"""


def _counted(client: TestClient, as_of: str | None) -> dict[str, tuple[int, int]]:
    rows = data(client, COUNTS, {"asOf": as_of})["serviceCounts"]
    return {r["service"]: (r["providers"], r["national"]) for r in rows}


def _listed(client: TestClient, service: str, as_of: str | None) -> tuple[int, int]:
    found = data(client, PROVIDERS, {"service": service, "state": "OAX", "asOf": as_of}
                 )["providers"]["providers"]
    national = sum(p["reach"] == "national" for p in found)
    return len(found) - national, national


def test_service_counts_match_providers(client: TestClient) -> None:
    today = _counted(client, None)
    assert today["prosecution"] == (1, 1)
    # Counts default to today's activity, like the directory: PROTEJA's national legal aid
    # ended in March 2009, so it counts in 2008 and not today.
    assert today["legal_aid"] == (0, 0)
    assert _counted(client, "2008-06-01")["legal_aid"] == (0, 1)
    for service, counted in today.items():
        assert counted == _listed(client, service, None), service
