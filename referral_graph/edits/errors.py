"""What an edit can answer besides success: field errors, or a denied role."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with the input, e.g. ``FieldError("input.sources[0]", "unknown source")``."""

    field: str
    message: str


class EditRejected(ValueError):
    """The input is invalid; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


class Forbidden(PermissionError):
    """The caller's role may not do this. GraphQL reports it with code FORBIDDEN."""

    extensions = {"code": "FORBIDDEN"}  # noqa: RUF012 - read by graphql-core as is
