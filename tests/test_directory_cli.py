"""The directory's documented-record commands pass their options through to the reads
(activities and agreements share one body: `directory.cli._dated_records`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from typer.testing import CliRunner

from referral_graph.cli import app


@pytest.mark.parametrize("command", ["activities", "agreements"])
def test_dated_record_commands_pass_their_options(command: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from referral_graph.directory import cli, documented, documented_text

    seen: dict[str, Any] = {}

    def fetch(db: object, **kw: Any) -> list[object]:
        seen.update(kw, db=db)
        return []

    monkeypatch.setattr(cli, "database", lambda: "db")
    monkeypatch.setattr(documented, command, fetch)
    monkeypatch.setattr(documented_text, f"{command}_text",
                        lambda items, lang: f"{len(items)} {command} in {lang}")
    result = CliRunner().invoke(app, [command, "--organization", "proteja", "--state", "OAX",
                                      "--from", "2008-01-01", "--to", "2008-12-31",
                                      "--kind", "mou", "--lang", "en", "--staff"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"0 {command} in en"
    assert seen == {"db": "db", "see_confidential": True, "organizations": ["proteja"],
                    "state": "MX-OAX", "start": dt.date(2008, 1, 1),
                    "end": dt.date(2008, 12, 31), "kind": "mou"}
    bad = CliRunner().invoke(app, [command, "--from", "2008-13-01", "--staff"])
    assert bad.exit_code == 2 and "--from" in bad.output
