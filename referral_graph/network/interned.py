"""One object for each equal small value the projection holds many times.

Each row the driver returns is made of new objects: at 100,000 organizations the projection
held ~500,000 distinct strings for referral labels and outcomes that take a few dozen values,
a date object per tie, and a set of states per organization, most of them the same few
sets. Values read through `one` are shared instead: the first equal value met is kept and
handed out again. Only immutable values with small domains go through it (kinds, outcomes,
dates, state and language sets); names and ids do not.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

LIMIT = 250_000  # values kept at most; past it the table starts again (duplicates, no error)
_KEPT: dict[tuple[type, Any], Any] = {}


def one(value: T) -> T:
    """`value`, or the equal value of the same type met first.

    >>> a, b = "".join(["decl", "ined"]), "".join(["decli", "ned"])
    >>> a is b, one(a) is one(b), one(None)
    (False, True, None)
    >>> one(1) is one(True)   # the type is part of the key: 1 == True, yet not the same value
    False
    """
    if value is None:
        return value
    key = (type(value), value)
    found = _KEPT.get(key)
    if found is None:
        if len(_KEPT) >= LIMIT:
            _KEPT.clear()
        found = _KEPT[key] = value
    return found
