"""The HSDS 3.0 API beside GraphQL, under ``/hsds/``: the read endpoints of the official
OpenAPI description, answered from the same tables as the export.

Same roles as GraphQL (``Authorization: Bearer``): a public caller gets what a public export
holds (confidential shelters anonymised, texts redacted), staff also the confidential
shelters, editors also the audit trail (``metadata``). Labels follow Accept-Language.
The answers are built once per projection version, role and language.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from referral_graph.auth.tokens import Role, caller_for
from referral_graph.directory.lang import from_accept_language
from referral_graph.hsds import query as q
from referral_graph.hsds.build import Scope, Tables
from referral_graph.hsds.export import tables_for
from referral_graph.hsds.nest import Nester
from referral_graph.hsds.openapi import description
from referral_graph.hsds.schemas import VERSION
from referral_graph.hsds.snapshot import read_snapshot
from referral_graph.network.snapshot import graph_version
from referral_graph.store.driver import DatabaseUnavailable

BASE = "/hsds"
router = APIRouter(prefix=BASE)
_lock = threading.Lock()

Page = Annotated[int, Query(ge=1, description="Page number, from 1.")]
PerPage = Annotated[int | None, Query(ge=1, le=q.MAX_PER_PAGE)]


class View:
    """The tables one caller may see, and a nester over them."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.nest = Nester(tables)


def _scope(role: Role) -> Scope:
    return Scope(see_confidential=role >= Role.STAFF, audit=role >= Role.EDITOR)


def view(request: Request) -> View:
    db = request.app.state.database()
    try:
        caller = caller_for(db, request.headers.get("authorization"))
    except DatabaseUnavailable as e:
        raise HTTPException(503, str(e)) from None
    if caller is None:
        raise HTTPException(401, "invalid or revoked token")
    scope = _scope(caller.role)
    lang = from_accept_language(request.headers.get("accept-language"))
    G = request.app.state.projection().graph
    key = (graph_version(G), scope, lang)
    cache: dict[tuple[Any, ...], View] = request.app.state.__dict__.setdefault("hsds_views", {})
    with _lock:
        found = cache.get(key)
        if found is None:
            try:
                found = View(tables_for(read_snapshot(db), G, scope, lang))
            except DatabaseUnavailable as e:
                raise HTTPException(503, str(e)) from None
            for old in [k for k in cache if k[0] != key[0]]:  # an older projection version
                del cache[old]
            cache[key] = found
    return found


def _answer(data: Any) -> Response:
    return JSONResponse(data, headers={"Vary": "Authorization, Accept-Language"})


def _paged(items: list[Any], page: int, per_page: int | None, fmt: str | None,
           shape: Callable[[Any], Any], default: int = q.DEFAULT_PER_PAGE) -> Response:
    if fmt not in (None, "json", "ndjson"):
        raise HTTPException(400, f"format: {fmt!r} is not json or ndjson")
    if fmt == "ndjson":  # every result, one per line, no pages
        body = "".join(json.dumps(shape(x), ensure_ascii=False) + "\n" for x in items)
        return Response(body, media_type="application/x-ndjson")
    p = q.page(items, page, per_page or default)
    p["contents"] = [shape(x) for x in p["contents"]]
    return _answer(p)


def _one(v: View, table: str, rid: str) -> dict[str, Any]:
    found = v.nest.get(table, rid)
    if found is None:
        raise HTTPException(404, f"no {table} with id {rid!r}")
    return found


@router.get("/", include_in_schema=False)
def about(request: Request) -> Response:
    return _answer({"version": VERSION,
                    "openapi_url": str(request.url_for("hsds_openapi"))})


@router.get("/openapi.json", name="hsds_openapi", include_in_schema=False)
def openapi(request: Request) -> Response:
    return _answer(description())


@router.get("/services", include_in_schema=False)
def services(request: Request, search: str | None = None, page: Page = 1,
             per_page: PerPage = None, format: str | None = None,
             taxonomy_term_id: str | None = None, taxonomy_id: str | None = None,
             organization_id: str | None = None, modified_after: str | None = None,
             minimal: bool = False, full: bool = False) -> Response:
    v = view(request)
    try:
        found = q.services(v.tables, q.ServiceFilter(search, taxonomy_term_id, taxonomy_id,
                                                     organization_id, modified_after))
    except q.QueryError as e:
        raise HTTPException(400, str(e)) from None
    if minimal:
        return _paged(found, page, per_page, format,
                      lambda s: {k: s[k] for k in ("id", "name", "status", "last_modified")
                                 if k in s}, default=q.MAX_PER_PAGE)
    return _paged(found, page, per_page, format,
                  v.nest.service if full else v.nest.service_item)


@router.get("/services/{id}", include_in_schema=False)
def service(request: Request, id: str) -> Response:
    v = view(request)
    return _answer(v.nest.service(_one(v, "service", id)))


@router.get("/organizations", include_in_schema=False)
def organizations(request: Request, search: str | None = None, full_service: bool = False,
                  full: bool = False, page: Page = 1, per_page: PerPage = None,
                  format: str | None = None) -> Response:
    v = view(request)
    found = q.search_rows(v.tables.get("organization", ()), search, "name", "alternate_name",
                          "description")
    shape: Callable[[dict[str, Any]], dict[str, Any]] = v.nest.organization_item
    if full or full_service:
        def shape(o: dict[str, Any]) -> dict[str, Any]:
            return v.nest.organization(o, services="full" if full_service else "min")
    return _paged(found, page, per_page, format, shape)


@router.get("/organizations/{id}", include_in_schema=False)
def organization(request: Request, id: str, full_service: bool = False) -> Response:
    v = view(request)
    return _answer(v.nest.organization(_one(v, "organization", id),
                                       services="full" if full_service else "min"))


@router.get("/taxonomies", include_in_schema=False)
def taxonomies(request: Request, search: str | None = None, page: Page = 1,
               per_page: PerPage = None, format: str | None = None) -> Response:
    v = view(request)
    found = q.search_rows(v.tables.get("taxonomy", ()), search, "name", "description")
    return _paged(found, page, per_page, format, lambda x: v.nest.scalar("taxonomy", x))


@router.get("/taxonomies/{id}", include_in_schema=False)
def taxonomy(request: Request, id: str) -> Response:
    v = view(request)
    return _answer(v.nest.scalar("taxonomy", _one(v, "taxonomy", id)))


@router.get("/taxonomy_terms", include_in_schema=False)
def taxonomy_terms(request: Request, search: str | None = None, page: Page = 1,
                   per_page: PerPage = None, format: str | None = None,
                   taxonomy_id: str | None = None, top_only: bool = False,
                   parent_id: str | None = None) -> Response:
    v = view(request)
    rows = [t for t in v.tables.get("taxonomy_term", ())
            if (taxonomy_id is None or t.get("taxonomy_id") == taxonomy_id)
            and (parent_id is None or t.get("parent_id") == parent_id)
            and (not top_only or not t.get("parent_id"))]
    found = q.search_rows(rows, search, "name", "code", "description")
    return _paged(found, page, per_page, format, lambda t: v.nest.term(t["id"]))


@router.get("/taxonomy_terms/{id}", include_in_schema=False)
def taxonomy_term(request: Request, id: str) -> Response:
    v = view(request)
    _one(v, "taxonomy_term", id)
    return _answer(v.nest.term(id))


@router.get("/service_at_locations", include_in_schema=False)
def service_at_locations(request: Request, search: str | None = None,
                         taxonomy_term_id: str | None = None, taxonomy_id: str | None = None,
                         organization_id: str | None = None, modified_after: str | None = None,
                         full: bool = False, page: Page = 1, per_page: PerPage = None,
                         format: str | None = None, postcode: str | None = None,
                         proximity: str | None = None) -> Response:
    if postcode is not None or proximity is not None:
        raise HTTPException(400, "postcode, proximity: not supported (the directory records "
                                 "no postal codes or coordinates)")
    v = view(request)
    try:
        ids = {s["id"] for s in q.services(v.tables, q.ServiceFilter(
            search, taxonomy_term_id, taxonomy_id, organization_id, modified_after))}
    except q.QueryError as e:
        raise HTTPException(400, str(e)) from None
    found = [x for x in v.tables.get("service_at_location", ()) if x["service_id"] in ids]
    return _paged(found, page, per_page, format,
                  v.nest.service_at_location if full else v.nest.service_at_location_item)


@router.get("/service_at_locations/{id}", include_in_schema=False)
def service_at_location(request: Request, id: str) -> Response:
    v = view(request)
    return _answer(v.nest.service_at_location(_one(v, "service_at_location", id)))

