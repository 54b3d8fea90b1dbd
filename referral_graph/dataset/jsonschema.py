"""JSON Schemas of the seed files, generated from the record models into schema/import/.

Editors and other tools can validate a seed file without Python; a test keeps the
committed schemas equal to the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from referral_graph.config import SCHEMA_DIR
from referral_graph.dataset.load import KINDS

IMPORT_SCHEMA_DIR = SCHEMA_DIR / "import"


def file_schema(kind: str) -> dict[str, Any]:
    """The schema of ``<kind>.yaml``: one key holding a list of rows."""
    row = KINDS[kind].model_json_schema()
    defs = row.pop("$defs", {})
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind}.yaml",
        "type": "object",
        "additionalProperties": False,
        "required": [kind],
        "properties": {kind: {"type": "array", "items": {"$ref": "#/$defs/Row"}}},
        "$defs": {**defs, "Row": row},
    }
    return schema


def render(kind: str) -> str:
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def export(directory: Path = IMPORT_SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written
