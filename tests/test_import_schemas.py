"""The committed JSON Schemas of the seed files match the record models."""

from __future__ import annotations

from referral_graph.dataset.jsonschema import IMPORT_SCHEMA_DIR, render
from referral_graph.dataset.load import KINDS


def test_committed_import_schemas_match_the_models() -> None:
    for kind in KINDS:
        path = IMPORT_SCHEMA_DIR / f"{kind}.schema.json"
        assert path.exists(), f"run `referral-graph export-import-schemas` ({path.name})"
        assert path.read_text(encoding="utf-8") == render(kind), (
            f"{path.name} is stale: run `referral-graph export-import-schemas`"
        )
