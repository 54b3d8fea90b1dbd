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
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="Worker processes (default: one per core, at most 4; "
                            "REFERRAL_GRAPH_WORKERS)")] = None,
) -> None:
    """Start Neo4j if needed, apply the schema, seed an empty database, serve the API.

    Ctrl-C stops the service and the Neo4j that it started.
    """
    import uvicorn

    from referral_graph.api import serving, supervisor
    from referral_graph.importer.run import seed_if_empty
    from referral_graph.neo4j_server import ServerError, start, status
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
        n = workers or settings.workers or serving.default_workers()
        serving.prepare_workers(settings, n)
        h, p = host or settings.http_host, port or settings.http_port
        out.print(f"Serving on http://{h}:{p}/  (web app at /, GraphQL at /graphql, explorer at "
                  f"/explorer, health at /health; {n} worker{'s' if n > 1 else ''})")
        if n == 1:
            from referral_graph.api.app import create_app

            serving.tune_process()  # before the server's threads
            application = create_app(settings.replace(workers=1), db)
            serving.warm(application)
            uvicorn.run(application, host=h, port=p, log_level="info",
                        timeout_graceful_shutdown=supervisor.GRACEFUL_SHUTDOWN_SECONDS)
        else:
            # Each worker builds its app from the environment prepared above; this process
            # becomes their supervisor, leaving behind what it imported (`api.supervisor`).
            db.close()
            supervisor.become(h, p, n, stop_neo4j=started)
    finally:
        set_database(None)
        if started:
            supervisor.stop_started_neo4j()
