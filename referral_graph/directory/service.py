"""Directory reads from Neo4j: search with cursor pages, and batch look-ups by id.

Every function takes ``see_confidential``; the Cypher filters hidden organizations
itself (`store/cypher.py`), so nothing about them leaves the database for a public
caller. Batch functions take many ids and cost one round trip: the API's DataLoaders
call them once per level of a nested query.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.model import (
    Agreement,
    Capability,
    Collaboration,
    Filters,
    Legislation,
    Membership,
    Organization,
    Page,
    ServiceType,
    State,
    native_date,
    source,
)
from referral_graph.network.model import SourceRef
from referral_graph.store import cypher, search_cypher
from referral_graph.store.driver import Database
from referral_graph.text import fold

MAX_PAGE = 100
_SEP = "\x1f"


def encode_cursor(sort_key: str, org_id: str) -> str:
    """An opaque cursor; it carries only what the caller already saw (name key and id).

    >>> decode_cursor(encode_cursor("casa", "casa-1"))
    ('casa', 'casa-1')
    """
    return base64.urlsafe_b64encode(f"{sort_key}{_SEP}{org_id}".encode()).decode()


def decode_cursor(cursor: str, argument: str = "after") -> tuple[str, str]:
    try:
        key, sep, org_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition(_SEP)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise DirectoryError(f"{argument}: not a cursor this service issued") from None
    if not sep:
        raise DirectoryError(f"{argument}: not a cursor this service issued")
    return key, org_id


def page_size(first: int | None, last: int | None) -> tuple[int, bool]:
    """The page's size and whether it is counted backwards (`last`), checked.

    >>> page_size(None, None), page_size(None, 5)
    ((20, False), (5, True))
    """
    if first is not None and last is not None:
        raise DirectoryError("first, last: give one of them, not both")
    size = first if first is not None else last if last is not None else 20
    if not 1 <= size <= MAX_PAGE:
        raise DirectoryError(f"{'first' if first is not None else 'last'}: must be between 1 "
                             f"and {MAX_PAGE}")
    return size, last is not None


def search(db: Database, filters: Filters, *, see_confidential: bool,
           first: int | None = None, after: str | None = None, last: int | None = None,
           before: str | None = None) -> Page:
    """Organizations matching every filter, ordered by name, one page at a time: the
    `first` after the cursor `after`, or the `last` before the cursor `before` (Relay's
    forward and backward paging; 20 forwards when neither size is given)."""
    size, backward = page_size(first, last)
    after_key, after_id = decode_cursor(after) if after else (None, None)
    before_key, before_id = decode_cursor(before, "before") if before else (None, None)
    words = fold(filters.query or "").split()
    rows = db.read(
        search_cypher.SEARCH_ORGANIZATIONS_BACKWARD if backward
        else search_cypher.SEARCH_ORGANIZATIONS, see=see_confidential, words=words,
        first=words[0] if words else "", kind=filters.kind,
        sector=filters.sector, language=filters.language, population=filters.population,
        active_on=filters.active_on, service=filters.service, state=filters.state,
        after_key=after_key, after_id=after_id, before_key=before_key, before_id=before_id,
        limit=size + 1,
    )
    total = rows[0]["total"] if rows else 0
    orgs = [(r["sort_key"], Organization.from_row(r["org"])) for r in rows if r["org"]]
    more = len(orgs) > size
    page = orgs[:size]
    if backward:
        page.reverse()
    items = tuple((encode_cursor(k, o.id), o) for k, o in page)
    if backward:  # a cursor given on the other side says there is more there
        return Page(total=total, items=items, has_next=before is not None, has_previous=more)
    return Page(total=total, items=items, has_next=more, has_previous=after is not None)


def organizations(db: Database, ids: Sequence[str], *, see_confidential: bool
                  ) -> dict[str, Organization]:
    """The visible organizations among `ids`; a hidden id is simply absent."""
    rows = db.read(cypher.ORGANIZATIONS_BY_ID, ids=list(ids), see=see_confidential)
    return {r["org"]["id"]: Organization.from_row(r["org"]) for r in rows}


def sources_of(db: Database, ids: Sequence[str]) -> dict[str, tuple[SourceRef, ...]]:
    rows = db.read(cypher.SOURCES_OF, ids=list(ids))
    return {r["id"]: tuple(source(s) for s in r["sources"]) for r in rows}


def capabilities_of(db: Database, ids: Sequence[str]) -> dict[str, tuple[Capability, ...]]:
    rows = db.read(cypher.CAPABILITIES_OF, ids=list(ids))
    return {
        r["id"]: tuple(
            Capability(
                id=c["id"], organization=r["id"], service=c["service"], basis=c["basis"],
                covers=frozenset(c["covers"]), national=bool(c.get("national")),
                mandate=c.get("mandate"),
                sources=tuple(sorted((source(s) for s in c["sources"]), key=lambda s: s.id)),
                active_from=native_date(c.get("active_from")),
                active_to=native_date(c.get("active_to")),
                scope=c.get("scope") or "organization", group=c.get("group"),
                version=int(c.get("version") or 0),
                note=c.get("note"), capacity_unit=c.get("capacity_unit"),
                capacity_available=c.get("capacity_available"),
                capacity_total=c.get("capacity_total"),
                capacity_updated_at=c.get("capacity_updated_at"),
            )
            for c in r["capabilities"]
        )
        for r in rows
    }


def memberships_of(db: Database, ids: Sequence[str]) -> dict[str, tuple[Membership, ...]]:
    rows = db.read(cypher.MEMBERSHIPS_OF, ids=list(ids))
    return {r["id"]: tuple(Membership(r["id"], m["collaboration"], m["role"])
                           for m in r["memberships"]) for r in rows}


def agreements_of(db: Database, ids: Sequence[str], *, see_confidential: bool
                  ) -> dict[str, tuple[Agreement, ...]]:
    rows = db.read(cypher.AGREEMENTS_OF, ids=list(ids), see=see_confidential)
    return {
        r["id"]: tuple(
            Agreement(id=a["id"], kind=a["kind"], subject=a["subject"],
                      parties=tuple(sorted(a["parties"])), states=tuple(sorted(a["states"])),
                      date=native_date(a.get("date")), date_text=a.get("date_text"),
                      ends=native_date(a.get("ends")),
                      party_description=a.get("party_description"), note=a.get("note"),
                      version=int(a.get("version") or 0))
            for a in r["agreements"]
        )
        for r in rows
    }


def collaborations(db: Database, *, see_confidential: bool, ids: Sequence[str] | None = None,
                   kind: str | None = None, state: str | None = None
                   ) -> list[Collaboration]:
    """Task forces and networks with their visible members, by name."""
    query = cypher.COLLABORATIONS if ids is None else cypher.COLLABORATIONS_BY_ID
    rows = db.read(query, see=see_confidential, ids=list(ids) if ids is not None else None,
                   kind=kind, state=state)
    out = []
    for r in rows:
        c = r["collaboration"]
        out.append(Collaboration(
            id=c["id"], name=c["name"], kind=c["kind"], level=c["level"],
            states=tuple(sorted(c["states"])),
            members=tuple(sorted((Membership(m["organization"], c["id"], m["role"])
                                  for m in c["members"]), key=lambda m: m.organization)),
            formed=native_date(c.get("formed")), formed_text=c.get("formed_text"),
            goals=c.get("goals"), member_description=c.get("member_description"),
            alternate_names=tuple(c.get("alternate_names") or ()),
        ))
    return out


def _legislation(row: dict | None) -> Legislation | None:
    if not row:
        return None
    return Legislation(
        id=row["id"], status=row["status"], title=row.get("title"),
        approved=native_date(row.get("approved")), signed=native_date(row.get("signed")),
        published=native_date(row.get("published")),
        effective=native_date(row.get("effective")), date_text=row.get("date_text"),
        note=row.get("note"),
    )


def legislation_of(row: dict | None) -> Legislation | None:
    """A law as read from the store (the projection of `states`), or None."""
    return _legislation(row)


def states(db: Database) -> list[State]:
    """The 32 federal entities with their anti-trafficking law status."""
    return [
        State(code=r["state"]["id"], name_es=r["state"]["name_es"],
              name_en=r["state"]["name_en"], kind=r["state"]["kind"],
              neighbours=tuple(sorted(r["state"]["neighbours"])),
              legislation=_legislation(r["law"]))
        for r in db.read(cypher.STATES)
    ]


def federal_legislation(db: Database) -> Legislation | None:
    rows = db.read(cypher.FEDERAL_LEGISLATION)
    return _legislation(rows[0]["law"]) if rows else None


def service_types(db: Database) -> list[ServiceType]:
    return [_service_type(r["service"]) for r in db.read(cypher.SERVICE_TYPES)]


def _service_type(s: dict[str, Any]) -> ServiceType:
    return ServiceType(id=s["id"], name_es=s["name_es"], name_en=s["name_en"],
                       description_es=s.get("description_es") or "",
                       description_en=s.get("description_en") or "",
                       hsds_term=s.get("hsds_term"),
                       synonyms_es=tuple(s.get("synonyms_es") or ()),
                       synonyms_en=tuple(s.get("synonyms_en") or ()))
