"""`referral-graph refer`: referral plans for a victim's needs (no identity asked or stored)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.config import Settings
from referral_graph.console import fail, lang_option, network, out, public

if TYPE_CHECKING:

    pass

referrals_app = typer.Typer()  # its commands join the root command (cli.py)


@referrals_app.command("refer")
def refer(
    origin: Annotated[str, typer.Option("--from", help="Referring organization id")],
    need: Annotated[list[str], typer.Option("--need", help="A need (service type id); repeat")],
    state: Annotated[str, typer.Option(help="State code, e.g. MX-OAX or OAX")],
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Required language")] = None,
    population: Annotated[str | None, typer.Option(help="minor, adult_woman, ...")] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Organization never to use")] = None,
    max_handoffs: Annotated[int, typer.Option(help="Most providers in one plan")] = 4,
    k: Annotated[int, typer.Option(help="How many alternative plans")] = 3,
    as_of: Annotated[str | None, typer.Option(help="Plan as of this date (YYYY-MM-DD)")] = None,
    staff: Annotated[bool, typer.Option(help="Include confidential shelters")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
    text_lang: Annotated[str, typer.Option("--text-lang",
                                           help="Language of the plan's text: es or en")] = "es",
) -> None:
    """Suggest referral plans for a victim's needs; no identity is asked or stored."""

    from referral_graph.reference.services import parse_service
    from referral_graph.referrals.planner import PlanError
    from referral_graph.referrals.render import to_dict, to_text
    from referral_graph.referrals.service import plan_for

    language = lang_option(text_lang, "--text-lang")
    max_age = Settings.from_env().max_evidence_age_days
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
        G = network()
        result = plan_for(
            G, see_confidential=staff, origin=origin,
            needs=[parse_service(n, "--need") for n in need],
            state=state, languages=lang or (), population=population,
            max_handoffs=max_handoffs, exclude=exclude or (), k=k, as_of=day,
            lang=language.value,
        )
    except (PlanError, ValueError) as e:
        raise fail(str(e), 2) from None
    if as_json:
        text = json.dumps(to_dict(result, max_age), default=str, ensure_ascii=False)
        out.print_json(public(G, text, staff))
    else:
        out.print(public(G, to_text(result, max_age), staff), highlight=False, soft_wrap=True,
                  markup=False)
