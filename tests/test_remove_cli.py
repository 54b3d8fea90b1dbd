"""`referral-graph remove capability|agreement|activity ID`: the CLI calls the same domain
removals as the GraphQL mutations, as a named editor, with the version it was given."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from referral_graph.cli import app


@pytest.mark.parametrize(("kind", "function"), [("capability", "remove_capability"),
                                                ("agreement", "delete_agreement"),
                                                ("activity", "delete_activity")])
def test_remove_calls_the_domain_removal(kind: str, function: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from referral_graph import console
    from referral_graph.auth.tokens import Role
    from referral_graph.edits import removals
    from referral_graph.edits.errors import EditRejected, FieldError

    seen: dict[str, Any] = {}

    def remove(db: object, caller: Any, record_id: str, *, guard: Any) -> tuple[str, list[str]]:
        seen.update(db=db, role=caller.role, name=caller.name, id=record_id,
                    version=guard.expected_version)
        if record_id == "gone":
            raise EditRejected([FieldError("id", "no such record", code="NOT_FOUND")])
        return record_id, ["pgr", "cndh"]

    monkeypatch.setattr(console, "database", lambda: "db")
    monkeypatch.setattr(removals, function, remove)
    done = CliRunner().invoke(app, ["remove", kind, "x-1", "--expected-version", "7"])
    assert done.exit_code == 0, done.output
    assert f"{kind} x-1 removed" in done.output and "pgr, cndh" in done.output
    assert seen["db"] == "db" and seen["role"] is Role.EDITOR
    assert seen["name"].startswith("cli:") and (seen["id"], seen["version"]) == ("x-1", 7)
    missing = CliRunner().invoke(app, ["remove", kind, "gone"])
    assert missing.exit_code == 2 and "no such record" in missing.output
