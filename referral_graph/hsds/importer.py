"""`referral-graph import --format hsds PATH`: read, check, map, then write in one go.

All or nothing by default: any problem (schema, duplicate or dangling id, encoding, a
missing file, a record the graph cannot hold) is reported with its file, record and field
and nothing is written. With ``skip_invalid``, the valid records are imported and the
rejected ones (with what hangs off them) are written to a file with their reasons.

The data set is written like a seed directory (`importer/sync.py`, one transaction,
idempotent), together with the reference data (states, service types) it points to, so
an empty database can take it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_graph.config import SEEDS_DIR
from referral_graph.dataset.load import DataSet, DataSetError, Manifest, Problem, Row, load_dataset
from referral_graph.dataset.validate import cross_check
from referral_graph.edits.validate import slug
from referral_graph.hsds.build import Tables
from referral_graph.hsds.check import Checked, cascade, check, public, where
from referral_graph.hsds.ingest import Ingest
from referral_graph.hsds.ingest_build import capacity, not_kept, organizations, services
from referral_graph.hsds.ingest_ties import events, ties
from referral_graph.hsds.mapping import DEFAULT_MAPPING, load_mapping
from referral_graph.hsds.read import read_path
from referral_graph.hsds.report import Report
from referral_graph.importer.mapping import GraphRows, NodeRow, RelRow, to_graph
from referral_graph.importer.sync import sync
from referral_graph.store import migrations
from referral_graph.store.driver import Database

REFERENCE = SEEDS_DIR / "reference"


@dataclass
class Options:
    mapping: Path | None = None
    skip_invalid: bool = False
    rejected: Path | None = None
    dry_run: bool = False
    name: str | None = None


def dataset_name(path: Path) -> str:
    """
    >>> dataset_name(Path("/data/Directorio Oaxaca.json"))
    'hsds-directorio-oaxaca'
    """
    return ("hsds-" + slug(path.stem or path.name))[:80].strip("-")


def _drop(t: Tables, bad: set[tuple[str, str | None]]) -> Tables:
    return {name: [r for r in rows if (name, r.get("id")) not in bad
                   and (name, f"#{id(r)}") not in bad] for name, rows in t.items()}


def _rejected(t: Tables, c: Checked) -> list[dict[str, Any]]:
    out = []
    for name, rows in t.items():
        for r in rows:
            key = (name, r.get("id"))
            if key in c.bad or (name, f"#{id(r)}") in c.bad:
                file, index, path = where(r)
                out.append({"file": file, "row": index, "path": path or None, "table": name,
                            "id": r.get("id"), "reasons": c.reasons.get(key, []),
                            "record": public(r)})
    return out


def _map(t: Tables, rules: list[Any], ref: DataSet, report: Report) -> tuple[Ingest, list]:
    states = {s.code: (s.name_es, s.name_en) for s in ref.records("states")}
    services_ = {s.id for s in ref.records("service_types")}
    ing = Ingest(t, rules, states, services_, report)
    organizations(ing)
    services(ing)
    referrals = ties(ing)
    capacity(ing)
    not_kept(ing)
    return ing, referrals


def _mark(t: Tables, c: Checked, problems: list[Problem]) -> None:
    """Reject the rows that the mapping found fault with (for ``skip_invalid``)."""
    for p in problems:
        for name, rows in t.items():
            for r in rows:
                if r.get("id") == p.row_id and where(r)[0] == p.file:
                    c.bad.add((name, r["id"]))
                    c.reasons[(name, r["id"])].append(str(p))


def plan(path: Path, opts: Options) -> tuple[GraphRows, Report, list[dict[str, Any]]]:
    """Everything the import would write, or DataSetError; no database needed."""
    problems: list[Problem] = []
    t, form = read_path(path, problems)
    if problems:
        raise DataSetError(problems)
    ref = load_dataset(REFERENCE)
    rules, bad_rules = load_mapping(opts.mapping or DEFAULT_MAPPING,
                                    {s.id for s in ref.records("service_types")})
    if bad_rules:
        raise DataSetError(bad_rules)
    name = opts.name or dataset_name(path)
    c = check(t, form)
    if c.problems and not opts.skip_invalid:
        raise DataSetError(c.problems)
    for _ in range(3):  # a record the mapping rejects may reject others in turn
        cascade(t, c)
        kept = _drop(t, c.bad)
        report = Report(dataset=name, form=form, ignored=list(c.notes))
        ing, referrals = _map(kept, rules, ref, report)
        history = events(ing, name)
        if not ing.out.problems:
            break
        if not opts.skip_invalid:
            raise DataSetError(ing.out.problems)
        _mark(t, c, ing.out.problems)
    else:
        raise DataSetError(ing.out.problems)
    report.rejected = _rejected(t, c)
    ds = _dataset(ing, ref, name, path)
    cross = cross_check(ds)
    if cross:
        raise DataSetError(cross)
    rows = to_graph(ds)
    _extras(rows, ing, referrals, history, name)
    return rows, report, report.rejected


def _dataset(ing: Ingest, ref: DataSet, name: str, path: Path) -> DataSet:
    ds = DataSet(name=name, title=f"HSDS import of {path.name}", synthetic=False,
                 directories=[], manifests=[*ref.manifests, Manifest(
                     name=name, title=f"HSDS import of {path.name}", synthetic=False)])
    for kind, rows in ref.rows.items():
        ds.rows[kind].extend(rows)
    for kind, items in ing.out.records.items():
        for i, (rec, (file, index, _)) in enumerate(items, start=1):
            ds.rows[kind].append(Row(rec, file, index or i, None, name))
    return ds


def _extras(rows: GraphRows, ing: Ingest, referrals: list[dict[str, Any]],
            history: list[dict[str, Any]], name: str) -> None:
    for n in rows.nodes:
        extra = ing.out.extras.get((n.label, n.id))
        if extra:
            n.props.update(extra)
    for r in referrals:
        rows.nodes.append(NodeRow("Referral", r["id"], {
            "date": r["date"], "needs": r["needs"], "outcome": r["outcome"], "dataset": name}))
        rows.rels.append(RelRow("REFERRED_FROM", "Referral", r["id"], "Organization",
                                r["from"], {}, name))
        rows.rels.append(RelRow("REFERRED_TO", "Referral", r["id"], "Organization", r["to"],
                                {}, name))
    for e in history:
        rows.nodes.append(NodeRow("AuditEvent", e["id"], e["props"]))


def import_hsds(db: Database, path: Path, opts: Options | None = None) -> Report:
    """Check and map the HSDS data at ``path``, then write it in one transaction."""
    opts = opts or Options()
    rows, report, rejected = plan(path, opts)
    if rejected:
        target = opts.rejected or Path(f"{dataset_name(path)}-rejected.json")
        target.write_text(json.dumps(rejected, ensure_ascii=False, indent=1, default=str)
                          + "\n", encoding="utf-8")
        report.rejected_path = str(target)
    migrations.apply(db)
    report.written = sync(db, rows, report.dataset, dry_run=opts.dry_run)
    return report
