"""Remove what identifies a confidential organization from text a public caller will read.

Source passages and evidence labels are verbatim documents, and the documents name
shelters and their cities ("Alternativas Pacíficas, A.C. (Monterrey, Nuevo Leon)").
Filtering records is not enough, so every string in a public answer goes through
`Redactor.redact` as a last line of defence. Matching ignores accents and case
("México City" matches "Mexico City").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import ahocorasick
import networkx as nx

from referral_graph.network.snapshot import at_version
from referral_graph.text import bare, fold

MASK = "[confidential]"
_LEGAL_FORM = re.compile(r",?\s*\b(a\.?\s?c\.?|i\.?\s?a\.?\s?p\.?|s\.?\s?c\.?)\s*$", re.I)
_LEADING = re.compile(r"^(fundaci[oó]n|asociaci[oó]n)\s+", re.I)
_KEY = "redactor"  # derived entry of the graph: (version, Redactor)
# Strings a redactor remembers having scanned: 200,000 is every name and passage of a
# 100,000-organization network at ~20 MB, for one version of the graph.
_REMEMBER = 200_000


def _fold_map(text: str) -> tuple[str, list[int]]:
    """`fold(text)` and, for each of its characters, the index in `text` it comes from (a
    space standing for a run of punctuation: the run's first character).

    >>> _fold_map("Á, b")
    ('a b', [0, 1, 3])
    """
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        base = bare(ch).lower()
        for c in base:
            if "a" <= c <= "z" or "0" <= c <= "9":
                chars.append(c)
                where.append(i)
            elif chars and chars[-1] != " ":
                chars.append(" ")
                where.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def _choose(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of overlapping matches (start, end), the leftmost, then the longest, then the next
    one that starts after it ends: what a regular expression of the terms, longest first,
    would have matched.

    >>> _choose([(0, 4), (0, 10), (5, 12), (11, 15)])
    [(0, 10), (11, 15)]
    """
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda m: (m[0], -m[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def name_variants(name: str) -> set[str]:
    """A name as documents write it: in full, and without its legal form or "Fundación".

    >>> sorted(name_variants("Fundación Casa Alianza, I.A.P."))
    ['Casa Alianza', 'Fundación Casa Alianza', 'Fundación Casa Alianza, I.A.P.']
    """
    bare = _LEGAL_FORM.sub("", name).strip()
    return {name, bare, _LEADING.sub("", bare).strip()} - {""}


class Redactor:
    """Masks a fixed set of terms wherever they appear, whatever the accents or case.

    >>> r = Redactor(["Alternativas Pacíficas", "Monterrey"])
    >>> r.redact("Alternativas Pacificas, A.C. (MONTERREY, Nuevo Leon)")
    '[confidential], A.C. ([confidential], Nuevo Leon)'
    """

    def __init__(self, terms: Iterable[str]) -> None:
        # One Aho–Corasick automaton of the folded terms (`fold` turns punctuation into one
        # space), each between spaces: a scan of " folded text " then finds whole words only,
        # in one pass whatever the number of terms. A regular expression of ~36,000
        # alternatives took three quarters of a public answer's time at 100,000
        # organizations (docs/performance.md).
        self._automaton: ahocorasick.Automaton | None = None
        self._done: dict[str, str] = {}
        # `redact_data`'s outcomes per string, one table per `opaque` reading.
        self._done_data: dict[Callable[[str], str | None] | None, dict[str, str]] = {}
        folded = {fold(t) for t in terms}
        folded = {t for t in folded if len(t) >= 3}
        if folded:
            automaton = ahocorasick.Automaton()
            for t in folded:
                automaton.add_word(f" {t} ", len(t))
            automaton.make_automaton()
            self._automaton = automaton

    def _spans(self, folded: str) -> list[tuple[int, int]]:
        """Where terms are in folded text, as (start, end) of the words, chosen as a
        regular expression of them, longest first, would."""
        assert self._automaton is not None
        # In " folded ", a match ending at `end` (inclusive, on its closing space) covers
        # the words from end - length - 1 to end - 1, in `folded`'s indices.
        found = [(end - length - 1, end - 1)
                 for end, length in self._automaton.iter(f" {folded} ")]
        return _choose(found)

    def redact(self, text: str) -> str:
        if self._automaton is None or not text:
            return text
        # The same names, passages and labels come back in answer after answer, and a
        # redactor serves one version of the graph: each string is scanned once. Filled up
        # to a bound, then only read (a dict is safe to share between threads here).
        done = self._done.get(text)
        if done is None:
            done = self._scan(text)
            if len(self._done) < _REMEMBER:
                self._done[text] = done
        return done

    def _scan(self, text: str) -> str:
        assert self._automaton is not None
        # Most strings name nobody: one pass of the automaton over the folded text rules
        # them out without the per-character map below.
        folded = fold(text)
        if not folded or next(self._automaton.iter(f" {folded} "), None) is None:
            return text
        mapped, where = _fold_map(text)
        if mapped != folded:  # not expected; never risk showing a name over it
            return MASK
        spans = [(where[s], where[e - 1] + 1) for s, e in self._spans(mapped)]
        out, last = [], 0
        for start, end in spans:
            out.append(text[last:start])
            out.append(MASK)
            last = end
        out.append(text[last:])
        return "".join(out)

    def redact_data(self, value: Any, order: Callable[[str], str] | None = None,
                    opaque: Callable[[str], str | None] | None = None) -> Any:
        """Every string inside nested lists and dicts (a GraphQL or JSON answer).

        With `opaque` (what an encoded string says, e.g. the slug inside a GraphQL global
        id, or None), an encoded string whose text names a confidential organization is
        masked whole: base64 hides the name from the scan, not from a caller who decodes it.

        With `order` (a keyed sort key, `network.public.shuffle_key`), the items of a list
        that redaction changed trade places among themselves in the order it gives: a list
        sorted by ids that name shelters ("subgrant-casa-…") would otherwise keep their
        alphabetical order, and with it which masked item is which shelter.

        >>> r = Redactor(["Casa Alianza", "Casa Mercedes"])
        >>> r.redact_data(["a", "Casa Alianza (CMX)", "b", "Casa Mercedes (NLE)"],
        ...               order=lambda t: "2" if "Alianza" in t else "1")
        ['a', '[confidential] (NLE)', 'b', '[confidential] (CMX)']
        >>> r.redact_data({"id": "T3JnOmNhc2EtYWxpYW56YQ==", "n": "Casa"},
        ...               opaque=lambda t: "casa-alianza" if t.startswith("T3Jn") else None)
        {'id': '[confidential]', 'n': 'Casa'}
        >>> r.redact_data("T3JnOmNhc2EtYWxpYW56YQ==")  # read plainly, base64 names nobody
        'T3JnOmNhc2EtYWxpYW56YQ=='
        """
        if self._automaton is None:
            return value  # nothing to mask: every string, so every list, stays as it is
        # Each string's outcome (its opaque reading included) is kept with the redactor,
        # as `redact` keeps its scans: a public answer of 268 values was walked in 0.45 ms,
        # most of it in the per-string calls.
        done = self._done_data.get(opaque)
        if done is None:
            done = self._done_data.setdefault(opaque, {})

        def text(value: str) -> str:
            out = done.get(value)
            if out is None:
                inner = opaque(value) if opaque is not None else None
                if inner is None:
                    out = self.redact(value)
                else:
                    out = value if self.redact(inner) == inner else MASK
                if len(done) < _REMEMBER:
                    done[value] = out
            return out

        # The walk gives back the very object it was given when nothing inside changed, and
        # a copy otherwise: an item of a list changed when it is not the item it was (a
        # string: not equal to it; enum values are strings, and the remembered outcome of
        # a text may be another enum's equal value). Most of a public answer names nobody,
        # and comparing each rebuilt dict with the original (as this did) was most of a
        # network answer's redaction.
        def walk(value: Any) -> Any:
            kind = type(value)
            if kind is str:
                return text(value)
            if kind is dict:
                return walk_dict(value)
            if kind is list:
                return walk_list(value)
            if isinstance(value, str):  # a subclass: redacted as its text
                return text(value)
            if isinstance(value, dict):
                return walk_dict(value)
            if isinstance(value, list):
                return walk_list(value)
            return value

        def walk_dict(value: dict[Any, Any]) -> dict[Any, Any]:
            out: dict[Any, Any] | None = None
            for k, v in value.items():
                w = done.get(v) if type(v) is str else None
                if w is None:
                    w = walk(v)
                if w is v or (isinstance(w, str) and w == v):
                    continue
                if out is None:
                    out = dict(value)
                out[k] = w
            return value if out is None else out

        def walk_list(value: list[Any]) -> list[Any]:
            out = [walk(v) for v in value]
            changed = [i for i, (a, b) in enumerate(zip(value, out, strict=True))
                       if a is not b and (not isinstance(b, str) or a != b)]
            if not changed:
                return value
            if order is not None and len(changed) > 1:
                moved = sorted(changed, key=lambda i: order(
                    json.dumps(value[i], sort_keys=True, ensure_ascii=False, default=str)))
                for slot, i in zip(changed, [out[i] for i in moved], strict=True):
                    out[slot] = i
            return out

        return walk(value)


def confidential_terms(G: nx.Graph) -> set[str]:
    """Names, name variants, acronyms, ids and cities of every confidential organization.

    A city is left out when it is also the name of a state the organization works in
    ("Mexico City"): public answers may say which state a shelter serves.
    """
    states = G.graph.get("states", {})
    terms: set[str] = set()
    for _, data in G.nodes(data=True):
        org = data["org"]
        if not org.confidential:
            continue
        terms |= name_variants(org.name)
        terms.add(org.id)
        if org.acronym:
            terms.add(org.acronym)
        if org.city:
            state_names = {fold(n) for s in org.states if s in states
                           for n in (states[s].name_es, states[s].name_en)}
            if fold(org.city) not in state_names:
                terms.add(org.city)
    return terms


def redactor_for(G: nx.Graph) -> Redactor:
    """The graph's redactor, rebuilt when the projection changes."""
    return at_version(G, _KEY, lambda: Redactor(confidential_terms(G)))
