"""HSDS ids: UUIDs derived from the graph's slugs, the same in every export.

HSDS 3.0 ids are UUIDs. A record whose own id already is a UUID (one imported from
another HSDS directory) keeps it; any other gets a name-based UUID (RFC 4122 version 5)
of its kind and slug, so the same record has the same id in every export and API answer.
A confidential organization in a public answer is named by its public pseudonym, never by
its slug: its id then says nothing a public caller could check a guess against.
"""

from __future__ import annotations

import re
import uuid

# A fixed namespace for this project's ids (uuid5 of the project's name in the URL space).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/referral-graph/hsds")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def is_uuid(value: str) -> bool:
    """
    >>> is_uuid("ac148810-d857-441c-9679-408f346de14b"), is_uuid("casa-alianza")
    (True, False)
    """
    return bool(_UUID.match(value))


def hsds_id(kind: str, key: str) -> str:
    """The HSDS id of a record of ``kind`` (``organization``, ``service`` ...) named ``key``.

    >>> hsds_id("organization", "pgr") == hsds_id("organization", "pgr")
    True
    >>> hsds_id("service", "ac148810-d857-441c-9679-408f346de14b")
    'ac148810-d857-441c-9679-408f346de14b'
    """
    if is_uuid(key):
        return key
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def slug_of(hsds: str) -> str:
    """The graph id of a record imported under HSDS id ``hsds`` (a UUID is a valid slug).

    >>> slug_of("AC148810-D857-441C-9679-408F346DE14B")
    'ac148810-d857-441c-9679-408f346de14b'
    """
    return hsds.strip().lower()
