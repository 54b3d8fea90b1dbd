"""`referral-graph capacity set|clear|show`: staff set a service's free beds or places."""

from __future__ import annotations

import datetime as dt
import getpass
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from referral_graph.auth.tokens import Caller

capacity_app = typer.Typer(no_args_is_help=True,
                           help="Free beds or places of a service (staff; audited).")


def _caller() -> Caller:
    from referral_graph.auth.tokens import Caller, Role

    # The command line reaches the database directly: it acts as staff, named for the audit.
    return Caller(Role.STAFF, f"cli:{getpass.getuser()}")


@capacity_app.command("set")
def set_(
    capability: Annotated[str, typer.Argument(help="Capability id, e.g. cap-casa-alianza-shelter")],
    available: Annotated[int, typer.Option(help="Beds or places free now")],
    total: Annotated[int | None, typer.Option(help="How many in all, if known")] = None,
    unit: Annotated[str, typer.Option(help="beds or places")] = "beds",
    at: Annotated[str | None, typer.Option(help="When this was true (ISO date-time); "
                                               "default now")] = None,
) -> None:
    """Record how many beds or places a service has free."""
    from referral_graph.capacity.service import set_capacity
    from referral_graph.console import database, fail, out
    from referral_graph.edits.errors import EditRejected

    try:
        when = dt.datetime.fromisoformat(at) if at else None
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        set_capacity(database(), _caller(), capability, unit=unit, available=available,
                     total=total, updated_at=when)
    except ValueError as e:  # EditRejected is a ValueError
        raise fail(str(e) if isinstance(e, EditRejected) else f"--at: {at!r} is not a "
                    "date-time", 2) from None
    out.print(f"{capability}: {available} {unit} free" + (f" of {total}" if total else ""),
              highlight=False)


@capacity_app.command("clear")
def clear(capability: Annotated[str, typer.Argument(help="Capability id")]) -> None:
    """Forget a service's capacity (unknown again)."""
    from referral_graph.capacity.service import clear_capacity
    from referral_graph.console import database, fail, out
    from referral_graph.edits.errors import EditRejected

    try:
        clear_capacity(database(), _caller(), capability)
    except EditRejected as e:
        raise fail(str(e), 2) from None
    out.print(f"{capability}: capacity unknown", highlight=False)


@capacity_app.command("show")
def show(capability: Annotated[list[str], typer.Argument(help="Capability id(s)")]) -> None:
    """Print what staff last set (unit, free, total, when)."""
    from referral_graph.capacity.service import capacities
    from referral_graph.console import database, out

    found = capacities(database(), capability)
    for cid in capability:
        _, cap = found.get(cid, (False, None))
        if cid not in found:
            text = "no such capability"
        elif cap is None:
            text = "unknown"
        else:
            text = (f"{cap.available} {cap.unit.value} free"
                    + (f" of {cap.total}" if cap.total else "")
                    + f", {cap.status.value}, as of {cap.updated_at.isoformat()}")
        out.print(f"{cid}: {text}", highlight=False, soft_wrap=True)
