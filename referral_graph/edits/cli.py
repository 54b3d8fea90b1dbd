"""`referral-graph remove capability|agreement|activity ID`: an editor's removals, audited."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

remove_app = typer.Typer(no_args_is_help=True,
                         help="Remove a capability, an agreement or an activity (editors; "
                              "audited; services running on the database follow).")

Version = Annotated[int | None, typer.Option(
    "--expected-version", help="The version you looked at: refused if it changed since")]


def _run(kind: str, record_id: str, expected_version: int | None) -> None:
    from referral_graph.auth.tokens import Caller, Role
    from referral_graph.console import database, fail, out
    from referral_graph.edits import removals
    from referral_graph.edits.errors import EditRejected
    from referral_graph.edits.guard import WriteGuard

    action = {"capability": removals.remove_capability,
              "agreement": removals.delete_agreement,
              "activity": removals.delete_activity}[kind]
    # The command line reaches the database directly: it acts as an editor, named for the
    # audit trail.
    caller = Caller(Role.EDITOR, f"cli:{getpass.getuser()}")
    try:
        _, orgs = action(database(), caller, record_id,
                         guard=WriteGuard(expected_version=expected_version))
    except EditRejected as e:
        raise fail(str(e), 2) from None
    out.print(f"{kind} {record_id} removed" + (f" (ties of {', '.join(orgs)})" if orgs else ""),
              highlight=False)


@remove_app.command("capability")
def capability(record_id: Annotated[str, typer.Argument(help="Capability id")],
               expected_version: Version = None) -> None:
    """An organization no longer provides this service."""
    _run("capability", record_id, expected_version)


@remove_app.command("agreement")
def agreement(record_id: Annotated[str, typer.Argument(help="Agreement id")],
              expected_version: Version = None) -> None:
    """Delete an agreement recorded in error."""
    _run("agreement", record_id, expected_version)


@remove_app.command("activity")
def activity(record_id: Annotated[str, typer.Argument(help="Activity id")],
             expected_version: Version = None) -> None:
    """Delete an activity recorded in error."""
    _run("activity", record_id, expected_version)
