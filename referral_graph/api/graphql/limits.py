"""Schema extensions that bound what one request may cost and what an error may say.

- `QueryCostLimiter`: refuses, before anything runs, a query whose estimated cost
  (`referral_graph.api.graphql.cost`) is over the limit: code QUERY_TOO_COMPLEX.
- `ResponseSizeCap`: an answer larger than MAX_RESPONSE_BYTES is replaced by an error
  with the same code, so no request makes the service hold and send megabytes.
- `ErrorHygiene`: error messages never echo more than a little of the caller's input, and
  with introspection off they do not suggest field or argument names ("Did you mean…").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from referral_graph.api.graphql.cost import MAX_COST, query_cost
from referral_graph.api.metrics import REFUSED

MAX_RESPONSE_BYTES = 4 * 1024 * 1024
MAX_WORD = 60  # characters of one unbroken run (an id, a value) kept in a message
MAX_MESSAGE = 400
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_LONG_WORD = re.compile(r"\S{" + str(MAX_WORD + 1) + ",}")


def clip(message: str) -> str:
    """`message` with long runs and a long tail cut, so an error never returns a large
    part of what the caller sent.

    >>> clip("unknown organization 'x" + "x" * 5000 + "'") == (
    ...     "unknown organization 'x" + "x" * (MAX_WORD - 2) + "…")
    True
    >>> len(clip("word " * 1000)) <= MAX_MESSAGE + 1
    True
    """
    out = _LONG_WORD.sub(lambda m: m.group()[:MAX_WORD] + "…", message)
    return out if len(out) <= MAX_MESSAGE else out[:MAX_MESSAGE] + "…"


def without_suggestions(message: str) -> str:
    """
    >>> without_suggestions("Cannot query field 'apiToken' on type 'Query'. "
    ...                     "Did you mean 'apiTokens'?")
    "Cannot query field 'apiToken' on type 'Query'."
    """
    return _SUGGESTION.sub("", message)


def too_complex(message: str, **extra: int) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "QUERY_TOO_COMPLEX", **extra})


class QueryCostLimiter(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.graphql_document is not None and ec.result is None:
            cost = query_cost(ec.schema._schema, ec.graphql_document, ec.operation_name,
                              ec.variables)
            if cost > MAX_COST:
                REFUSED.labels("cost").inc()
                # Set before execution: Strawberry then runs nothing and answers this.
                ec.result = GraphQLExecutionResult(data=None, errors=[too_complex(
                    f"query too costly: it may resolve about {cost} objects, the limit is "
                    f"{MAX_COST}; nested lists multiply (e.g. agreements within parties "
                    "within agreements): ask for fewer nested lists or smaller pages",
                    cost=cost, maxCost=MAX_COST)])
        yield


class ResponseSizeCap(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or result.data is None:
            return
        # The size as `Router.encode_json` sends it (compact UTF-8), measured with the same
        # encoder: at 100k a whole directory answer is ~150 KiB, and the standard library's
        # encoder spent ~3 ms on it where orjson spends ~0.25.
        size = len(orjson.dumps(result.data, default=str))
        if size > MAX_RESPONSE_BYTES:
            REFUSED.labels("size").inc()
            # In place: Strawberry returns this very object.
            result.data = None
            result.errors = [too_complex(
                f"answer too large: {size} bytes, the limit is {MAX_RESPONSE_BYTES}; ask "
                "for fewer fields or smaller pages", size=size, maxSize=MAX_RESPONSE_BYTES)]


class ErrorHygiene(SchemaExtension):
    """Runs last on every operation, on validation and execution errors alike."""

    def __init__(self, *, hide_suggestions: bool) -> None:
        self.hide_suggestions = hide_suggestions

    def _clean(self, message: str) -> str:
        if self.hide_suggestions:
            message = without_suggestions(message)
        return clip(message)

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            error.message = self._clean(error.message)
