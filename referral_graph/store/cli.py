"""`referral-graph migrate|backup|restore`: the database's schema, backups and restores."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.console import database, err, fail, out

if TYPE_CHECKING:

    pass

store_app = typer.Typer()  # its commands join the root command (cli.py)


@store_app.command("migrate")
def migrate() -> None:
    """Apply the schema migrations in schema/migrations."""
    from referral_graph.store import migrations

    db = database()
    done = migrations.apply(db)
    for m in done:
        out.print(f"applied {m.version:04d}_{m.name}")
    out.print(f"Schema version {migrations.schema_version(db)}.")


@store_app.command("backup")
def backup_cmd(
    path: Annotated[Path, typer.Argument(help="File to write, e.g. backups/graph.jsonl.gz")],
) -> None:
    """Write the whole graph (audit trail, tokens' hashes, everything) to one checksummed
    file, while the service runs."""
    from referral_graph.store.backup import BackupError, backup

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        summary = backup(database(), path)
    except BackupError as e:
        raise fail(str(e)) from None
    out.print(f"Backed up {summary.describe()}.", highlight=False)


@store_app.command("restore")
def restore_cmd(
    path: Annotated[Path, typer.Argument(help="A file written by `referral-graph backup`")],
    force: Annotated[bool, typer.Option("--force", help="Delete what the database holds "
                                                        "and replace it")] = False,
) -> None:
    """Restore a backup into an empty database (or, with --force, replace what it holds)."""
    from referral_graph.store.backup import BackupError
    from referral_graph.store.restore import restore

    if not path.is_file():
        raise fail(f"{path}: no such file", 2)
    try:
        done = restore(database(), path, force=force,
                       progress=lambda step: err.print(step, highlight=False))
    except BackupError as e:
        raise fail(str(e), 2) from None
    out.print(done.describe(), highlight=False)
