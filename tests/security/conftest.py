"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from referral_graph.store.driver import Database
from tests.conftest import import_seeds, wipe


@pytest.fixture(scope="module")
def seeded_module(database: Database) -> Database:
    """The PROTEJA seeds, imported once for a module whose tests each add their own rows
    (unique ids) and put back anything of the seeds they change."""
    wipe(database)
    import_seeds(database)
    return database
