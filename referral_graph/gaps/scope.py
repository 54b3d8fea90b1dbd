"""Which records a gap report counts: organizations closed by a what-if, and the report's
date (organizations, provisions, collaborations and ties active on it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from referral_graph.network.model import CollaborationInfo, Evidence, OrgNode, Provision


@dataclass(frozen=True, slots=True)
class Scope:
    """Which records count: organizations closed by a what-if, and the date of the report.

    With ``as_of`` None every record counts, whatever its dates (the data set as recorded).

    >>> import datetime as dt
    >>> from referral_graph.network.model import Evidence, TieKind
    >>> mou = Evidence(TieKind.AGREEMENT, "m", "MOU", date=dt.date(2008, 1, 1),
    ...                ends=dt.date(2008, 12, 31))
    >>> Scope(as_of=dt.date(2008, 6, 1)).tie_ok([mou])
    True
    >>> Scope(as_of=dt.date(2009, 6, 1)).tie_ok([mou])  # the agreement had ended
    False
    """

    without: frozenset[str] = frozenset()
    as_of: dt.date | None = None

    def org_ok(self, org: OrgNode) -> bool:
        return org.id not in self.without and (self.as_of is None or org.active_on(self.as_of))

    def provision_ok(self, prov: Provision) -> bool:
        return self.as_of is None or prov.active_on(self.as_of)

    def tie_ok(self, evidence: Iterable[Evidence]) -> bool:
        """Whether any of a tie's evidence holds on the report's date: recorded by then,
        and not an agreement or collaboration that had ended (`Evidence.ended_on`)."""
        day = self.as_of
        if day is None:
            return True
        # A plain loop, not any() over a method per evidence: a report at 100k asks this
        # of 600k ties (a quarter of the state networks' time).
        for ev in evidence:
            if ev.date is not None and ev.date > day:
                continue
            if ev.ends is not None and ev.ended_on(day):
                continue
            return True
        return False

    def collaboration_ok(self, c: CollaborationInfo) -> bool:
        return self.as_of is None or c.formed is None or c.formed <= self.as_of
