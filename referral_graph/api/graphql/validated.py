"""Query texts found valid once, not validated again, and parsed once.

Why: at 100k organizations a nested question answered from kept records spent 15% of its
worker's CPU validating its (unchanged) text against the schema, and parsed it each time
too: the web app and scripts send a few dozen texts, over and over. Validation depends only on the
text and the schema (the rules are fixed when the schema is built), so a text found valid
stays valid. Only valid texts are kept: an invalid one is validated each time, so that its
errors, which later extensions translate and shape per request, are never shared.

Strawberry's own `ValidationCache` keys by the rules too, and the depth and alias limiters
make a new rule class per request, so it would never hit; and it would share error lists.
Its `ParserCache` raises a syntax error from its hook, before Strawberry's own handling,
so the error reached the caller without its code (GRAPHQL_PARSE_FAILED): a text is
parsed here by Strawberry as always, and its document kept once it is found valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

from referral_graph.kept import KeptAt

KEPT_TEXTS = 1024  # distinct query texts kept per schema; a text is at most MAX_TOKENS long
_VALID = "valid"  # the one "version" a kept text has: the schema never changes in a process


class KnownValid:
    """The query texts one schema has found valid, with their parsed documents (bounded,
    least recently used out).

    >>> from graphql import parse
    >>> known = KnownValid()
    >>> known.add("{ states { code } }", parse("{ states { code } }"))
    >>> known.document("{ states { code } }") is not None, known.document("{ x }")
    (True, None)
    """

    def __init__(self, max_entries: int = KEPT_TEXTS) -> None:
        self._kept: KeptAt[DocumentNode] = KeptAt(max_entries=max_entries)

    def document(self, text: str) -> DocumentNode | None:
        return self._kept.get(text, _VALID)

    def add(self, text: str, document: DocumentNode) -> None:
        self._kept.put(text, _VALID, document)


class ValidOnce(SchemaExtension):
    """Skips parsing and validating a text this schema already found valid (see the
    module)."""

    def __init__(self, known: KnownValid) -> None:
        self.known = known
        self.kept = False

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        document = self.known.document(ec.query) if ec.query else None
        if document is not None and ec.graphql_document is None:
            ec.graphql_document = document  # Strawberry then parses nothing
            self.kept = True
        yield

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        if self.kept and ec.pre_execution_errors is None:
            ec.pre_execution_errors = []  # Strawberry then runs no validation
        yield
        if not self.kept and ec.query and ec.graphql_document is not None \
                and ec.pre_execution_errors == []:
            self.known.add(ec.query, ec.graphql_document)
