"""`referral-graph synth`: a synthetic national network, labelled synthetic."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.console import fail, out

if TYPE_CHECKING:

    pass

synth_app = typer.Typer()  # its commands join the root command (cli.py)


@synth_app.command("synth")
def synth(
    orgs: Annotated[int, typer.Option("--orgs", help="How many organizations, e.g. 100000")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the data set to")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same files")] = 7,
) -> None:
    """Write a synthetic national network (labelled synthetic) as a seed directory."""
    from referral_graph.synth.write import synthesize

    try:
        counts = synthesize(orgs, seed, out_dir)
    except ValueError as e:
        raise fail(str(e), 2) from None
    rows = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    out.print(f"wrote {out_dir}: {rows}", highlight=False)
    out.print(f"Import it with `referral-graph import {out_dir}`.", highlight=False)
