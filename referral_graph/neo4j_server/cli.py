"""`referral-graph neo4j install|start|stop|status`: the Neo4j server this project manages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from referral_graph.config import Settings
from referral_graph.console import fail, out

if TYPE_CHECKING:

    pass

neo4j_app = typer.Typer(no_args_is_help=True, help="The Neo4j server this project manages.")


@neo4j_app.command("install")
def neo4j_install() -> None:
    """Fetch the pinned Neo4j jars with Maven into the cache."""
    from referral_graph.neo4j_server.process import ensure_installed

    line, jdk, lib = ensure_installed(Settings.from_env())
    out.print(f"Neo4j {line.version} in {lib} (runs on {jdk.home}, Java {jdk.major}).")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start Neo4j on 127.0.0.1 and wait until Bolt answers."""
    from referral_graph.neo4j_server import AlreadyRunning, ServerError, start

    settings = Settings.from_env()
    if settings.external_neo4j:
        raise fail("NEO4J_URI is set: the service uses that server and starts none.")
    try:
        st = start(settings)
    except AlreadyRunning as e:
        raise fail(f"{e} Not starting a second one.") from None
    except ServerError as e:
        raise fail(str(e)) from None
    out.print(st.describe())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the managed Neo4j."""
    from referral_graph.neo4j_server import stop

    if stop(Settings.from_env()):
        out.print("Neo4j stopped.")
    else:
        out.print("Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the managed Neo4j is running."""
    from referral_graph.neo4j_server import status

    st = status(Settings.from_env())
    out.print(st.describe())
    raise typer.Exit(0 if st.running else 3)
