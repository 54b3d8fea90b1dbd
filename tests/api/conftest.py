"""The API tests' client: the app over the PROTEJA seeds, imported once per module.

For modules that only read. A module that writes defines its own `client` over the
`seeded_db` fixture, which seeds afresh for every test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.conftest import import_seeds, wipe


@pytest.fixture(scope="module")
def client(database: Database, neo4j_settings: Settings) -> Iterator[TestClient]:
    wipe(database)
    import_seeds(database)
    with TestClient(create_app(neo4j_settings, database)) as c:
        yield c
