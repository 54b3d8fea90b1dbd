"""Global ids (Relay): one opaque id per record across every type, and the slug inside it.

A record's global id is the base64 of ``Type:slug`` (Strawberry's `GlobalID` encoding, so
`strawberry.relay` reads it too). Arguments that name one record accept its global id or,
for clients written before global ids, its bare slug: `local_id` turns either into the
slug the domain layer uses, and refuses a global id of another type.

>>> gid = global_id("Organization", "dif-oaxaca")
>>> gid
'T3JnYW5pemF0aW9uOmRpZi1vYXhhY2E='
>>> decode(gid)
('Organization', 'dif-oaxaca')
>>> local_id(gid, "Organization", "id")
'dif-oaxaca'
>>> local_id("dif-oaxaca", "Organization", "id")
'dif-oaxaca'
>>> decode("dif-oaxaca") is None
True
"""

from __future__ import annotations

import base64
import binascii

from referral_graph.api.graphql.errors import InputError


def global_id(type_name: str, slug: str) -> str:
    """The global id of the record `slug` of GraphQL type `type_name`."""
    return base64.b64encode(f"{type_name}:{slug}".encode()).decode("ascii")


def decode(value: str) -> tuple[str, str] | None:
    """(type, slug) of a global id, or None when `value` is not one (a bare slug)."""
    if len(value) % 4 or len(value) < 8:
        return None
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    type_name, colon, slug = text.partition(":")
    if not colon or not slug or not type_name.isidentifier() or not type_name[0].isupper():
        return None
    return type_name, slug


def local_id(value: str, type_name: str, argument: str) -> str:
    """The slug named by `value` (a global id of `type_name`, or a slug).

    A global id of another type is refused (BAD_USER_INPUT naming `argument`): a client
    that passes a State's id where an Organization's belongs has a bug worth telling.
    """
    decoded = decode(value)
    if decoded is None:
        return value
    found, slug = decoded
    if found != type_name:
        raise InputError("wrong_id_type", argument, value=value, found=found, type=type_name)
    return slug


def any_slug(value: str) -> str:
    """The slug named by `value`, a global id of any type or a slug (for arguments that take
    a record of several types, such as `figures(about:)`).

    >>> any_slug(global_id("Agreement", "mou-1")), any_slug("mou-1")
    ('mou-1', 'mou-1')
    """
    decoded = decode(value)
    return decoded[1] if decoded is not None else value
