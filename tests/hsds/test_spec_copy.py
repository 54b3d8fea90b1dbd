"""The schemas the importer validates with are the pinned official ones, unmodified."""

from __future__ import annotations

from referral_graph.hsds.schemas import SPEC
from tests.hsds.referee import SHARED


def test_vendored_schemas_are_the_pinned_official_ones() -> None:
    official = sorted((SHARED / "schema").glob("*.json"))
    assert len(official) == 22
    for path in official:
        ours = SPEC / "3.0" / path.name
        assert ours.read_bytes() == path.read_bytes(), path.name
    notice = (SPEC / "NOTICE.md").read_text(encoding="utf-8")
    assert "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in (SHARED / "README.md").read_text()
    assert "279fd2eb3552c349bf698c07c00cc25f5fc8249b" in notice
    assert "CC BY-SA" in notice or "Attribution-ShareAlike" in notice
