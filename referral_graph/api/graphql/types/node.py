"""The Relay `Node` interface as every entity type implements it, and its `slug`.

We use `strawberry.relay.Node` (the maintained implementation of the Relay server
specification): a type declares its slug with `NodeID` and GraphQL answers `id` as the global
id (base64 of ``Type:slug``, the encoding of `referral_graph.api.graphql.ids`). Inside the
resolvers `self.id` stays the slug, so the domain layer and the loaders are unchanged.
The slug stays readable as `slug`: what the web app puts in its addresses.
"""

from __future__ import annotations

from typing import Any

import strawberry

SLUG_HELP = ("The record's id in the data set (readable, unique per type; what the web "
             "app's addresses and the CLI use). `id` is the global id, unique across types.")


def slug_field(description: str = SLUG_HELP) -> Any:
    """The `slug: String!` field of a Node type: a plain value, set by `Slugged`."""
    return strawberry.field(description=description, default="")


class Slugged:
    """A Node type's `slug`, set once when the object is made (from its `resolve_id`).

    Why not a resolver: Strawberry wraps a field that has one (an `Info` object, argument
    conversion, the extension chain), ~13 µs more per object than a plain value; a
    600-provider answer names every provider and source by its slug. Subclasses are
    dataclasses, which call `__post_init__` once their fields are set.
    """

    slug: str

    def __post_init__(self) -> None:
        self.slug = str(type(self).resolve_id(self, info=None))  # type: ignore[attr-defined]


def membership_slug(collaboration: str, organization: str) -> str:
    """A membership has no id of its own: the collaboration's and the organization's slugs.

    >>> membership_slug("tf-oaxaca", "dif-oaxaca")
    'tf-oaxaca:dif-oaxaca'
    """
    return f"{collaboration}:{organization}"
