"""The `referral-graph` command: the root that assembles each domain's commands.

Each domain keeps its commands in its own `cli.py`, a typer sub-app: a group of its own
(`neo4j …`, `token …`, `capacity …`, `remove …`) or commands that join the root (`gaps`,
`refer`, …).
What they share (output, errors, the database, the network) is in `referral_graph/console.py`.
Every command imports its domain code when it runs, so `--help` stays quick.
"""

from __future__ import annotations

import sys

import typer

from referral_graph.api.cli import api_app
from referral_graph.auth.cli import token_app
from referral_graph.capacity.cli import capacity_app
from referral_graph.console import NOT_RUNNING, err
from referral_graph.dataset.cli import dataset_app
from referral_graph.directory.cli import directory_app
from referral_graph.edits.cli import remove_app
from referral_graph.gaps.cli import gaps_app
from referral_graph.importer.cli import importer_app
from referral_graph.neo4j_server.cli import neo4j_app
from referral_graph.referrals.cli import referrals_app
from referral_graph.store.cli import store_app
from referral_graph.synth.cli import synth_app

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Referral-network graph service for anti-trafficking organizations.")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(token_app, name="token")
app.add_typer(capacity_app, name="capacity")
app.add_typer(remove_app, name="remove")
for sub in (store_app, importer_app, synth_app, dataset_app, referrals_app, directory_app,
            gaps_app, api_app):
    app.add_typer(sub)  # no name: its commands are the root's


def main() -> None:
    from referral_graph.config import SettingsError
    from referral_graph.store.driver import DatabaseUnavailable, QueryTimeout

    try:
        app()
    except QueryTimeout as e:  # Neo4j answers, but this took too long
        err.print(f"[bold red]error:[/] {e}", highlight=False)
        sys.exit(1)
    except DatabaseUnavailable as e:
        err.print(f"[bold red]error:[/] {e} Is Neo4j running? {NOT_RUNNING}", highlight=False)
        sys.exit(1)
    except SettingsError as e:
        err.print(f"[bold red]error:[/] {e}", highlight=False, markup=False)
        sys.exit(2)


if __name__ == "__main__":
    main()
