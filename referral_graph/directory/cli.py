"""`referral-graph providers|search|figures|conflicts|activities|agreements`: the
directory, as the API answers it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from referral_graph.config import Settings
from referral_graph.console import (
    database,
    date_option,
    fail,
    lang_option,
    network,
    out,
    public,
    state_option,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from referral_graph.directory.lang import Lang

directory_app = typer.Typer()  # its commands join the root command (cli.py)

# Options the documented-record commands share (figures, conflicts, activities, agreements).
LangOpt = Annotated[str, typer.Option(help="es or en")]
NameHidden = Annotated[bool, typer.Option(help="Name confidential shelters")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON")]
StateOpt = Annotated[str | None, typer.Option(help="State name or code")]
FromOpt = Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")]
ToOpt = Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")]


@directory_app.command("providers")
def providers(
    service: Annotated[str, typer.Argument(help="Service: id, name or word, e.g. abogado")],
    state: Annotated[str, typer.Argument(help="State: name or code, e.g. Oaxaca, OAX, CDMX")],
    as_of: Annotated[str | None, typer.Option(help="As of this date (YYYY-MM-DD)")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Include confidential shelters")] = False,
) -> None:
    """Who can provide a service in a state, best reach first, with why and sources."""

    from referral_graph import i18n
    from referral_graph.directory.errors import DirectoryError
    from referral_graph.directory.lang import Lang
    from referral_graph.directory.providers import providers_in_state
    from referral_graph.directory.providers_text import confidential_note, message, why
    from referral_graph.reference.services import parse_service
    from referral_graph.reference.states import parse_state

    if lang not in ("es", "en"):
        raise fail("--lang: es or en", 2)
    language = Lang(lang)
    try:
        code = parse_state(state)
        service = parse_service(service)
    except ValueError as e:
        raise fail(str(e), 2) from None
    G = network()
    try:
        d = providers_in_state(G, service, code, see_confidential=staff,
                               as_of=dt.date.fromisoformat(as_of) if as_of else None)
    except (DirectoryError, ValueError) as e:
        raise fail(str(e), 2) from None
    max_age = Settings.from_env().max_evidence_age_days
    lines = [message(d, G, language), d.basis.text(language) if d.basis else "",
             d.freshness(max_age).text(language)]
    lines += [f"{i}. {p.org.name}\n   {why(p, G, language)}"
              for i, p in enumerate(d.providers, start=1)]
    if d.alternatives:
        lines.append(i18n.text("directory.cli", "alternatives", language))
        lines += [f"- {p.org.name}\n   {why(p, G, language)}" for p in d.alternatives]
    lines.append(confidential_note(d, language) or "")
    out.print(public(G, "\n".join(lines).rstrip(), staff), highlight=False, markup=False)


@directory_app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Name or acronym; accents and case ignored")],
    state: Annotated[str | None, typer.Option(help="Works in, covers, or national")] = None,
    service: Annotated[str | None, typer.Option(help="Provides this service type")] = None,
    staff: Annotated[bool, typer.Option(help="Include confidential shelters")] = False,
) -> None:
    """Search the directory, as the API's `organizations` query does."""
    from referral_graph.directory import service as reads
    from referral_graph.directory.errors import DirectoryError
    from referral_graph.directory.model import Filters
    from referral_graph.reference.states import parse_state

    try:
        filters = Filters(query=query, service=service,
                          state=parse_state(state) if state else None)
        page = reads.search(database(), filters, see_confidential=staff, first=100)
    except (DirectoryError, ValueError) as e:
        raise fail(str(e), 2) from None
    out.print(f"{page.total} found", highlight=False)
    for _, org in page.items:
        where = ", ".join(org.states) or ("national" if org.national else "-")
        out.print(f"{org.id:<32} {org.name} ({where})", highlight=False)


def _records_out(items: list, text: str, as_json: bool, staff: bool) -> None:
    """Print documented records (text or JSON), redacted for a public caller."""
    from referral_graph.directory.documented_text import as_json as to_json

    G = network() if not staff else None
    body = to_json(items) if as_json else text
    if G is not None:
        body = public(G, body, staff)
    out.print(body, highlight=False, markup=False, soft_wrap=True)


@directory_app.command("figures")
def figures_cmd(
    about: Annotated[str | None, typer.Option(help="A record id, e.g. proteja")] = None,
    metric: Annotated[str | None, typer.Option(help="Part of a metric id, e.g. trained")] = None,
    lang: LangOpt = "es",
    staff: NameHidden = False,
    as_json: AsJson = False,
) -> None:
    """Numbers the documents report, as written, with their passages."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import figures_text

    language = lang_option(lang)
    items = documented.figures(database(), see_confidential=staff,
                               about=[about] if about else None, metric=metric)
    _records_out(items, figures_text(items, language), as_json, staff)


@directory_app.command("conflicts")
def conflicts_cmd(
    about: Annotated[str | None, typer.Option(help="A record id, e.g. proteja")] = None,
    lang: LangOpt = "es",
    staff: NameHidden = False,
    as_json: AsJson = False,
) -> None:
    """Where the documents disagree: every side with its passages, none picked."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import conflicts_text

    language = lang_option(lang)
    items = documented.conflicts(database(), see_confidential=staff,
                                 about=[about] if about else None)
    _records_out(items, conflicts_text(items, language), as_json, staff)


def _period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    try:
        return date_option("--from", start), date_option("--to", end)
    except ValueError as e:
        raise fail(str(e), 2) from None


def _dated_records(fetch: Callable[..., Sequence[Any]], write: Callable[[Any, Lang], str],
                   organization: str | None, state: str | None, start: str | None,
                   end: str | None, kind: str | None, lang: str, staff: bool,
                   as_json: bool) -> None:
    """Activities or agreements: read (``fetch``) in a period, write (``write``) and print,
    redacted for a public caller."""
    language = lang_option(lang)
    day_from, day_to = _period(start, end)
    items = list(fetch(database(), see_confidential=staff,
                       organizations=[organization] if organization else None,
                       state=state_option(state), start=day_from, end=day_to, kind=kind))
    _records_out(items, write(items, language), as_json, staff)


@directory_app.command("activities")
def activities_cmd(
    organization: Annotated[str | None, typer.Option(help="Took part, e.g. pgr")] = None,
    state: StateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    kind: Annotated[str | None, typer.Option(help="training, workshop, meeting, ...")] = None,
    lang: LangOpt = "es",
    staff: NameHidden = False,
    as_json: AsJson = False,
) -> None:
    """Trainings, workshops, meetings by date, with participants and passages."""
    from referral_graph.directory.documented import activities
    from referral_graph.directory.documented_text import activities_text

    _dated_records(activities, activities_text, organization, state, start, end, kind, lang,
                   staff, as_json)


@directory_app.command("agreements")
def agreements_cmd(
    organization: Annotated[str | None, typer.Option(help="A party, e.g. proteja")] = None,
    state: StateOpt = None,
    start: FromOpt = None,
    end: ToOpt = None,
    kind: Annotated[str | None, typer.Option(help="mou, agreement or grant")] = None,
    lang: LangOpt = "es",
    staff: NameHidden = False,
    as_json: AsJson = False,
) -> None:
    """MOUs, agreements and grants, with parties, dates and passages."""
    from referral_graph.directory.documented import agreements
    from referral_graph.directory.documented_text import agreements_text

    _dated_records(agreements, agreements_text, organization, state, start, end, kind, lang,
                   staff, as_json)
