"""What an edit can answer besides success: field errors, or a denied role."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with the input, e.g. ``FieldError("input.sources[0]", "unknown source")``.

    ``code`` says what kind of problem it is, for a client to act on without reading the
    message: ``NOT_FOUND`` (a referenced record does not exist), ``TAKEN`` (the id is in
    use), ``REQUIRED``, ``FORBIDDEN_VALUE`` (a value the safety rules refuse),
    ``CONFLICT`` (the record changed since the caller loaded it); None is any other bad
    value. ``params`` are what the message names, so the API can say it in the
    request's language (`directory.lang_errors`, keys ``user_<code>``).
    """

    field: str
    message: str
    code: str | None = None
    params: dict[str, Any] | None = dataclasses.field(default=None, compare=False, hash=False)


class EditRejected(ValueError):
    """The input is invalid; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class Forbidden(PermissionError):
    """The caller's role may not do this. GraphQL reports it with code FORBIDDEN."""

    extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 - read by graphql-core as is


class Conflict(EditRejected):
    """A stale save: the record changed after the caller loaded it; nothing was written.
    GraphQL reports it in the payload's errors and as an error with code CONFLICT."""

    def __init__(self, field: str, message: str, *, changed_by: str, changed_at: str,
                 current_version: int, params: dict[str, Any] | None = None) -> None:
        super().__init__([FieldError(field, message, code="CONFLICT", params={
            "by": changed_by, "at": changed_at, "current": current_version, **(params or {})})])
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version
        self.extensions = {"code": "CONFLICT", "field": field, "changedBy": changed_by,
                           "changedAt": changed_at, "currentVersion": current_version}


class BadArgument(ValueError):
    """A query argument that cannot be used as given (``auditTrail(before: "x")``).
    GraphQL reports it with code BAD_USER_INPUT and the argument's name."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.extensions = {"code": "BAD_USER_INPUT", "argument": argument}
