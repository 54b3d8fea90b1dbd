"""`referral-graph serve|health|export-graphql-schema`: the service."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.config import DEFAULT_SEED, Settings
from referral_graph.console import fail, out

if TYPE_CHECKING:

    pass

api_app = typer.Typer()  # its commands join the root command (cli.py)


@api_app.command("export-graphql-schema")
def export_graphql_schema() -> None:
    """Write the API's SDL to schema/schema.graphql (a test keeps it in sync)."""
    from referral_graph.api.graphql.schema import sdl
    from referral_graph.config import SCHEMA_DIR

    path = SCHEMA_DIR / "schema.graphql"
    path.write_text(sdl(), encoding="utf-8")
    out.print(f"wrote {path}")


@api_app.command("health")
def health_cmd() -> None:
    """Print what /health would answer."""
    from dataclasses import asdict

    from referral_graph import health
    from referral_graph.store.driver import get_database

    report = health.check(get_database())
    out.print_json(json.dumps(asdict(report)))
    raise typer.Exit(0 if report.ok else 1)


@api_app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    seed: Annotated[Path, typer.Option(help="Data set loaded when the database is empty")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Start Neo4j if needed, apply the schema, seed an empty database, serve the API.

    Ctrl-C stops the service and the Neo4j that it started.
    """
    import uvicorn

    from referral_graph.api.app import create_app
    from referral_graph.importer.run import seed_if_empty
    from referral_graph.neo4j_server import ServerError, start, status, stop
    from referral_graph.safety import check
    from referral_graph.store.driver import Database, set_database

    settings = Settings.from_env()
    started = False
    if not settings.external_neo4j:
        st = status(settings)
        if st.running:
            out.print(f"Using the Neo4j already running: {st.describe()}")
        else:
            out.print("Starting Neo4j (the first start fetches it with Maven)...")
            try:
                out.print(start(settings).describe())
            except ServerError as e:
                raise fail(str(e)) from None
            started = True
    # Ctrl-C must also reach the cleanup below when it arrives as SIGTERM.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    db = Database.from_settings(settings)
    set_database(db)
    try:
        report = seed_if_empty(db, seed)
        if report is not None:
            out.print(report.describe(), highlight=False)
        try:  # never serve a store where a shelter could be shown as public
            check.ensure_consistent(check.find(db))
        except check.UnsafeData as e:
            raise fail(str(e)) from None
        # Costly queries run on worker threads (api/graphql/schema.py); a shorter switch
        # interval lets the event loop take the interpreter back sooner between their
        # slices, so /health and quick requests are answered while they run.
        sys.setswitchinterval(0.001)
        h, p = host or settings.http_host, port or settings.http_port
        out.print(f"Serving on http://{h}:{p}/  (web app at /, GraphQL at /graphql, explorer at "
                  "/explorer, health at /health)")
        from referral_graph.api.memory import tune

        tune()  # before the server's threads: large answers go back to the system when freed
        uvicorn.run(create_app(settings, db), host=h, port=p, log_level="info")
    finally:
        set_database(None)
        if started:
            stop(settings)
            out.print("Neo4j stopped.")
