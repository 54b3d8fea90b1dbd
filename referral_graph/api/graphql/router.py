"""The /graphql endpoint: Strawberry's router, strict about bodies and honest about outages.

- A body that is not UTF-8, not a JSON object (``null``, ``"x"``, ``42``), or that holds a
  lone surrogate (``"\\ud800"``, which no database can store) is answered 400 with a GraphQL
  error naming what is wrong, before any resolver runs. These used to be 500s with an
  80-line traceback in the log per request.
- A response carrying DATABASE_UNAVAILABLE is sent as HTTP 503 with ``Retry-After``, so an
  outage has one shape whatever part of the query met it, and its message follows the
  caller's language.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import Request, Response
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from referral_graph.api.messages import localize
from referral_graph.directory.lang import from_accept_language

UNAVAILABLE = "DATABASE_UNAVAILABLE"
RETRY_AFTER = "1"


class BadRequestBody(ValueError):
    """A request the API cannot read at all; answered 400 with code BAD_USER_INPUT."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


def bad_request_body(message: str, field: str) -> dict[str, Any]:
    """The GraphQL response for an unreadable request.

    >>> bad_request_body("not UTF-8", "body")["errors"][0]["extensions"]
    {'code': 'BAD_USER_INPUT', 'field': 'body'}
    """
    return {"data": None, "errors": [{"message": f"{field}: {message}",
                                      "extensions": {"code": "BAD_USER_INPUT", "field": field}}]}


def unavailable_body(message: str) -> dict[str, Any]:
    return {"data": None, "errors": [{"message": message, "extensions": {"code": UNAVAILABLE}}]}


def lone_surrogates(value: Any, path: str = "") -> Iterator[str]:
    """Paths of the strings in JSON data that cannot be encoded as UTF-8.

    >>> list(lone_surrogates({"variables": {"id": "\\ud800", "ok": ["x"]}}))
    ['variables.id']
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            yield path or "body"
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from lone_surrogates(k, path or "body")
            yield from lone_surrogates(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from lone_surrogates(v, f"{path}[{i}]")


class Router(GraphQLRouter):
    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as e:
                raise BadRequestBody(f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                                     f"{e.start}); send JSON encoded as UTF-8") from None
        try:
            value = json.loads(data)
            bad = next(lone_surrogates(value), None)
        except RecursionError:
            raise BadRequestBody("JSON nested too deeply") from None
        if not isinstance(value, dict | list):
            raise BadRequestBody('must be a JSON object such as {"query": "{ states { code } }"'
                                 f", not {type(value).__name__ if value is not None else 'null'}")
        if bad is not None:
            raise BadRequestBody("holds a lone surrogate (an invalid \\ud800-\\udfff escape); "
                                 "send valid Unicode text", field=bad)
        return value

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        """GET: ``variables`` and ``extensions`` are JSON in the query string."""
        try:
            return super().parse_query_params(params)
        except BadRequestBody as e:
            if e.field == "body":
                raise
            name = "variables" if "variables" in params else "extensions"
            raise BadRequestBody(str(e), field=f"{name}.{e.field}") from None

    async def process_result(self, request: Request, result: ExecutionResult
                             ) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        lang = from_accept_language(request.headers.get("accept-language"))
        for error in data.get("errors") or ():
            if not isinstance(error, dict):  # typed `object` by strawberry; dicts in fact
                continue
            if (error.get("extensions") or {}).get("code") == UNAVAILABLE:
                error["message"] = localize(error["message"], lang)
        return data

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        errors = [] if isinstance(response_data, list) else response_data.get("errors") or []
        if any((e.get("extensions") or {}).get("code") == UNAVAILABLE for e in errors):
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = RETRY_AFTER
        return super().create_response(response_data, sub_response)
