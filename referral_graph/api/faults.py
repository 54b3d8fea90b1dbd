"""One answer per kind of fault, on every route: an outage is a 503, an unreadable request a
400, never a 500 with a traceback in the log.

GraphQL callers get GraphQL-shaped bodies (``errors[].extensions.code``); the download routes
(/reports, /exports) get ``{"detail": …, "code": …}``. An outage always carries
``Retry-After``.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from referral_graph.api.graphql.router import (
    RETRY_AFTER,
    UNAVAILABLE,
    BadRequestBody,
    bad_request_body,
    unavailable_body,
)
from referral_graph.api.messages import localize
from referral_graph.directory.lang import from_accept_language
from referral_graph.store.driver import DatabaseUnavailable


def _is_graphql(request: Request) -> bool:
    return request.url.path.rstrip("/").endswith("/graphql")


async def on_unavailable(request: Request, exc: Exception) -> JSONResponse:
    message = localize(str(exc), from_accept_language(request.headers.get("accept-language")))
    body = (unavailable_body(message) if _is_graphql(request)
            else {"detail": message, "code": UNAVAILABLE})
    return JSONResponse(body, status_code=503, headers={"Retry-After": RETRY_AFTER})


async def on_bad_body(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BadRequestBody)
    return JSONResponse(bad_request_body(str(exc), exc.field), status_code=400)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DatabaseUnavailable, on_unavailable)
    app.add_exception_handler(BadRequestBody, on_bad_body)
