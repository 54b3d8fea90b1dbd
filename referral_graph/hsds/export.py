"""`referral-graph export --format hsds|hsds-tabular --out DIR`.

JSON form: ``services.json``, ``organizations.json``, ``service_at_locations.json`` and
``locations.json`` hold arrays of nested documents shaped like the HSDS API's answers
(service areas, languages, attributes with their terms, metadata inside them);
``taxonomies.json`` and ``taxonomy_terms.json`` the vocabularies; ``about.json`` says what
the export is (version, scope, language, when). Tabular form: `tabular.py`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from referral_graph import __version__
from referral_graph.directory.lang import Lang
from referral_graph.hsds.assemble import build_tables
from referral_graph.hsds.build import Scope, Tables
from referral_graph.hsds.lang import text
from referral_graph.hsds.nest import Nester
from referral_graph.hsds.schemas import VERSION
from referral_graph.hsds.snapshot import Snapshot, read_snapshot
from referral_graph.hsds.tabular import write_tabular
from referral_graph.network.public import pseudonyms
from referral_graph.network.redact import redactor_for
from referral_graph.store.driver import Database

FORMATS = ("hsds", "hsds-tabular")
JSON_FILES = ("services.json", "organizations.json", "service_at_locations.json",
              "locations.json", "taxonomies.json", "taxonomy_terms.json")


@dataclass(frozen=True, slots=True)
class Export:
    tables: Tables
    about: dict[str, Any]


def about(scope: Scope, lang: Lang, taken_at: dt.datetime) -> dict[str, Any]:
    """What the export is; a staff export says, first thing, that it holds shelters."""
    staff = scope.see_confidential
    return {
        "version": VERSION, "title": "referral-graph: HSDS 3.0",
        "description": text("staff_scope" if staff else "public_scope", lang),
        "scope": scope.name, "confidential_included": staff,
        "audit_trail_included": scope.audit, "language": lang.value,
        "generated_at": taken_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "generator": f"referral-graph {__version__}",
    }


def tables_for(snap: Snapshot, G: nx.Graph, scope: Scope, lang: Lang) -> Tables:
    """The export's tables; a public one anonymises as the projection's public view does."""
    if scope.see_confidential:
        return build_tables(snap, scope, lang)
    return build_tables(snap, scope, lang, pseudonyms=pseudonyms(G),
                        redact=redactor_for(G).redact_data)


def make_export(db: Database, G: nx.Graph, scope: Scope, lang: Lang) -> Export:
    snap = read_snapshot(db)
    return Export(tables_for(snap, G, scope, lang), about(scope, lang, snap.taken_at))


def documents(t: Tables) -> dict[str, list[dict[str, Any]]]:
    """The JSON form's files and their contents."""
    n = Nester(t)
    return {
        "services.json": [n.service(s) for s in t.get("service", ())],
        "organizations.json": [n.organization(o, services="min")
                               for o in t.get("organization", ())],
        "service_at_locations.json": [n.service_at_location(s)
                                      for s in t.get("service_at_location", ())],
        "locations.json": [n.location(loc) for loc in t.get("location", ())],
        "taxonomies.json": [n.scalar("taxonomy", x) for x in t.get("taxonomy", ())],
        "taxonomy_terms.json": [term for x in t.get("taxonomy_term", ())
                                if (term := n.term(x["id"])) is not None],
    }


def write_json(exp: Export, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, docs in {**documents(exp.tables), "about.json": exp.about}.items():
        path = out / name
        path.write_text(json.dumps(docs, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


def write_export(exp: Export, fmt: str, out: Path) -> list[Path]:
    if fmt == "hsds":
        return write_json(exp, out)
    if fmt == "hsds-tabular":
        return write_tabular(exp.tables, out, exp.about)
    raise ValueError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
