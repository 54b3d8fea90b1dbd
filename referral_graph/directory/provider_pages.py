"""A page of a directory answer's providers, with cursors that survive an edit.

Why pages: at 100k organizations a state can have hundreds of providers of a service, and
the whole list is up to 1.85 MB of JSON, which a caseworker on a weak connection waits for
before seeing the first name. A page costs what its providers cost.

A cursor carries the provider's place in the directory's ranking (distance, reach, basis,
name, ids), not a position: an edit between two pages that adds or ends a provider before
the cursor neither repeats nor skips the providers after it. It carries only what the caller
already saw on the page before.
"""

from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_right
from dataclasses import dataclass

from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.providers import Provider, ProviderDirectory, rank
from referral_graph.directory.service import page_size

_KIND = "provider"


@dataclass(frozen=True, slots=True)
class ProviderPage:
    """`items` are (cursor, provider) pairs; `total` counts every provider of the answer."""

    items: tuple[tuple[str, Provider], ...]
    total: int
    has_next: bool
    has_previous: bool


def cursor_of(p: Provider) -> str:
    """An opaque cursor for `p`: its rank, which `page` finds again by bisection.

    >>> import datetime as dt
    >>> from referral_graph.network.model import OrgNode, Provision
    >>> from referral_graph.network.reach import Reach
    >>> p = Provider(OrgNode("o", "Casa", "ngo", "civil_society", frozenset()),
    ...              Provision("p", "o", "legal_aid", "stated"), Reach.COVERS, "MX-OAX")
    >>> _rank_of(cursor_of(p)) == rank(p)
    True
    """
    return base64.urlsafe_b64encode(json.dumps([_KIND, *rank(p)], ensure_ascii=False)
                                    .encode()).decode()


def _rank_of(cursor: str) -> tuple:
    try:
        found = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError, RecursionError):
        found = None
    shape = (str, int, int, int, str, str, str)
    if (not isinstance(found, list) or len(found) != len(shape) or found[0] != _KIND
            or not all(type(v) is t for v, t in zip(found, shape, strict=True))):
        raise DirectoryError("after: not a cursor this service issued")
    return tuple(found[1:])


def page(d: ProviderDirectory, first: int | None = None, after: str | None = None
         ) -> ProviderPage:
    """The `first` providers of `d` (20 when not given, at most 100) after the cursor `after`.

    >>> from referral_graph.network.model import OrgNode, Provision
    >>> from referral_graph.network.reach import Reach
    >>> ps = tuple(Provider(OrgNode(n, n, "ngo", "civil_society", frozenset()),
    ...                     Provision(f"{n}-p", n, "legal_aid", "stated"), Reach.OPERATES_IN,
    ...                     "MX-OAX") for n in "abc")
    >>> import datetime as dt
    >>> d = ProviderDirectory("legal_aid", "MX-OAX", dt.date(2026, 1, 1), ps, ())
    >>> one = page(d, first=2)
    >>> [p.org.id for _, p in one.items], one.total, one.has_next
    (['a', 'b'], 3, True)
    >>> two = page(d, first=2, after=one.items[-1][0])
    >>> [p.org.id for _, p in two.items], two.has_next, two.has_previous
    (['c'], False, True)
    """
    size, _ = page_size(first, None)
    providers = d.providers
    start = 0
    if after is not None:
        # The providers are in `rank` order (the directory sorts them by it), so the place
        # of a cursor whose provider has gone since is still where it would have been.
        start = bisect_right(providers, _rank_of(after), key=rank)
    chosen = providers[start:start + size]
    return ProviderPage(tuple((cursor_of(p), p) for p in chosen), len(providers),
                        has_next=start + size < len(providers), has_previous=start > 0)
