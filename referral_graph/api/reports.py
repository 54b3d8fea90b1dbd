"""Downloadable gap reports: GET /reports/gaps.{html,csv,json,png,svg}.

Same report and same roles as GraphQL `coverageReport`: without a staff token,
confidential shelters are anonymised. A what-if (`without=`) report's HTML and JSON also
say what the closures change.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from referral_graph.api.callers import request_caller
from referral_graph.api.graphql.limits import clip
from referral_graph.api.ratelimit import RateLimited
from referral_graph.auth.tokens import Role
from referral_graph.gaps import changes
from referral_graph.gaps.heatmap import heatmap_bytes
from referral_graph.gaps.service import ReportError, what_if_for
from referral_graph.network.redact import redactor_for
from referral_graph.reference.states import StateError
from referral_graph.spreadsheets.exporter import gap_workbook
from referral_graph.spreadsheets.safe import excel_bytes

router = APIRouter()

MEDIA = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "png": "image/png",
    "svg": "image/svg+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/reports/gaps.{fmt}")
def gap_report(
    request: Request,
    fmt: str,
    lang: str = "es",
    state: list[str] | None = Query(default=None),  # noqa: B008
    without: list[str] | None = Query(default=None),  # noqa: B008
    as_of: dt.date | None = None,
    all_dates: bool = False,
) -> Response:
    if fmt not in MEDIA:
        raise HTTPException(404, f"format: one of {', '.join(MEDIA)}")
    if lang not in ("es", "en"):
        raise HTTPException(422, "lang: es or en")
    caller = request_caller(request)
    if caller is None:
        raise HTTPException(401, "invalid or revoked token")
    if not caller.can(Role.STAFF):
        try:
            request.app.state.heavy_limiter.spend(
                request.client.host if request.client else "unknown")
        except RateLimited as e:
            raise HTTPException(429, str(e), headers={"Retry-After": str(e.retry_after)}
                                ) from None
    G = request.app.state.projection().graph
    try:
        report, cmp = what_if_for(G, see_confidential=caller.can(Role.STAFF), states=state,
                                  without=without or (), as_of=as_of, all_dates=all_dates)
    except (ReportError, StateError) as e:
        raise HTTPException(422, clip(str(e))) from None
    see = caller.can(Role.STAFF)
    if fmt == "xlsx":  # the wide state × service matrix, every text redacted for the public
        redact = (lambda s: s) if see else redactor_for(G).redact
        return Response(gap_workbook(report, lang, redact), media_type=MEDIA[fmt], headers={
            "Content-Disposition": f'attachment; filename="coverage-{lang}.xlsx"'})
    body = (heatmap_bytes(report, fmt, lang) if fmt in ("png", "svg")
            else changes.report_document(report, cmp, fmt, lang))
    if isinstance(body, str) and not caller.can(Role.STAFF):
        body = redactor_for(G).redact(body)
    if fmt == "csv" and isinstance(body, str):
        body = excel_bytes(body)  # UTF-8 with BOM: Excel reads the accents right
    filename = f"coverage-{lang}.{fmt}"
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})
