"""What every `referral-graph` command shares: its output, its errors, the database, the
network, and the parsing of its common options. Each domain's commands live in its own
`cli.py` (a typer sub-app); `referral_graph/cli.py` assembles them."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from referral_graph.config import Settings

if TYPE_CHECKING:
    import networkx as nx

    from referral_graph.directory.lang import Lang
    from referral_graph.store.driver import Database

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


NOT_RUNNING = ("Neo4j is not running. Start it with `referral-graph neo4j start` "
               "(or `make serve`), or set NEO4J_URI to use another server.")


def database() -> Database:
    """The process's database; fails at once, with what to do, when the managed Neo4j is
    not running (the driver would retry for seconds and then print a traceback)."""
    from referral_graph.neo4j_server import status
    from referral_graph.store.driver import get_database

    settings = Settings.from_env()
    if not settings.external_neo4j and not status(settings).running:
        raise fail(NOT_RUNNING)
    return get_database(settings)


def network() -> nx.Graph:
    """The whole projection, read from Neo4j."""
    from referral_graph.auth.server_secret import load_key
    from referral_graph.network.loading import load_network
    from referral_graph.network.projection import settle
    from referral_graph.network.public import set_key

    G = load_network(database())
    set_key(G, load_key(Settings.from_env()))  # the service's pseudonyms, not new ones
    settle()
    return G


def public(G: nx.Graph, text: str, staff: bool) -> str:
    """``text`` as a public caller may read it: source passages quote documents that name
    confidential shelters and their cities, so the API's redactor runs here too."""
    from referral_graph.network.redact import redactor_for

    return text if staff else redactor_for(G).redact(text)


def lang_option(lang: str, option: str = "--lang") -> Lang:
    from referral_graph.directory.lang import Lang

    if lang not in ("es", "en"):
        raise fail(f"{option}: es or en", 2)
    return Lang(lang)


def date_option(option: str, value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def state_option(value: str | None) -> str | None:
    """A `--state` given by name, code or alias, as its code; a clear error (exit 2) if it
    is no state."""
    from referral_graph.reference.states import parse_state

    try:
        return parse_state(value) if value is not None else None
    except ValueError as e:
        raise fail(str(e), 2) from None


def write(text: str, out_file: Path | None) -> None:
    if out_file is None:
        sys.stdout.write(text)
    else:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        if out_file.suffix.lower() == ".csv":  # Excel reads the accents right with a BOM
            from referral_graph.spreadsheets.safe import excel_bytes

            out_file.write_bytes(excel_bytes(text))
        else:
            out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}", highlight=False)
