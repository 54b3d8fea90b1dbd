"""HSDS tests: the PROTEJA seeds with one edit (so the audit trail is not empty)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from referral_graph.auth.tokens import Caller, Role
from referral_graph.config import DEFAULT_SEED
from referral_graph.directory.lang import Lang
from referral_graph.edits import service as edits
from referral_graph.hsds.build import Scope
from referral_graph.hsds.export import Export, make_export, write_export
from referral_graph.importer.run import import_dataset
from referral_graph.network.projection import load_network
from referral_graph.store import migrations
from referral_graph.store.driver import Database
from tests.conftest import wipe

EDITOR = Caller(Role.EDITOR, "Editora de prueba")
PUBLIC = Scope(see_confidential=False, audit=False)
STAFF = Scope(see_confidential=True, audit=True)


def seed_with_history(db: Database) -> None:
    wipe(db)
    migrations.apply(db)
    import_dataset(db, DEFAULT_SEED)
    edits.save_organization(db, EDITOR, {"note": "Nota editada en una prueba."},
                            org_id="pgr")


def export(db: Database, scope: Scope, lang: Lang = Lang.ES) -> Export:
    return make_export(db, load_network(db), scope, lang)


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
