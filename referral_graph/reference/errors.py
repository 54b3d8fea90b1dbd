"""The error of a name that names no reference entry (a state, a service type)."""

from __future__ import annotations

from typing import ClassVar


class UnknownName(ValueError):
    """An argument that names no entry of a reference list; GraphQL reports BAD_USER_INPUT
    (``api/graphql/errors.py`` says it in the caller's language from ``argument`` and
    ``value``). The message here is English, for the CLI and logs."""

    # What the value is not, and how to name one: the rest of the message.
    HINT: ClassVar[str] = "names nothing known"

    def __init__(self, argument: str, value: str) -> None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        super().__init__(f"{argument}: {shown!r} {self.HINT}")
        self.argument = argument
        self.value = value
        self.extensions = {"code": "BAD_USER_INPUT", "argument": argument}
