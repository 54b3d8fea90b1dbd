"""What an edit can answer besides success: field errors, or a denied role."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with the input, e.g. ``FieldError("input.sources[0]", "unknown source")``.

    ``code`` is one of the API's error codes when the problem is not just a bad value
    (``CONFLICT``: the record changed since the caller loaded it).
    """

    field: str
    message: str
    code: str | None = None


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
                 current_version: int) -> None:
        super().__init__([FieldError(field, message, code="CONFLICT")])
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
