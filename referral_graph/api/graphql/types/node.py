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


def _slug(root: Any) -> str:
    return str(type(root).resolve_id(root, info=None))


def slug_field() -> Any:
    """The `slug: String!` field of a Node type."""
    return strawberry.field(resolver=_slug, description=SLUG_HELP)


def membership_slug(collaboration: str, organization: str) -> str:
    """A membership has no id of its own: the collaboration's and the organization's slugs.

    >>> membership_slug("tf-oaxaca", "dif-oaxaca")
    'tf-oaxaca:dif-oaxaca'
    """
    return f"{collaboration}:{organization}"
