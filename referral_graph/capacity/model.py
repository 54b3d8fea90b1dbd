"""A service's capacity and what a caller may know of it (pure functions, doctests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    BEDS = "beds"
    PLACES = "places"


class Status(StrEnum):
    HAS_CAPACITY = "has_capacity"
    FULL = "full"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Capacity:
    unit: Unit
    available: int
    total: int | None
    updated_at: dt.datetime

    @property
    def status(self) -> Status:
        return Status.HAS_CAPACITY if self.available > 0 else Status.FULL


def status(capacity: Capacity | None, *, confidential: bool, see_confidential: bool) -> Status:
    """What a caller may know: never anything about a confidential shelter it may not see.

    >>> c = Capacity(Unit.BEDS, 0, 12, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    >>> status(c, confidential=False, see_confidential=False)
    <Status.FULL: 'full'>
    >>> status(c, confidential=True, see_confidential=False)
    <Status.UNKNOWN: 'unknown'>
    >>> status(None, confidential=False, see_confidential=True)
    <Status.UNKNOWN: 'unknown'>
    """
    if capacity is None or (confidential and not see_confidential):
        return Status.UNKNOWN
    return capacity.status


def rank(available: int | None) -> int:
    """The planner's tie-break: room first, then unknown, then full.

    >>> sorted([None, 0, 3], key=rank)
    [3, None, 0]
    """
    if available is None:
        return 1
    return 0 if available > 0 else 2
