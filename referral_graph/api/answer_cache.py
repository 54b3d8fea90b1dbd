"""Answers to read-only GraphQL requests, kept per data version: what a repeated question costs
is a dictionary look-up.

A key is (normalised query, variables, operation name, who asks, language, data version,
day). The data version is the change counter every write and import bumps
(`store.changes`), as the process's projection has followed it: an answer is never served
for a version it was not computed at or after, so a write invalidates everything it could
have changed without anyone listing what that was. A write through this process also
counts at once (`Version.writes`); one through another worker or the CLI is seen when this
process's projection follows it (``Projection.follow_every``, 0.25 s), as its projection
reads are. The day is in the key because answers
without ``asOf`` are "as of today".

Who asks is the role, and for a token holder also the token's name (``me`` says it): a
public answer is never served to staff or the reverse. Only public and staff answers are
kept: editors and admins read token lists and audit trails, which change without a new
data version, and they are few. Mutations are never kept, nor answers with errors (a rate
limit, an outage, a bad argument).

This module is pure bookkeeping (no I/O); `api.answer_middleware` puts it in front of
``/graphql``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse, print_ast

from referral_graph.auth.tokens import Caller, Role

MAX_TOKENS = 2000  # as the schema's own limit: a longer query is refused there, not here
KEPT_ROLES = (Role.PUBLIC, Role.STAFF)
GZIP_AT = 1000  # as the app's GZipMiddleware: smaller answers are sent as they are


@dataclass(frozen=True, slots=True)
class Operation:
    """A request's operation: its document printed canonically, and whether it reads."""

    text: str
    reads: bool


class Normaliser:
    """Query text -> `Operation`, remembering the last ``size`` texts it parsed.

    >>> n = Normaliser()
    >>> a = n.operation("{ states  { code } }", None)
    >>> a == n.operation("query {\\n  states {\\n    code\\n  }\\n}", None), a.reads
    (True, True)
    >>> n.operation("mutation M { x } query Q { y }", "M").reads
    False
    >>> n.operation("query A { x } query B { y }", None) is None   # which one is unsaid
    True
    >>> n.operation("{ broken", None) is None
    True
    """

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._docs: OrderedDict[str, tuple[str, dict[str | None, bool]] | None] = OrderedDict()

    def _parsed(self, query: str) -> tuple[str, dict[str | None, bool]] | None:
        if query in self._docs:
            self._docs.move_to_end(query)
            return self._docs[query]
        try:
            doc = parse(query, no_location=True, max_tokens=MAX_TOKENS)
        except (GraphQLError, RecursionError):
            found = None  # the schema answers with the error; nothing to keep
        else:
            ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
            reads = {(op.name.value if op.name else None): op.operation is OperationType.QUERY
                     for op in ops}
            if len(ops) == 1:
                reads[None] = ops[0].operation is OperationType.QUERY
            else:
                reads.pop(None, None)
            found = (print_ast(doc), reads)
        self._docs[query] = found
        if len(self._docs) > self.size:
            self._docs.popitem(last=False)
        return found

    def operation(self, query: str, operation_name: str | None) -> Operation | None:
        """None when the request is not one to keep an answer for (unparsable, ambiguous)."""
        parsed = self._parsed(query)
        if parsed is None or operation_name not in parsed[1]:
            return None
        return Operation(parsed[0], parsed[1][operation_name])


def caller_part(caller: Caller) -> tuple[str, str] | None:
    """The key's "who asks", or None for a caller whose answers are not kept.

    >>> caller_part(Caller(Role.PUBLIC)), caller_part(Caller(Role.STAFF, "Ana"))
    (('PUBLIC', ''), ('STAFF', 'Ana'))
    >>> caller_part(Caller(Role.ADMIN, "root")) is None
    True
    """
    if caller.role not in KEPT_ROLES:
        return None
    return caller.role.name, caller.name or ""


def variables_part(variables: Any) -> str | None:
    """Variables as canonical JSON (key order does not matter); None when not an object.

    >>> variables_part({"b": 1, "a": [2]}) == variables_part({"a": [2], "b": 1})
    True
    >>> variables_part(None), variables_part([1])
    ('{}', None)
    """
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        return None
    return json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Version:
    """What a kept answer is valid for: the data (epoch, change number), the day, and the
    writes this process has made since it started (its own writes show at once, before its
    projection has followed them)."""

    epoch: str | None
    value: int
    day: dt.date
    writes: int = 0


@dataclass(slots=True)
class Entry:
    body: bytes
    spends: int = 0  # rate-limited fields the answer counted (api.ratelimit)
    _gzipped: bytes | None = field(default=None, repr=False)

    def gzipped(self) -> bytes:
        if self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzipped

    @property
    def size(self) -> int:
        return len(self.body) + len(self._gzipped or b"") + 200


Key = tuple[str, str, str | None, tuple[str, str], str]


class AnswerStore:
    """A least-recently-used store of answers, bounded in bytes, for one data version at a
    time: when the version moves on, what was kept for the old one is dropped at once.

    >>> s = AnswerStore(max_bytes=10_000)
    >>> v1 = Version("e", 1, dt.date(2026, 1, 1)); v2 = Version("e", 2, dt.date(2026, 1, 1))
    >>> k = ("{ a }", "{}", None, ("PUBLIC", ""), "es")
    >>> s.put(v1, k, Entry(b'{"data":1}'))
    >>> s.get(v1, k).body, s.get(v2, k), s.get(v1, k)
    (b'{"data":1}', None, None)
    """

    def __init__(self, max_bytes: int, max_entry: int = 4 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.bytes = 0
        self._version: Version | None = None
        self._items: OrderedDict[Key, Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def _at(self, version: Version) -> None:
        if version != self._version:
            self._items.clear()
            self.bytes = 0
            self._version = version

    def get(self, version: Version, key: Key) -> Entry | None:
        self._at(version)
        entry = self._items.get(key)
        if entry is not None:
            self._items.move_to_end(key)
        return entry

    def put(self, version: Version, key: Key, entry: Entry) -> None:
        self._at(version)
        if len(entry.body) > self.max_entry or self.max_bytes <= 0:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self._items[key] = entry
        self.bytes += entry.size
        while self.bytes > self.max_bytes and self._items:
            _, gone = self._items.popitem(last=False)
            self.bytes -= gone.size

    def grew(self, entry: Entry, before: int) -> None:
        """Count what `entry` took since it was stored (its gzipped copy)."""
        self.bytes += entry.size - before
