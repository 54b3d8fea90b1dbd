"""The `referral-graph` command: manage Neo4j, import data sets, serve the API."""

from __future__ import annotations

import datetime as dt
import io
import json
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from referral_graph.capacity.cli import capacity_app
from referral_graph.config import DEFAULT_SEED, DOCS_DIR, Settings

if TYPE_CHECKING:
    import networkx as nx

    from referral_graph.directory.lang import Lang
    from referral_graph.store.driver import Database

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Referral-network graph service for anti-trafficking organizations.")
neo4j_app = typer.Typer(no_args_is_help=True, help="The Neo4j server this project manages.")
app.add_typer(neo4j_app, name="neo4j")
token_app = typer.Typer(no_args_is_help=True, help="API tokens (shown once, stored hashed).")
app.add_typer(token_app, name="token")
app.add_typer(capacity_app, name="capacity")

out = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


NOT_RUNNING = ("Neo4j is not running. Start it with `referral-graph neo4j start` "
               "(or `make serve`), or set NEO4J_URI to use another server.")


def _database() -> Database:
    """The process's database; fails at once, with what to do, when the managed Neo4j is
    not running (the driver would retry for seconds and then print a traceback)."""
    from referral_graph.neo4j_server import status
    from referral_graph.store.driver import get_database

    settings = Settings.from_env()
    if not settings.external_neo4j and not status(settings).running:
        raise _fail(NOT_RUNNING)
    return get_database(settings)


def _network() -> nx.Graph:
    """The whole projection, read from Neo4j."""
    from referral_graph.auth.server_secret import load_key
    from referral_graph.network.projection import load_network, settle
    from referral_graph.network.public import set_key

    G = load_network(_database())
    set_key(G, load_key(Settings.from_env()))  # the service's pseudonyms, not new ones
    settle()
    return G


def _public(G: nx.Graph, text: str, staff: bool) -> str:
    """``text`` as a public caller may read it: source passages quote documents that name
    confidential shelters and their cities, so the API's redactor runs here too."""
    from referral_graph.network.redact import redactor_for

    return text if staff else redactor_for(G).redact(text)


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
        raise _fail("NEO4J_URI is set: the service uses that server and starts none.")
    try:
        st = start(settings)
    except AlreadyRunning as e:
        raise _fail(f"{e} Not starting a second one.") from None
    except ServerError as e:
        raise _fail(str(e)) from None
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


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="staff, editor or admin")],
    name: Annotated[str, typer.Option(help="Who the token is for")],
) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    from referral_graph.auth.tokens import Role, create
    from referral_graph.store import migrations

    db = _database()
    migrations.apply(db)
    try:
        token = create(db, Role.parse(role), name)
    except ValueError as e:
        raise _fail(str(e), 2) from None
    out.print(token, highlight=False)


@token_app.command("list")
def token_list() -> None:
    """List tokens (never their values)."""
    from referral_graph.auth.tokens import list_tokens

    for t in list_tokens(_database()):
        state = "revoked" if t["revoked"] else "active"
        out.print(f"{t['id']}  {t['role']:<6}  {state:<7}  {t['created_at']}  {t['name']}",
                  highlight=False)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="Token id from `token list`")],
) -> None:
    """Revoke a token by id."""
    from referral_graph.auth.tokens import revoke

    if not revoke(_database(), token_id):
        raise _fail(f"no token with id {token_id!r}", 2)
    out.print("Token revoked.")


@app.command("migrate")
def migrate() -> None:
    """Apply the schema migrations in schema/migrations."""
    from referral_graph.store import migrations

    db = _database()
    done = migrations.apply(db)
    for m in done:
        out.print(f"applied {m.version:04d}_{m.name}")
    out.print(f"Schema version {migrations.schema_version(db)}.")


IMPORT_FORMATS = ("seed", "hsds", "xlsx", "csv")
EXPORT_FORMATS = ("hsds", "hsds-tabular", "xlsx", "csv")


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A seed directory (e.g. seeds/proteja), an HSDS "
                                              "folder or file, or a filled spreadsheet")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and diff only")] = False,
    bulk: Annotated[bool | None, typer.Option(
        "--bulk/--one-transaction",
        help="Batched, resumable writes (default for data sets over 2 MB)")] = None,
    batch_size: Annotated[int, typer.Option(help="Rows per batch (bulk import)")] = 10_000,
    fmt: Annotated[str, typer.Option("--format", help="seed, hsds (JSON or tabular), xlsx "
                                                      "or csv (a folder of CSV sheets)")] = "seed",
    mapping: Annotated[Path | None, typer.Option(
        help="HSDS: taxonomy terms -> service types (YAML); default the shipped one")] = None,
    skip_invalid: Annotated[bool, typer.Option(
        "--skip-invalid", help="HSDS: import the valid records, write the rejected ones")] = False,
    rejected: Annotated[Path | None, typer.Option(
        help="HSDS: where --skip-invalid writes the rejected records")] = None,
    name: Annotated[str | None, typer.Option(help="Data set name (default from the path)")] = None,
    lang: Annotated[str, typer.Option(help="es or en (the report)")] = "en",
) -> None:
    """Validate a whole data set, then write it (idempotent).

    Small data sets are written in one transaction; large ones (a synthetic national
    network) in batches, with a progress bar, resuming after an interrupted run.
    """
    from referral_graph.dataset.load import DataSetError
    from referral_graph.importer.bulk import LARGE_BYTES, BulkReport, bulk_import, dataset_bytes
    from referral_graph.importer.run import import_dataset
    from referral_graph.importer.sync import ImportReport
    from referral_graph.safety.check import UnsafeData

    if fmt not in IMPORT_FORMATS:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(IMPORT_FORMATS)}", 2)
    if bulk is None:
        bulk = fmt == "seed" and path.is_dir() and dataset_bytes(path) > LARGE_BYTES
    report: str | ImportReport
    try:
        if fmt != "seed":
            from referral_graph.hsds.commands import import_other

            report = import_other(_database(), fmt, path, dry_run=dry_run, mapping=mapping,
                                  skip_invalid=skip_invalid, rejected=rejected, name=name,
                                  lang=lang)
        elif bulk:
            report = bulk_import(_database(), path, batch_rows=batch_size, console=err,
                                 dry_run=dry_run)
        else:
            report = import_dataset(_database(), path, dry_run=dry_run)
    except (DataSetError, UnsafeData) as e:
        err.print(str(e), highlight=False, markup=False, soft_wrap=True)
        err.print("Nothing was written.")
        raise typer.Exit(2) from None
    if isinstance(report, BulkReport) and dry_run:
        out.print(f"Valid: {report.rows} rows in {report.batches} batches. "
                  "Dry run: nothing was written.", highlight=False)
        return
    out.print(report if isinstance(report, str) else report.describe(), highlight=False,
              markup=False)
    if dry_run and isinstance(report, str):
        out.print("Dry run: nothing was written.")


@app.command("backup")
def backup_cmd(
    path: Annotated[Path, typer.Argument(help="File to write, e.g. backups/graph.jsonl.gz")],
) -> None:
    """Write the whole graph (audit trail, tokens' hashes, everything) to one checksummed
    file, while the service runs."""
    from referral_graph.store.backup import BackupError, backup

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        summary = backup(_database(), path)
    except BackupError as e:
        raise _fail(str(e)) from None
    out.print(f"Backed up {summary.describe()}.", highlight=False)


@app.command("restore")
def restore_cmd(
    path: Annotated[Path, typer.Argument(help="A file written by `referral-graph backup`")],
    force: Annotated[bool, typer.Option("--force", help="Delete what the database holds "
                                                        "and replace it")] = False,
) -> None:
    """Restore a backup into an empty database (or, with --force, replace what it holds)."""
    from referral_graph.store.backup import BackupError
    from referral_graph.store.restore import restore

    if not path.is_file():
        raise _fail(f"{path}: no such file", 2)
    try:
        done = restore(_database(), path, force=force,
                       progress=lambda step: err.print(step, highlight=False))
    except BackupError as e:
        raise _fail(str(e), 2) from None
    out.print(done.describe(), highlight=False)


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="hsds (JSON), hsds-tabular (CSV + "
                                                      "datapackage.json), xlsx or csv")],
    out_path: Annotated[Path, typer.Option("--out", help="Folder (hsds, hsds-tabular, csv) "
                                                         "or .xlsx file")],
    staff: Annotated[bool, typer.Option(help="Include confidential shelters (and, for HSDS, "
                                             "the audit trail); the export says so")] = False,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
) -> None:
    """Write the directory as Open Referral HSDS 3.0, or as spreadsheets to edit and import."""
    from referral_graph.hsds.commands import export_to

    if fmt not in EXPORT_FORMATS:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}", 2)
    if lang not in ("es", "en"):
        raise _fail("--lang: es or en", 2)
    db = _database()
    for path in export_to(db, _network(), fmt, out_path, staff=staff, lang=lang):
        err.print(f"wrote {path}", highlight=False)


@app.command("template")
def template_cmd(
    fmt: Annotated[str, typer.Option("--format", help="xlsx or csv (a folder of sheets)")],
    out_path: Annotated[Path, typer.Option("--out", help=".xlsx file or folder")],
    lang: Annotated[str, typer.Option(help="es or en (the readme sheet)")] = "es",
) -> None:
    """An empty spreadsheet template to fill in Excel or LibreOffice and import."""
    from referral_graph.spreadsheets.exporter import template

    if fmt not in ("xlsx", "csv"):
        raise _fail(f"--format: {fmt!r} is not xlsx or csv", 2)
    for path in template(fmt, out_path, lang):
        err.print(f"wrote {path}", highlight=False)


@app.command("synth")
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
        raise _fail(str(e), 2) from None
    rows = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    out.print(f"wrote {out_dir}: {rows}", highlight=False)
    out.print(f"Import it with `referral-graph import {out_dir}`.", highlight=False)


@app.command("export-import-schemas")
def export_import_schemas() -> None:
    """Write the JSON Schemas of the seed files into schema/import/."""
    from referral_graph.dataset.jsonschema import export

    for path in export():
        out.print(f"wrote {path}")


@app.command("refer")
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

    language = _lang(text_lang, "--text-lang")
    max_age = Settings.from_env().max_evidence_age_days
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
        G = _network()
        result = plan_for(
            G, see_confidential=staff, origin=origin,
            needs=[parse_service(n, "--need") for n in need],
            state=state, languages=lang or (), population=population,
            max_handoffs=max_handoffs, exclude=exclude or (), k=k, as_of=day,
            lang=language.value,
        )
    except (PlanError, ValueError) as e:
        raise _fail(str(e), 2) from None
    if as_json:
        text = json.dumps(to_dict(result, max_age), default=str, ensure_ascii=False)
        out.print_json(_public(G, text, staff))
    else:
        out.print(_public(G, to_text(result, max_age), staff), highlight=False, soft_wrap=True,
                  markup=False)


@app.command("providers")
def providers(
    service: Annotated[str, typer.Argument(help="Service: id, name or word, e.g. abogado")],
    state: Annotated[str, typer.Argument(help="State: name or code, e.g. Oaxaca, OAX, CDMX")],
    as_of: Annotated[str | None, typer.Option(help="As of this date (YYYY-MM-DD)")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Include confidential shelters")] = False,
) -> None:
    """Who can provide a service in a state, best reach first, with why and sources."""

    from referral_graph.directory.errors import DirectoryError
    from referral_graph.directory.lang import Lang
    from referral_graph.directory.providers import (
        confidential_note,
        message,
        providers_in_state,
        why,
    )
    from referral_graph.reference.services import parse_service
    from referral_graph.referrals.service import normalize_state

    if lang not in ("es", "en"):
        raise _fail("--lang: es or en", 2)
    language = Lang(lang)
    try:
        code = normalize_state(state)
        service = parse_service(service)
    except ValueError as e:
        raise _fail(str(e), 2) from None
    G = _network()
    try:
        d = providers_in_state(G, service, code, see_confidential=staff,
                               as_of=dt.date.fromisoformat(as_of) if as_of else None)
    except (DirectoryError, ValueError) as e:
        raise _fail(str(e), 2) from None
    max_age = Settings.from_env().max_evidence_age_days
    lines = [message(d, G, language), d.basis.text(language) if d.basis else "",
             d.freshness(max_age).text(language)]
    lines += [f"{i}. {p.org.name}\n   {why(p, G, language)}"
              for i, p in enumerate(d.providers, start=1)]
    if d.alternatives:
        lines.append("Alternativas:" if language is Lang.ES else "Alternatives:")
        lines += [f"- {p.org.name}\n   {why(p, G, language)}" for p in d.alternatives]
    lines.append(confidential_note(d, language) or "")
    out.print(_public(G, "\n".join(lines).rstrip(), staff), highlight=False, markup=False)


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Name or acronym; accents and case ignored")],
    state: Annotated[str | None, typer.Option(help="Works in, covers, or national")] = None,
    service: Annotated[str | None, typer.Option(help="Provides this service type")] = None,
    staff: Annotated[bool, typer.Option(help="Include confidential shelters")] = False,
) -> None:
    """Search the directory, as the API's `organizations` query does."""
    from referral_graph.directory import reads
    from referral_graph.directory.errors import DirectoryError
    from referral_graph.directory.records import Filters
    from referral_graph.referrals.service import normalize_state

    try:
        filters = Filters(query=query, service=service,
                          state=normalize_state(state) if state else None)
        page = reads.search(_database(), filters, see_confidential=staff, first=100)
    except (DirectoryError, ValueError) as e:
        raise _fail(str(e), 2) from None
    out.print(f"{page.total} found", highlight=False)
    for _, org in page.items:
        where = ", ".join(org.states) or ("national" if org.national else "-")
        out.print(f"{org.id:<32} {org.name} ({where})", highlight=False)


def _lang(lang: str, option: str = "--lang") -> Lang:
    from referral_graph.directory.lang import Lang

    if lang not in ("es", "en"):
        raise _fail(f"{option}: es or en", 2)
    return Lang(lang)


def _records_out(items: list, text: str, as_json: bool, staff: bool) -> None:
    """Print documented records (text or JSON), redacted for a public caller."""
    from referral_graph.directory.documented_text import as_json as to_json

    G = _network() if not staff else None
    body = to_json(items) if as_json else text
    if G is not None:
        body = _public(G, body, staff)
    out.print(body, highlight=False, markup=False, soft_wrap=True)


@app.command("figures")
def figures_cmd(
    about: Annotated[str | None, typer.Option(help="A record id, e.g. proteja")] = None,
    metric: Annotated[str | None, typer.Option(help="Part of a metric id, e.g. trained")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Numbers the documents report, as written, with their passages."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import figures_text

    language = _lang(lang)
    items = documented.figures(_database(), see_confidential=staff,
                               about=[about] if about else None, metric=metric)
    _records_out(items, figures_text(items, language), as_json, staff)


@app.command("conflicts")
def conflicts_cmd(
    about: Annotated[str | None, typer.Option(help="A record id, e.g. proteja")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Where the documents disagree: every side with its passages, none picked."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import conflicts_text

    language = _lang(lang)
    items = documented.conflicts(_database(), see_confidential=staff,
                                 about=[about] if about else None)
    _records_out(items, conflicts_text(items, language), as_json, staff)


def _period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    try:
        return _date("--from", start), _date("--to", end)
    except ValueError as e:
        raise _fail(str(e), 2) from None


@app.command("activities")
def activities_cmd(
    organization: Annotated[str | None, typer.Option(help="Took part, e.g. pgr")] = None,
    state: Annotated[str | None, typer.Option(help="State name or code")] = None,
    start: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    kind: Annotated[str | None, typer.Option(help="training, workshop, meeting, ...")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Trainings, workshops, meetings by date, with participants and passages."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import activities_text
    from referral_graph.referrals.service import normalize_state

    language = _lang(lang)
    day_from, day_to = _period(start, end)
    try:
        code = normalize_state(state) if state is not None else None
    except ValueError as e:
        raise _fail(str(e), 2) from None
    items = documented.activities(_database(), see_confidential=staff,
                                  organizations=[organization] if organization else None,
                                  state=code, start=day_from, end=day_to, kind=kind)
    _records_out(items, activities_text(items, language), as_json, staff)


@app.command("agreements")
def agreements_cmd(
    organization: Annotated[str | None, typer.Option(help="A party, e.g. proteja")] = None,
    state: Annotated[str | None, typer.Option(help="State name or code")] = None,
    start: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    end: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    kind: Annotated[str | None, typer.Option(help="mou, agreement or grant")] = None,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """MOUs, agreements and grants, with parties, dates and passages."""
    from referral_graph.directory import documented
    from referral_graph.directory.documented_text import agreements_text
    from referral_graph.referrals.service import normalize_state

    language = _lang(lang)
    day_from, day_to = _period(start, end)
    try:
        code = normalize_state(state) if state is not None else None
    except ValueError as e:
        raise _fail(str(e), 2) from None
    items = documented.agreements(_database(), see_confidential=staff,
                                  organizations=[organization] if organization else None,
                                  state=code, start=day_from, end=day_to, kind=kind)
    _records_out(items, agreements_text(items, language), as_json, staff)


@app.command("gaps")
def gaps(
    state: Annotated[list[str] | None, typer.Option(help="State code(s); default all")] = None,
    service: Annotated[list[str] | None, typer.Option(help="Service type(s); default all")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json, md, html or xlsx")
                   ] = "table",
    without: Annotated[list[str] | None, typer.Option(help="As if this org closed")] = None,
    as_of: Annotated[str | None, typer.Option(help="Only what was in force on YYYY-MM-DD "
                                                   "(default: today)")] = None,
    all_dates: Annotated[bool, typer.Option("--all-dates",
                                            help="Every record, whatever its dates")] = False,
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
) -> None:
    """Coverage gaps by state and service: a claim about the data set, not the world.

    With --without, the report also lists what those closures change: new gaps first.
    """
    from referral_graph.gaps import changes, render
    from referral_graph.gaps.heatmap import write_heatmap
    from referral_graph.gaps.service import ReportError, what_if_for

    if fmt not in ("table", "csv", "json", "md", "html", "xlsx"):
        raise _fail(f"--format: {fmt!r} is not one of table, csv, json, md, html, xlsx", 2)
    if fmt == "xlsx" and out_file is None:
        raise _fail("--format xlsx writes a workbook: give --out FILE.xlsx", 2)
    if fmt == "md" and out_file is None:
        raise _fail("--format md writes a heat-map picture beside it: give --out FILE.md", 2)
    try:
        render.check_lang(lang)
        day = _date("--as-of", as_of)
        G = _network()
        report, cmp = what_if_for(G, see_confidential=staff, states=state, services=service,
                                  without=without or (), as_of=day, all_dates=all_dates)
    except (ReportError, ValueError) as e:
        raise _fail(str(e), 2) from None
    if fmt == "table" and out_file is None:
        # The terminal table prints through rich; redact the texts it is built from.
        console = Console(record=True, file=io.StringIO(), width=out.width)
        render.print_report(report, console, lang=lang)
        if cmp is not None:
            console.print(changes.changes_text(cmp, lang), markup=False, highlight=False)
        sys.stdout.write(_public(G, console.export_text(styles=out.is_terminal), staff))
        return
    if fmt == "xlsx":
        from referral_graph.spreadsheets.exporter import gap_workbook

        assert out_file is not None
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_bytes(gap_workbook(report, lang, lambda t: _public(G, t, staff)))
        err.print(f"wrote {out_file}", highlight=False)
        return
    image = None
    if fmt == "md":
        assert out_file is not None
        out_file.parent.mkdir(parents=True, exist_ok=True)
        image = out_file.with_suffix(".png")
        write_heatmap(report, image, lang)
    text = changes.report_document(report, cmp, "csv" if fmt == "table" else fmt, lang,
                                   image=image.name if image else None)
    _write(_public(G, text, staff), out_file)


@app.command("gaps-diff")
def gaps_diff(
    without: Annotated[list[str] | None, typer.Option(help="After: as if this org closed")] = None,
    as_of: Annotated[str | None, typer.Option(help="After: as of YYYY-MM-DD")] = None,
    before_without: Annotated[list[str] | None, typer.Option(
        help="Before: as if this org closed")] = None,
    before_as_of: Annotated[str | None, typer.Option(help="Before: as of YYYY-MM-DD")] = None,
    all_dates: Annotated[bool, typer.Option("--all-dates",
                                            help="After: every record, whatever its dates")
                         ] = False,
    before_all_dates: Annotated[bool, typer.Option(
        "--before-all-dates", help="Before: every record, whatever its dates")] = False,
    state: Annotated[list[str] | None, typer.Option(help="State code(s); default all")] = None,
    service: Annotated[list[str] | None, typer.Option(help="Service type(s); default all")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, csv, json or md")] = "text",
    lang: Annotated[str, typer.Option(help="es or en")] = "es",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    staff: Annotated[bool, typer.Option(help="Name confidential shelters")] = False,
) -> None:
    """New and closed gaps between two reports: before and after closures, or two dates.

    The after side is about today unless --as-of or --all-dates says otherwise; the before
    side takes the after side's date unless given its own, e.g. `--before-as-of 2006-01-01
    --as-of 2009-12-31` (what the PROTEJA years changed) or `--without proteja --as-of
    2009-03-01`.
    """
    from referral_graph.gaps import changes, render
    from referral_graph.gaps.service import ReportError, compare_for

    writers = {"text": changes.changes_text, "csv": changes.changes_csv,
               "md": changes.changes_markdown,
               "json": lambda c, lg: json.dumps(changes.changes_dict(c, lg), ensure_ascii=False,
                                                indent=1)}
    if fmt not in writers:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(writers)}", 2)
    try:
        render.check_lang(lang)
        after_day, before_day = _date("--as-of", as_of), _date("--before-as-of", before_as_of)
        G = _network()
        cmp = compare_for(G, see_confidential=staff, states=state, services=service,
                          before_without=before_without or (), before_as_of=before_day,
                          before_all_dates=(before_all_dates if before_day or before_all_dates
                                            else None),
                          without=without or (), as_of=after_day, all_dates=all_dates)
    except (ReportError, ValueError) as e:
        raise _fail(str(e), 2) from None
    _write(_public(G, writers[fmt](cmp, lang), staff), out_file)


def _date(option: str, value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"{option}: {value!r} is not a date (YYYY-MM-DD)") from None


def _write(text: str, out_file: Path | None) -> None:
    if out_file is None:
        sys.stdout.write(text)
    else:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        if out_file.suffix.lower() == ".csv":  # Excel reads the accents right with a BOM
            from referral_graph.spreadsheets.safe import excel_bytes

            out_file.write_bytes(excel_bytes(text))
        else:
            out_file.write_text(text, encoding="utf-8")
        err.print(f"wrote {out_file}", highlight=False)


@app.command("completeness")
def completeness_cmd(
    seed: Annotated[Path, typer.Option(help="The data set directory")] = DEFAULT_SEED,
    docs: Annotated[Path, typer.Option(help="Where the source documents are")] = DOCS_DIR,
    show: Annotated[str, typer.Option(help="List facts: missing, excused, held or all")] = (
        "missing"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Is every date, number, amount and name of the source documents held by a record (with
    a passage that contains it) or excused in not-modelled.yaml? Exit 1 when not."""
    from referral_graph.dataset import completeness as c
    from referral_graph.dataset.load import DataSetError

    if not docs.is_dir():
        raise _fail(f"--docs: {docs} is not a directory (the source documents are expected in "
                    "../shared/source-documents beside the repository)", 2)
    try:
        report = c.run(seed, docs)
    except (DataSetError, OSError, ValueError, KeyError) as e:
        raise _fail(str(e), 2) from None
    if as_json:
        out.print_json(json.dumps(c.report_dict(report, docs), ensure_ascii=False))
    else:
        out.print(c.report_text(report, docs, show), highlight=False, markup=False,
                  soft_wrap=True)
    raise typer.Exit(0 if report.ok else 1)


@app.command("export-graphql-schema")
def export_graphql_schema() -> None:
    """Write the API's SDL to schema/schema.graphql (a test keeps it in sync)."""
    from referral_graph.api.graphql.schema import sdl
    from referral_graph.config import SCHEMA_DIR

    path = SCHEMA_DIR / "schema.graphql"
    path.write_text(sdl(), encoding="utf-8")
    out.print(f"wrote {path}")


@app.command("health")
def health_cmd() -> None:
    """Print what /health would answer."""
    from dataclasses import asdict

    from referral_graph import health
    from referral_graph.store.driver import get_database

    report = health.check(get_database())
    out.print_json(json.dumps(asdict(report)))
    raise typer.Exit(0 if report.ok else 1)


@app.command("serve")
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

    from referral_graph.api import serving
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
                raise _fail(str(e)) from None
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
            raise _fail(str(e)) from None
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
            uvicorn.run(application, host=h, port=p, log_level="info")
        else:
            # Each worker builds its app from the environment prepared above.
            uvicorn.run("referral_graph.api.serving:worker_app", factory=True, workers=n,
                        host=h, port=p, log_level="info")
    finally:
        set_database(None)
        if started:
            stop(settings)
            out.print("Neo4j stopped.")


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
