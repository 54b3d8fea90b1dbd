"""Find the facts a text states: dates, numbers, money, percentages, identifiers and names.

Regular expressions, plus a list of known names the caller gives (places, organizations,
people: proper names are too varied for a pattern alone). The completeness check
(`dataset.completeness`) runs this over each source document and over each record's own
text, and compares the two.

A fact keeps where it stands in the text (``start``, ``end``), what is written (``text``) and a
normalised ``value``, so that "8,980", "8980" and "eight thousand nine hundred and eighty"
would compare equal; dates are (year, month, day) triples where month and day may be None
("May 2006" is ``(2006, 5, None)``), and a range is a pair of them.

>>> [(f.kind, f.value) for f in extract("In May 2006, 2,500 medical services; Ninety percent.")]
[('date', ((2006, 5, None), (2006, 5, None))), ('number', 2500.0), ('percent', 90.0)]
>>> [(f.kind, f.value) for f in extract("Jan. 12-13 Course", year=2009)]
[('date', ((2009, 1, 12), (2009, 1, 13)))]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from referral_graph.text import fold

Day = tuple[int, int | None, int | None]  # (year, month, day); month/day None when not given

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)")
_DASH = r"\s*[-–—]\s*"
_YEAR = r"(?:19|20)\d{2}"

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
# "twenty-one", "Ninety", "one hundred", "fifteen"; a lone "one" is an article or a pronoun
# far more often than a count in these texts, so it is not taken alone (see `_words`).
_WORDS = (rf"(?:(?:{_UNIT})\s+hundred|(?:{_TEN})(?:-(?:{_UNIT}))?|{_UNIT})")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing a text states, where it stands in the text."""

    kind: str  # date, number, money, percent, identifier, name
    text: str
    value: object
    start: int
    end: int


def _ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def words_value(text: str) -> int | None:
    """A number written in words.

    >>> words_value("twenty-one"), words_value("One hundred"), words_value("Ninety")
    (21, 100, 90)
    """
    t = text.lower().strip()
    m = re.fullmatch(rf"({_UNIT})\s+hundred", t)
    if m:
        return UNITS[m.group(1)] * 100
    if "-" in t:
        tens, _, unit = t.partition("-")
        return TENS[tens] + UNITS[unit] if tens in TENS and unit in UNITS else None
    return UNITS.get(t, TENS.get(t))


def _num(text: str) -> float:
    value = words_value(text)
    return float(value) if value is not None else float(text.replace(",", ""))


# --- the patterns, most specific first; a later one never takes text an earlier one took ---

DateValue = Callable[[re.Match[str]], tuple[Day, Day]]  # a date's (from, to) from its match


def _dates(year: int | None) -> list[tuple[re.Pattern[str], DateValue]]:
    def full(m: re.Match[str], a: int) -> Day:
        return (int(m.group(a + 2)), _month(m.group(a)), int(m.group(a + 1)))

    pats: list[tuple[re.Pattern[str], DateValue]] = [
        # January 1, 2009 – March 31, 2009
        (_ci(rf"({_MONTH})\s+(\d{{1,2}}),\s*({_YEAR}){_DASH}({_MONTH})\s+(\d{{1,2}}),\s*"
             rf"({_YEAR})"),
         lambda m: (full(m, 1), full(m, 4))),
        # JANUARY 1- MARCH 31, 2009 / January 1 to March 31, 2009
        (_ci(rf"({_MONTH})\s+(\d{{1,2}})(?:{_DASH}|\s+to\s+)({_MONTH})\s+(\d{{1,2}}),\s*"
             rf"({_YEAR})"),
         lambda m: ((int(m.group(5)), _month(m.group(1)), int(m.group(2))),
                    (int(m.group(5)), _month(m.group(3)), int(m.group(4))))),
        # November 26, 2007
        (_ci(rf"({_MONTH})\s+(\d{{1,2}}),\s*({_YEAR})"), lambda m: (full(m, 1),) * 2),
        # May 2007 - May 2008
        (_ci(rf"({_MONTH})\s+({_YEAR}){_DASH}({_MONTH})\s+({_YEAR})"),
         lambda m: ((int(m.group(2)), _month(m.group(1)), None),
                    (int(m.group(4)), _month(m.group(3)), None))),
        # January to March 2009 / February and March 2009 / January–March 2009
        (_ci(rf"({_MONTH})(?:\s+(?:to|and)\s+|{_DASH})({_MONTH})\s+({_YEAR})"),
         lambda m: ((int(m.group(3)), _month(m.group(1)), None),
                    (int(m.group(3)), _month(m.group(2)), None))),
        # May 2006, Nov. 2007
        (_ci(rf"({_MONTH})\s+({_YEAR})"),
         lambda m: ((int(m.group(2)), _month(m.group(1)), None),) * 2),
        # 2006-2009
        (re.compile(rf"(?<![\w-])({_YEAR})[-–]({_YEAR})(?![\w-])"),
         lambda m: ((int(m.group(1)), None, None), (int(m.group(2)), None, None))),
        # 2007 alone
        (re.compile(rf"(?<![\w,.-])({_YEAR})(?![\w-])"),
         lambda m: ((int(m.group(1)), None, None),) * 2),
    ]
    if year is not None:
        pats += [
            # Jan. 12-13, March 2-5 (a table's dates: the year is the document's)
            (_ci(rf"({_MONTH})\s+(\d{{1,2}}){_DASH}(\d{{1,2}})(?!\d)"),
             lambda m: ((year, _month(m.group(1)), int(m.group(2))),
                        (year, _month(m.group(1)), int(m.group(3))))),
            # Jan. 16
            (_ci(rf"({_MONTH})\s+(\d{{1,2}})(?![\d,])"),
             lambda m: ((year, _month(m.group(1)), int(m.group(2))),) * 2),
        ]
    return pats


_MONEY = _ci(rf"US\\?\$\s?({_NUMBER})(\s+million)?")
# report, agreement and award numbers: "NO. 523-A-00-06-00012-00", "No. 12"
_IDENTIFIER = _ci(r"(?<=\bNO\.\s)[A-Z0-9]+(?:-[A-Z0-9]+)*")


def _range(m: re.Match[str]) -> tuple[float, float] | None:
    if words_value(m.group(0)) is not None:  # "twenty-one" is one number, not 20 to 1
        return None
    return _num(m.group(1)), _num(m.group(2))


_OTHER: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], object]]] = [
    ("percent", _ci(rf"({_NUMBER}|{_WORDS})\s*(?:percent|%)"), lambda m: _num(m.group(1))),
    # 35-140, one-five
    ("number", _ci(rf"(?<![\w.,-])({_NUMBER}|{_WORDS})-({_NUMBER}|{_WORDS})(?![\w-])"),
     _range),
    ("number", re.compile(rf"(?<![\w.,/-])({_NUMBER})(?![\w/-]|\.\d)"),
     lambda m: _num(m.group(1))),
    ("number", _ci(rf"(?<![\w-])({_WORDS})(?![\w-])"), lambda m: _num(m.group(1))),
]

# Not counts: list markers "(1)", references to a table ("Table 1"), a lone "one".
_SKIP = [re.compile(r"\(\d\)"), _ci(r"\btable\s+\d+"),
         _ci(r"(?<![\w-])one(?![\w-]|\s+hundred)")]


def _taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def extract(text: str, *, year: int | None = None, names: Iterable[str] = (),
            not_names: Iterable[str] = ()) -> list[Fact]:
    """Every fact of `text`, in order. `year`: the year of dates written without one (a
    quarterly report's tables); `names`: known proper names; `not_names`: capitalised words
    that the acronym pattern would take but are not names ("TIP", "NGO")."""
    facts: list[Fact] = []
    used = bytearray(len(text))  # 1 where a fact (or a skipped marker) already stands

    def free(s: int, e: int) -> bool:
        return used.find(1, s, e) == -1

    def mark(s: int, e: int) -> None:
        used[s:e] = b"\x01" * (e - s)

    def take(kind: str, m: re.Match[str], value: object) -> None:
        s, e = m.span()
        if value is not None and free(s, e):
            mark(s, e)
            facts.append(Fact(kind, m.group(), value, s, e))

    for pat in _SKIP:
        for m in pat.finditer(text):
            mark(*m.span())
    for m in _MONEY.finditer(text):  # before names: "US" in "US$3" is not a name
        take("money", m, _num(m.group(1)) * (1_000_000 if m.group(2) else 1))
    for f in find_names(text, names, not_names):
        if free(f.start, f.end):
            mark(f.start, f.end)
            facts.append(f)
    for m in _IDENTIFIER.finditer(text):
        take("identifier", m, m.group())
    for pat, date_of in _dates(year):
        for m in pat.finditer(text):
            take("date", m, date_of(m))
    for kind, pat, value in _OTHER:
        for m in pat.finditer(text):
            take(kind, m, value(m))
    return sorted(facts, key=lambda f: (f.start, f.kind))


# --- names ---------------------------------------------------------------------------------

_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z&]+(?:-[A-Z]+)?(?![\w-])")
_PERSON = re.compile(r"\b(?:Dr\.|C\.|President|Mr\.|Ms\.)\s+((?:[A-Z][\w’'-]+\s?)+)")
_BULLET_PERSON = re.compile(r"^- ((?:[A-Z][a-záéíóú]+ ){1,3}[A-Z][a-záéíóú]+)[;.,]", re.M)
# A quoted title: starts with a capital, one sentence at most (a quoted testimonial is not).
_TITLE = re.compile(r"[“\"]([A-Z](?:[^”\"\n.]|\.(?! ))+?)[.,;]?[”\"]")


def _heading(text: str, pos: int) -> bool:
    """Is `pos` on a line written in capitals (a heading, the cover)?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def find_names(text: str, names: Iterable[str] = (), not_names: Iterable[str] = ()
               ) -> list[Fact]:
    """Proper names: persons after a title or in a list, quoted titles, the known `names`
    wherever they stand (accents and case ignored, longest first), then acronyms.

    >>> [f.text for f in find_names("Dr. Noemi Guzik met the CNDH about “Initial Guidelines”.",
    ...                             names=["Guzik"])]
    ['Noemi Guzik', 'CNDH', 'Initial Guidelines']
    """
    found: list[Fact] = []
    spans: list[tuple[int, int]] = []
    skip = {fold(n) for n in not_names}

    def add(start: int, end: int) -> None:
        piece = text[start:end].strip(" .,;:")
        start = text.find(piece, start)
        end = start + len(piece)
        if piece and fold(piece) not in skip and not _taken(spans, start, end):
            spans.append((start, end))
            found.append(Fact("name", piece, fold(piece), start, end))

    for m in _PERSON.finditer(text):
        add(*m.span(1))
    for m in _BULLET_PERSON.finditer(text):
        add(*m.span(1))
    for m in _TITLE.finditer(text):  # a title is one name, whatever names it contains
        add(*m.span(1))
    wanted = sorted({fold(n) for n in names if fold(n)}, key=len, reverse=True)
    folded, where = _folded(text) if wanted else ("", [])
    for name in wanted:
        pat = re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(map(re.escape, name.split()))
                         + r"(?![a-z0-9])")
        for m in pat.finditer(folded):
            add(where[m.start()], where[m.end() - 1] + 1)
    for m in _ACRONYM.finditer(text):
        if not _heading(text, m.start()):
            add(*m.span())
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return (fold(ch) if ch.strip() else " ") or " "


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded char by char (see `text.fold`), with each char's index in `text`."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def dates_of(facts: Sequence[Fact]) -> list[tuple[Day, Day]]:
    return [cast(tuple[Day, Day], f.value) for f in facts if f.kind == "date"]
