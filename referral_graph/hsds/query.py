"""Filters and pages of the HSDS API, as pure functions over the export's tables."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from referral_graph.hsds.build import Tables
from referral_graph.text import fold

MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 50


class QueryError(ValueError):
    """A parameter the API cannot use; the message names it. Answered with HTTP 400."""


def page(items: list[Any], number: int, per_page: int) -> dict[str, Any]:
    """One page in the HSDS API's shape (the ``Page`` schema plus ``contents``).

    >>> p = page(list(range(5)), 2, 2)
    >>> p["contents"], p["total_pages"], p["first_page"], p["last_page"], p["empty"]
    ([2, 3], 3, False, False, False)
    >>> page([], 1, 10)["total_pages"], page([], 1, 10)["last_page"]
    (0, True)
    """
    total = len(items)
    pages = math.ceil(total / per_page)
    contents = items[(number - 1) * per_page: number * per_page]
    return {"total_items": total, "total_pages": pages, "page_number": number,
            "size": len(contents), "first_page": number == 1,
            "last_page": number >= pages, "empty": not contents, "contents": contents}


def matches(words: list[str], *texts: str | None) -> bool:
    """Every word of the search appears in one of the texts, accents and case ignored.

    >>> matches(fold("asesoria oaxaca").split(), "Asesoría jurídica", "Oaxaca")
    True
    """
    hay = " " + fold(" ".join(t for t in texts if t)) + " "
    return all(w in hay for w in words)


def since(value: str | None) -> dt.datetime | None:
    """``modified_after`` as an aware datetime (a date means its midnight, UTC).

    >>> since("2026-01-02").isoformat()
    '2026-01-02T00:00:00+00:00'
    """
    if value is None:
        return None
    try:
        t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"modified_after: {value!r} is not a date or date-time") from None
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class ServiceFilter:
    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    modified_after: str | None = None


def services(t: Tables, f: ServiceFilter) -> list[dict[str, Any]]:
    """The services that pass every filter, in the export's order."""
    terms = {x["id"]: x for x in t.get("taxonomy_term", ())}
    by_service: dict[str, set[str]] = {}
    for a in t.get("attribute", ()):
        by_service.setdefault(a["link_id"], set()).add(a["taxonomy_term_id"])
    orgs = {o["id"]: o for o in t.get("organization", ())}
    words = fold(f.search or "").split()
    after = since(f.modified_after)
    out = []
    for s in t.get("service", ()):
        mine = by_service.get(s["id"], set())
        if f.taxonomy_term_id and f.taxonomy_term_id not in mine:
            continue
        if f.taxonomy_id and not any(terms.get(x, {}).get("taxonomy_id") == f.taxonomy_id
                                     for x in mine):
            continue
        if f.organization_id and s.get("organization_id") != f.organization_id:
            continue
        if after is not None:
            modified = since(s["last_modified"]) if s.get("last_modified") else None
            if modified is None or modified < after:
                continue
        org = orgs.get(s.get("organization_id", ""), {})
        if words and not matches(words, s.get("name"), s.get("alternate_name"),
                                 s.get("description"), org.get("name"),
                                 org.get("alternate_name")):
            continue
        out.append(s)
    return out


def search_rows(rows: Iterable[dict[str, Any]], search: str | None,
                *fields: str) -> list[dict[str, Any]]:
    words = fold(search or "").split()
    return [r for r in rows if not words or matches(words, *(r.get(f) for f in fields))]
