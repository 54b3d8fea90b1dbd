"""Neo4j's values as Python's: the one place that converts them.

The driver returns its own temporal types (``neo4j.time.Date``, ``DateTime``); the domain
works with ``datetime.date``. Every read that hands a stored value to the domain goes
through `native` (any value) or `native_date` (a date property, possibly stored as text).
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def native(value: Any) -> Any:
    """``value`` with Neo4j temporal values as Python ones; lists and dicts element by element.

    >>> from neo4j.time import Date
    >>> native([Date(2008, 6, 1), {"d": Date(2009, 1, 2)}, "x", None])
    [datetime.date(2008, 6, 1), {'d': datetime.date(2009, 1, 2)}, 'x', None]
    """
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def native_date(value: Any) -> dt.date | None:
    """A date property as a ``datetime.date``: a Neo4j date, an ISO text or a date; None stays.

    >>> from neo4j.time import Date
    >>> native_date(Date(2007, 11, 27)), native_date("2007-11-27"), native_date(None)
    (datetime.date(2007, 11, 27), datetime.date(2007, 11, 27), None)
    """
    if value is None:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    converted: dt.date = native(value)
    return converted
