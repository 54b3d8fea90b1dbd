"""Organizations and collaborations built from the projection (in providers answers, a
state's task forces) hold only part of the record: the fields the projection lacks read
the record, and never answer "none" where a source states something."""

from __future__ import annotations

from fastapi.testclient import TestClient

from referral_graph.store.driver import Database
from tests.api.helpers import data

COLLAB_FIELDS = "id alternateNames formedText goals memberDescription"


def test_a_states_collaborations_carry_their_whole_record(client: TestClient) -> None:
    whole = {c["id"]: c for c in data(
        client, f"{{ collaborations {{ {COLLAB_FIELDS} }} }}")["collaborations"]}
    seen = [c for st in data(client, f"{{ states {{ collaborations {{ {COLLAB_FIELDS} }} }} }}"
                              )["states"] for c in st["collaborations"]]
    assert seen
    stated = [c for c in seen if c["goals"] or c["alternateNames"] or c["memberDescription"]]
    assert stated, "the seeds state goals or other names of some state's task force"
    assert all(c == whole[c["id"]] for c in seen)


def test_providers_organizations_carry_their_whole_record(client: TestClient) -> None:
    fields = "id alternateNames note"
    seen: dict[str, dict] = {}
    states = [s["code"] for s in data(client, "{ states { code } }")["states"]]
    for service in ("legal_aid", "shelter", "social_protection", "mental_health"):
        for state in states:
            answer = data(client, f"""query($s: ServiceId!, $st: StateCode!) {{
                providers(service: $s, state: $st) {{ providers {{ organization {{ {fields} }} }}
                }} }}""", {"s": service, "st": state})["providers"]
            for p in answer["providers"]:
                seen[p["organization"]["id"]] = p["organization"]
    assert any(o["alternateNames"] or o["note"] for o in seen.values()), \
        "the seeds state other names or a note of some provider"
    for oid, o in seen.items():
        assert o == data(client, f"query($id: ID!) {{ organization(id: $id) {{ {fields} }} }}",
                         {"id": oid})["organization"]


def test_a_collaborations_members_are_read_from_the_snapshot(client: TestClient,
                                                             database: Database) -> None:
    """The nested "a collaboration's members, their states" costs one read (the
    collaboration), not one more for the member organizations, and answers as the
    organization's own record does."""
    nested = """query($c: ID!) { collaboration(id: $c) { members { organization {
        id: slug name kind states { code } } } } }"""
    ids = [c["id"] for c in data(client, "{ collaborations { id: slug } }")["collaborations"]]
    data(client, nested, {"c": ids[0]})  # the projection and reference sets are loaded
    for cid in ids[1:]:  # each asked once: not an answer kept from before
        before = database.round_trips
        members = data(client, nested, {"c": cid})["collaboration"]["members"]
        # One read at most: the collaboration's record, unless an earlier question kept it
        # (api/graphql/loaders.py RECORDS); never one more for its members.
        assert database.round_trips - before <= 1, cid
        for m in members:
            own = data(client, """query($o: ID!) { organization(id: $o) {
                id: slug name kind states { code } } }""", {"o": m["organization"]["id"]})
            assert m["organization"] == own["organization"]


def test_a_member_not_yet_in_the_snapshot_is_read(client: TestClient) -> None:
    """A member the request's snapshot does not hold (written by another process a moment
    ago) is answered from its record (read, or kept), as its own question answers it."""
    nested = """query($c: ID!) { collaboration(id: $c) { members { organization {
        id: slug name kind states { code } } } } }"""
    G = client.app.state.projection().current().graph
    cid, info = next((cid, c) for cid, c in sorted(G.graph["collaborations"].items())
                     if c.members)
    member = sorted(info.members)[0]
    own = data(client, """query($o: ID!) { organization(id: $o) {
        id: slug name kind states { code } } }""", {"o": member})["organization"]
    G.remove_node(member)  # this test's own app: as if the snapshot had not caught up yet
    members = data(client, nested, {"c": cid})["collaboration"]["members"]
    assert own in [m["organization"] for m in members]


def test_a_states_collaboration_reads_a_member_not_yet_in_the_snapshot(
        client: TestClient) -> None:
    """The same for a state's collaborations: a member the snapshot does not hold yet is
    answered from its record, not left out of the list."""
    G = client.app.state.projection().current().graph
    cid, info, member = next(
        (cid, c, m) for cid, c in sorted(G.graph["collaborations"].items()) if c.states
        for m in sorted(c.members) if m in G and not G.nodes[m]["org"].confidential)
    state = sorted(info.states)[0]
    query = """query($s: StateCode!) { state(code: $s) { collaborations { id: slug
        members { organization { id: slug name kind states { code } } } } } }"""
    code = state.removeprefix("MX-")
    before = data(client, query, {"s": code})["state"]["collaborations"]
    assert member in [m["organization"]["id"] for c in before if c["id"] == cid
                      for m in c["members"]]
    G.remove_node(member)  # this test's own app: as if the snapshot had not caught up yet
    asked_again = query.replace("collaborations {", "again: collaborations {")  # not kept
    after = data(client, asked_again, {"s": code})["state"]["again"]
    assert after == before
