"""/health for everyone (up or degraded, nothing else) and the operators' details.

The public learns only whether the service works: 200 "up" or 503 "degraded". Counts
(shelters, organizations against the public total, referrals, audit events, tokens) say
how the service is used, so the detailed report needs an admin token, and `/metrics`
(Prometheus text) answers only callers on this machine (loopback, not through a proxy) or
with an admin token.
"""

from __future__ import annotations

import time
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from referral_graph import health
from referral_graph.api import metrics
from referral_graph.api.callers import request_caller
from referral_graph.auth.tokens import Role
from referral_graph.store.driver import DatabaseUnavailable

router = APIRouter()

LOOPBACK = frozenset({"127.0.0.1", "::1"})
# A proxy on this machine makes every caller look local; its headers give it away.
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


def _is_admin(request: Request) -> bool:
    authorization = request.headers.get("authorization")
    if not authorization:
        return False
    try:
        caller = request_caller(request)
    except DatabaseUnavailable:
        return False
    return caller is not None and caller.can(Role.ADMIN)


def _is_local(request: Request) -> bool:
    host = request.client.host if request.client else None
    return host in LOOPBACK and not any(h in request.headers for h in PROXY_HEADERS)


FRESH_SECONDS = 1.0  # how old the public answer may be


def _detailed(request: Request) -> JSONResponse | None:
    """The operators' report for an admin; None for anyone else."""
    if not _is_admin(request):
        return None
    report = health.check(request.app.state.database())
    return JSONResponse({"status": "up" if report.ok else "degraded", **asdict(report)},
                        status_code=200 if report.ok else 503)


async def _public_status(request: Request) -> bool:
    """Up or not, asked of Neo4j at most once a second: a monitor (or an attacker) calling
    often costs one small read a second, and the answer comes from the event loop
    without waiting for a thread, so it stays quick while costly queries run."""
    state = request.app.state
    checked = getattr(state, "health_checked", None)
    if checked is None or time.monotonic() - checked[0] > FRESH_SECONDS:
        ok = await run_in_threadpool(health.probe, state.database())
        checked = state.health_checked = (time.monotonic(), ok)
    return checked[1]


@router.get("/health")
async def get_health(request: Request) -> JSONResponse:
    if request.headers.get("authorization"):
        detailed = await run_in_threadpool(_detailed, request)
        if detailed is not None:
            return detailed
    ok = await _public_status(request)
    return JSONResponse({"status": "up" if ok else "degraded"},
                        status_code=200 if ok else 503)


@router.get("/metrics")
def get_metrics(request: Request) -> Response:
    if not (_is_local(request) or _is_admin(request)):
        return JSONResponse({"detail": "metrics: only from this machine, or with an admin "
                                       "token"}, status_code=403)
    return Response(metrics.exposition(request.app.state.database()),
                    media_type=CONTENT_TYPE_LATEST)
