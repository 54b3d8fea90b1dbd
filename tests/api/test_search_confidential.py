"""The search is answered from the worker's snapshot (`directory/search_index.py`) and its
page's records from the database: an organization the database no longer shows the public
is left out of a public answer, even before the snapshot catches up."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import Settings
from referral_graph.directory import search_index
from referral_graph.directory.model import Filters
from referral_graph.store.driver import Database
from tests.api.helpers import gql

SEARCH = """query($q: String!) { organizations(query: $q, first: 50) {
  edges { node { id: slug name } } } }"""
# The same through a filter with operators (`directory/where.py`, on the snapshot too).
WHERE = """query($q: String!) { organizations(where: {name: {contains: $q}}, first: 50) {
  edges { node { id: slug name } } } }"""


@pytest.fixture
def client(seeded_db: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(neo4j_settings, seeded_db)) as c:
        yield c


def _found(client: TestClient, word: str, query: str = SEARCH) -> set[str]:
    body = gql(client, query, {"q": word})
    assert "errors" not in body, body
    return {e["node"]["id"] for e in body["data"]["organizations"]["edges"]}


def test_a_record_made_confidential_before_the_snapshot_knows_is_left_out(
        client: TestClient, seeded_db: Database) -> None:
    [row] = seeded_db.read("MATCH (o:Organization {id: 'cndh'}) RETURN o.name AS name")
    word = row["name"].split()[-1]
    assert "cndh" in search_index.search(  # the worker's snapshot shows it to the public
        client.app.state.projection().graph, Filters(query=word), see_confidential=False,
        first=50).ids()
    # Hidden in the database without a change record: the snapshot never hears of it,
    # as for the moment before a worker's follower catches up with a write.
    seeded_db.write("MATCH (o:Organization {id: 'cndh'}) SET o.confidential = true")
    assert "cndh" not in _found(client, word)
    assert "cndh" not in _found(client, word, WHERE)
    assert _found(client, word) and _found(client, word, WHERE)  # the others still are
