"""The caller's language, and the labels of the directory's codes in it.

Spanish is the default: most users work in Spanish. An `Accept-Language` header that
prefers English switches the default; an explicit ``lang`` argument always wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from referral_graph import i18n


class Lang(StrEnum):
    ES = "es"
    EN = "en"


def from_accept_language(header: str | None) -> Lang:
    """The caller's preferred language among ours, by `Accept-Language` q-values.

    >>> from_accept_language("en-GB,en;q=0.9,es;q=0.5")
    <Lang.EN: 'en'>
    >>> from_accept_language("fr, es;q=0.4, en;q=0.3")
    <Lang.ES: 'es'>
    >>> from_accept_language(None)
    <Lang.ES: 'es'>
    """
    best, best_q = Lang.ES, -1.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in ("es", "en"):
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if q > best_q:
            best, best_q = Lang(primary), q
    return best


def label(group: str, code: str | None, lang: Lang | str) -> str | None:
    """The label of a code in a language; the code itself when there is none.

    The labels live in the message catalogue (``referral_graph/i18n``), group ``group``.

    >>> label("kind", "shelter", Lang.ES), label("kind", "shelter", Lang.EN)
    ('Refugio', 'Shelter')
    >>> label("kind", "unheard_of", Lang.EN)
    'unheard_of'
    """
    if code is None:
        return None
    found = i18n.get(group, code, lang)
    return code if found is None else found


def long_date(day: dt.date, lang: Lang) -> str:
    """A date as people write it.

    >>> long_date(dt.date(2009, 3, 31), Lang.ES), long_date(dt.date(2009, 3, 31), Lang.EN)
    ('31 de marzo de 2009', '31 March 2009')
    """
    month = label("month", str(day.month), lang)
    return i18n.text("date", "long", lang, day=day.day, month=month, year=day.year)


def month_year(day: dt.date, lang: Lang) -> str:
    """A month as people write it.

    >>> month_year(dt.date(2009, 3, 31), Lang.ES)
    'marzo de 2009'
    """
    month = label("month", str(day.month), lang)
    return i18n.text("date", "month_year", lang, month=month, year=day.year)


def last_record(ended: Iterable[tuple[str, dt.date]], lang: Lang) -> str:
    """What was recorded last, when nothing is in force: the one sentence the directory,
    the planner and the gap report share.

    >>> last_record([("PROTEJA", dt.date(2009, 3, 31))], Lang.ES)
    'Último registro: PROTEJA, terminó el 31 de marzo de 2009.'
    >>> last_record([("A", dt.date(2009, 3, 31)), ("B", dt.date(2008, 1, 2))], Lang.EN)
    'Last record: A, ended 31 March 2009; B, ended 2 January 2008.'
    """
    head, verb = i18n.text("answer", "last_record", lang), i18n.text("answer", "ended", lang)
    return f"{head}: " + "; ".join(f"{name}, {verb} {long_date(day, lang)}"
                                   for name, day in ended) + "."
