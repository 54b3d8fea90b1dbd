"""What every answer says about itself: the date it is about, and how old its evidence is.

The directory, referral plans and gap reports share one **date basis**: the date asked, or
today when none is (records in force on that date count). Each answer also carries the date of
its **newest evidence** — the newest date among the records it rests on and the documents
they cite — and says so plainly when that is older than a configurable age (the PROTEJA
records end in March 2009: an answer about today rests on evidence years old).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from referral_graph.directory.lang import Lang, label, long_date, month_year
from referral_graph.network.model import Evidence, OrgNode, Provision

DEFAULT_MAX_AGE_DAYS = 365


def _w(key: str, lang: Lang) -> str:
    return label("answer", key, lang) or key


@dataclass(frozen=True, slots=True)
class DateBasis:
    """The date an answer is about; ``as_of`` None means every record, whatever its dates."""

    as_of: dt.date | None
    defaulted: bool = False  # no date was asked: today

    @classmethod
    def of(cls, as_of: dt.date | None, *, all_dates: bool = False,
           today: dt.date | None = None) -> DateBasis:
        """The date asked, or today; or no date at all when every record is asked for."""
        if all_dates:
            return cls(None)
        if as_of is not None:
            return cls(as_of)
        return cls(today or dt.date.today(), defaulted=True)

    def text(self, lang: Lang) -> str:
        """E.g. "Fecha de referencia: 25 de noviembre de 2026 (hoy): cuentan los registros
        vigentes en esa fecha."

        >>> DateBasis(dt.date(2009, 3, 1)).text(Lang.EN)
        'Date basis: 1 March 2009: records in force on that date count.'
        >>> print(DateBasis(None).text(Lang.ES))
        Fecha de referencia: ninguna: cuentan todos los registros, sin importar sus fechas.
        """
        if self.as_of is None:
            return f"{_w('basis', lang)}: {_w('all_dates', lang)}."
        today = f" ({_w('today', lang)})" if self.defaulted else ""
        return (f"{_w('basis', lang)}: {long_date(self.as_of, lang)}{today}: "
                f"{_w('in_force', lang)}.")


def provision_dates(org: OrgNode, prov: Provision) -> list[dt.date | None]:
    """The dates a provider's record rests on: its periods and its documents' dates."""
    return [org.active_from, org.active_to, prov.active_from, prov.active_to,
            *(s.date for s in prov.sources)]


def evidence_dates(ev: Evidence) -> list[dt.date | None]:
    return [ev.date, ev.ends, *(s.date for s in ev.sources)]


_NEWEST_KEY = "newest_evidence"  # derived entry of the graph: (version, newest date)


def newest_in_graph(G: nx.Graph) -> dt.date | None:
    """The newest date among every record of the projection (organizations, services, ties,
    their documents); once per projection version, kept in the graph's derived data (the
    graph itself is never written)."""
    from referral_graph.network.snapshot import at_version

    return at_version(G, _NEWEST_KEY, lambda: _newest_of(G))


def _newest_of(G: nx.Graph) -> dt.date | None:
    dates: list[dt.date | None] = []
    for _, data in G.nodes(data=True):
        org = data["org"]
        dates += [org.active_from, org.active_to]
        for p in data.get("provisions", ()):
            dates += provision_dates(org, p)
    for _, _, data in G.edges(data=True):
        for ev in data.get("evidence", ()):
            dates += evidence_dates(ev)
    return newest(dates)


def newest(dates: Iterable[dt.date | None]) -> dt.date | None:
    """The newest of `dates` (None when there is none).

    >>> newest([None, dt.date(2009, 3, 31), dt.date(2006, 5, 1)])
    datetime.date(2009, 3, 31)
    """
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@dataclass(frozen=True, slots=True)
class Freshness:
    """How old an answer's evidence is on the date it is about."""

    newest: dt.date | None
    as_of: dt.date
    max_age_days: int = DEFAULT_MAX_AGE_DAYS

    @property
    def stale(self) -> bool:
        return self.newest is None or (self.as_of - self.newest).days > self.max_age_days

    def text(self, lang: Lang) -> str:
        """E.g. "El registro más reciente es de marzo de 2009, más de 17 años antes de la fecha
        de referencia: confirme antes de canalizar."

        >>> print(Freshness(dt.date(2009, 3, 31), dt.date(2026, 11, 25)).text(Lang.EN))
        ... # doctest: +ELLIPSIS
        The newest record is from March 2009, more than 17 years before the date basis: ...
        >>> Freshness(dt.date(2009, 3, 31), dt.date(2009, 4, 1)).text(Lang.ES)
        'El registro más reciente es de marzo de 2009.'
        """
        if self.newest is None:
            return _w("undated", lang)
        head = f"{_w('newest', lang)} {month_year(self.newest, lang)}"
        if not self.stale:
            return head + "."
        years = (self.as_of - self.newest).days // 365
        if years >= 1:
            age = (f"{_w('more_than', lang)} {years} {_w('years' if years > 1 else 'year', lang)}")
        else:
            age = f"{(self.as_of - self.newest).days} {_w('days', lang)}"
        return f"{head}, {age} {_w('before_basis', lang)}: {_w('confirm', lang)}."
