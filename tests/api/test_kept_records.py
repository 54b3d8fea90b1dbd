"""Records kept per data version (api/graphql/loaders.py RECORDS): a record read for one
question is not read again for the next while nothing changed, a write of this process is
in its very next answer, a write of another process once the projection follows it, and
what is hidden from the public is never kept for staff as absent (nor the reverse)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.tokens import Caller, Role, create
from referral_graph.config import Settings
from referral_graph.edits.service import save_organization
from referral_graph.store.driver import Database
from tests.api.helpers import data

ORG = "proteja"
# Each question spelled differently (the alias), so that no answer kept whole by the
# answer cache stands in for the records.
ASK = """query($o: ID!) {{ {alias}: organization(id: $o) {{ name capabilities {{ id: slug
    service {{ id: slug }} }} sources {{ id: slug }} }} }}"""
SECRET = "casa-alianza"  # a confidential shelter of the seeds
SHELTER = '{{ {alias}: organization(id: "casa-alianza") {{ id: slug name }} }}'


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        c.app.state.projection().current()  # loaded: records have a version to be kept at
        yield c


def ask(client: TestClient, alias: str, token: str | None = None) -> dict:
    return data(client, ASK.format(alias=alias), {"o": ORG}, token=token)[alias]


def test_a_record_read_once_is_not_read_again(client: TestClient, seeded_db: Database) -> None:
    first = ask(client, "a")
    before = seeded_db.round_trips
    again = ask(client, "b")
    assert again == first and first["capabilities"] and first["sources"]
    assert seeded_db.round_trips - before == 0


def test_a_write_of_this_process_is_in_its_next_answer(client: TestClient,
                                                       seeded_db: Database) -> None:
    editor = create(seeded_db, Role.EDITOR, "kept records editor")
    assert ask(client, "a")["name"] != "Renamed"
    out = data(client, """mutation { updateOrganization(input: {id: "proteja",
        name: "Renamed"}) { ok } }""", token=editor)["updateOrganization"]
    assert out["ok"]
    assert ask(client, "b")["name"] == "Renamed"


def test_a_write_of_another_process_once_followed(client: TestClient, seeded_db: Database,
                                                  neo4j_settings: Settings) -> None:
    assert ask(client, "a")["name"] != "Renamed elsewhere"
    other = Database.from_settings(neo4j_settings)  # another process's connection
    try:
        save_organization(other, Caller(Role.EDITOR, "elsewhere"),
                          {"name": "Renamed elsewhere"}, org_id=ORG)
    finally:
        other.close()
    client.app.state.projection().catch_up()  # what the follower does every 0.25 s
    assert ask(client, "b")["name"] == "Renamed elsewhere"


def test_hidden_for_the_public_is_not_absent_for_staff(client: TestClient,
                                                       seeded_db: Database) -> None:
    staff = create(seeded_db, Role.STAFF, "kept records staff")
    assert data(client, SHELTER.format(alias="a"))["a"] is None
    assert data(client, SHELTER.format(alias="b"), token=staff)["b"]["id"] == SECRET
    assert data(client, SHELTER.format(alias="c"))["c"] is None


def test_an_absence_is_never_kept(client: TestClient, seeded_db: Database) -> None:
    """A hidden record asked again costs the reads an unknown id costs (fresh clone, stop
    25: kept as absent, it answered with no read where an unknown id read once, so the
    time told a confidential shelter's id from a made-up one)."""
    again = []
    for oid in (SECRET, "no-such-organization"):
        def ask_about(alias: str, oid: str = oid) -> dict:
            return data(client, f'{{ {alias}: organization(id: "{oid}") {{ id: slug }} }}')

        assert ask_about("a")["a"] is None
        before = seeded_db.round_trips
        assert ask_about("b")["b"] is None
        again.append(seeded_db.round_trips - before)
    assert again[0] == again[1] > 0
