"""Breaking changes between the last released SDL and today's, and whether the changelog
lists each one (issue 18: a client upgrading reads every break in `CHANGELOG.md`).

graphql-core finds the breaking changes; each is named by its schema coordinate
(``Type``, ``Type.field``, ``Type.field(arg:)``, ``Enum.VALUE``, as graphql-core writes
them), which the changelog must name in backquotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import build_schema, find_breaking_changes

# graphql-core names what changed by its coordinate; the first of these that matches wins.
_PATTERNS = [
    re.compile(r"(?P<c>@?\w+\.\w+\(\w+:\)|@\w+\(\w+:\))"),  # an argument
    re.compile(r"(?P<m>\w+) was removed from union type (?P<t>\w+)"),
    re.compile(r"(?P<c>\w+\.\w+)"),  # a field or an enum value
    re.compile(r"(?P<c>@\w+)"),  # a directive
    re.compile(r"^(Standard scalar )?(?P<c>\w+) "),  # a type
]


@dataclass(frozen=True, slots=True)
class Break:
    coordinate: str  # what the changelog must name
    description: str  # graphql-core's words


def coordinate(description: str) -> str:
    """The schema coordinate a breaking change's description is about.

    >>> coordinate("Argument Query.providers(state:) has changed type from String! to "
    ...            "StateCode!.")
    'Query.providers(state:)'
    >>> coordinate("Field Provider.scope was removed.")
    'Provider.scope'
    >>> coordinate("Enum value OrganizationKind.NGO was removed.")
    'OrganizationKind.NGO'
    >>> coordinate("DataAge was removed."), coordinate("Standard scalar Float was removed.")
    ('DataAge', 'Float')
    """
    for pattern in _PATTERNS:
        m = pattern.search(description)
        if m is not None:
            g = m.groupdict()
            return f"{g['t']}.{g['m']}" if g.get("m") else g["c"]
    return description


def breaking_changes(released_sdl: str, current_sdl: str) -> list[Break]:
    """What a client written against `released_sdl` may find broken in `current_sdl`.

    >>> old = "type Query { a: String!, b(x: String): Int }"
    >>> sorted(b.coordinate for b in breaking_changes(old, "type Query { a: String, c: Int }"))
    ['Query.a', 'Query.b']
    """
    found = find_breaking_changes(build_schema(released_sdl), build_schema(current_sdl))
    return [Break(coordinate(c.description), c.description) for c in found]


def unlisted(changes: list[Break], changelog: str) -> list[Break]:
    """The changes whose coordinate the changelog does not name in backquotes.

    >>> b = [Break("Query.a", "Query.a was removed.")]
    >>> unlisted(b, "- `Query.a`: gone, use `b`"), unlisted(b, "- Query.a gone")[0].coordinate
    ([], 'Query.a')
    """
    named = set(re.findall(r"`([^`]+)`", changelog))
    return [c for c in changes if c.coordinate not in named]
