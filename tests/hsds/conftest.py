"""HSDS tests: the PROTEJA seeds with one edit (so the audit trail is not empty)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from referral_graph.auth.tokens import Caller, Role
from referral_graph.capacity.service import set_capacity
from referral_graph.config import DEFAULT_SEED
from referral_graph.directory.lang import Lang
from referral_graph.edits import service as edits
from referral_graph.hsds.build import Scope
from referral_graph.hsds.export import Export, make_export, write_export
from referral_graph.importer.run import import_dataset
from referral_graph.network.loading import load_network
from referral_graph.network.public import set_key
from referral_graph.store import migrations
from referral_graph.store.driver import Database
from tests.conftest import wipe

EDITOR = Caller(Role.EDITOR, "Editora de prueba")
STAFF_CALLER = Caller(Role.STAFF, "Personal de prueba")
# Staff-set capacities (the seeds carry none): a public organization's, and a shelter's.
PUBLIC_CAPACITY = "cap-oaxaca-dif-social-protection"
SHELTER_CAPACITY = "cap-casa-alianza-shelter"
PUBLIC = Scope(see_confidential=False, audit=False)
STAFF = Scope(see_confidential=True, audit=True)


def seed_with_history(db: Database) -> None:
    wipe(db)
    migrations.apply(db)
    import_dataset(db, DEFAULT_SEED)
    edits.save_organization(db, EDITOR, {"note": "Nota editada en una prueba."},
                            org_id="pgr")
    at = dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC)
    set_capacity(db, STAFF_CALLER, PUBLIC_CAPACITY, unit="places", available=3, total=10,
                 updated_at=at)
    set_capacity(db, STAFF_CALLER, SHELTER_CAPACITY, unit="beds", available=0, total=12,
                 updated_at=at)


KEY = b"test-pseudonym-key-" * 2  # the deployment's secret, as a test sets it


def network(db: Database) -> nx.Graph:
    """The projection keyed as a deployment keys it, so pseudonyms agree between calls."""
    G = load_network(db)
    set_key(G, KEY)
    return G


def export(db: Database, scope: Scope, lang: Lang = Lang.ES) -> Export:
    return make_export(db, network(db), scope, lang)


@pytest.fixture(scope="module")
def seeded(database: Database) -> Iterator[Database]:
    seed_with_history(database)
    yield database


@pytest.fixture(scope="module")
def exports(seeded: Database, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, tuple[Export, Path]]:
    """Public and staff exports, in both forms, written once per module."""
    out = {}
    for scope in (PUBLIC, STAFF):
        exp = export(seeded, scope)
        for fmt in ("hsds", "hsds-tabular"):
            folder = tmp_path_factory.mktemp(f"{scope.name}-{fmt}")
            write_export(exp, fmt, folder)
            out[f"{scope.name}-{fmt}"] = (exp, folder)
    return out
