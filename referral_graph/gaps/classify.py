"""Classify one state × service cell from plain facts, with the reasons in English and Spanish.

A status is a claim about the data set, never about the world: "no provider recorded" means
the data set records none, not that none exists. The statuses, most severe first:

- ``gap``: no provider recorded.
- ``disconnected``: providers are recorded, but none is tied to the state's network (its
  task forces and networks, or its largest connected part).
- ``single_point``: one provider only, or one organization (or one tie) whose closure would
  cut every provider off from the state's network.
- ``thin``: providers exist only by legal mandate (no source states that any gives the
  service), or only national providers, none operating in or covering the state.
- ``covered``: none of the above.

A cell keeps every condition that holds (``flags``); its ``status`` is the most severe.

>>> names = Names({"MX-OAX": ("Oaxaca", "Oaxaca")},
...               {"legal_aid": ("Asesoría jurídica", "Legal aid")})
>>> status, flags, reasons = classify(CellFacts("MX-OAX", "legal_aid"), names)
>>> status, reasons[0].en
(<Status.GAP: 'gap'>, 'No provider of legal aid recorded in Oaxaca.')
>>> reasons[0].es
'No hay registro de ningún proveedor de asesoría jurídica en Oaxaca.'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from referral_graph import i18n


class Status(StrEnum):
    GAP = "gap"
    DISCONNECTED = "disconnected"
    SINGLE_POINT = "single_point"
    THIN = "thin"
    COVERED = "covered"

    @property
    def severity(self) -> int:
        """0 for the most severe (``gap``), 4 for ``covered``."""
        return _ORDER.index(self)


_ORDER = (Status.GAP, Status.DISCONNECTED, Status.SINGLE_POINT, Status.THIN, Status.COVERED)
STATUSES: tuple[Status, ...] = _ORDER


class Anchor(StrEnum):
    """What "the state's network" means for a cell: where referral paths start."""

    COLLABORATIONS = "collaborations"  # the state's task forces and networks
    NETWORK = "network"  # no collaboration recorded: the state's largest connected part
    NONE = "none"  # the state has no ties at all


@dataclass(frozen=True, slots=True)
class Reason:
    """One short sentence, in both languages, naming the organizations it is about."""

    code: str
    en: str
    es: str
    orgs: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True, slots=True)
class Names:
    """Display names: states and services as (es, en), organizations by id."""

    states: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    services: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    org: Callable[[str], str] = str

    def state(self, code: str, lang: str) -> str:
        es, en = self.states.get(code, (code, code))
        return es if lang == "es" else en

    def service(self, sid: str, lang: str) -> str:
        """Service name for use inside a sentence: "legal aid", "asesoría jurídica"."""
        es, en = self.services.get(sid, (sid, sid))
        return _lower_first(es if lang == "es" else en)


@dataclass(frozen=True, slots=True)
class CellFacts:
    """What the data set says about one cell; every field is a set of organization ids.

    providers: every provider recorded for the cell (local or national reach).
    local:     providers that operate in the state or whose provision covers it.
    stated:    providers with at least one provision stated by a source (not only mandate).
    linked:    providers tied (by a path of recorded ties) to the state's network.
    separators / bridges: organizations and ties whose closure would cut every linked
               provider off from the anchor (see ``structure.cut_off``).
    """

    state: str
    service: str
    providers: frozenset[str] = frozenset()
    local: frozenset[str] = frozenset()
    stated: frozenset[str] = frozenset()
    linked: frozenset[str] = frozenset()
    separators: tuple[str, ...] = ()
    bridges: tuple[tuple[str, str], ...] = ()
    anchor: Anchor = Anchor.COLLABORATIONS


MAX_NAMED = 3  # a sentence names at most this many organizations, then "and N more"


def name_list(ids: Sequence[str], names: Names, lang: str) -> str:
    """Organizations as a short list for a sentence.

    >>> name_list(["a", "b", "c", "d", "e"], Names(), "en")
    'a, b, c and 2 more'
    >>> name_list(["a", "b"], Names(), "es")
    'a y b'
    """
    shown = [names.org(i) for i in ids[:MAX_NAMED]]
    rest = len(ids) - len(shown)
    conj = f" {i18n.text('gaps.reasons', 'and', lang)} "
    if rest:
        return ", ".join(shown) + conj + i18n.text("gaps.reasons", "more", lang, n=rest)
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + conj + shown[-1]


def _lower_first(text: str) -> str:
    # "Legal aid" -> "legal aid" inside a sentence; leave acronyms ("TIP hotline") alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _anchor(anchor: Anchor, lang: str) -> str:
    return i18n.text("gaps.anchor", anchor.value, lang)


def _providers(n: int, lang: str) -> str:
    return i18n.plural("gaps.reasons", "providers", n, lang)


def _reason(code: str, orgs: Sequence[str], make: Callable[[str], str]) -> Reason:
    return Reason(code, _sentence(make("en")), _sentence(make("es")), tuple(orgs))


def _say(key: str, **params: Any) -> Callable[[str], str]:
    """The sentence ``key`` of the catalogue (group ``gaps.reasons``) in a language; each
    parameter is a value or a function of the language."""
    def make(lang: str) -> str:
        return i18n.text("gaps.reasons", key, lang, **{
            k: v(lang) if callable(v) else v for k, v in params.items()})
    return make


def _sentence(text: str) -> str:
    # Names such as "Fundación Casa Alianza, I.A.P." already end with the full stop.
    return text[:-1] if text.endswith("..") else text


def classify(facts: CellFacts, names: Names
             ) -> tuple[Status, tuple[Status, ...], tuple[Reason, ...]]:
    """Status, every flag that holds (most severe first) and one reason per flag.

    >>> names = Names({"MX-GRO": ("Guerrero", "Guerrero")}, {"rescue": ("Rescate", "Rescue")})
    >>> facts = CellFacts("MX-GRO", "rescue", providers=frozenset({"pol"}),
    ...                   local=frozenset({"pol"}), linked=frozenset({"pol"}))
    >>> status, flags, reasons = classify(facts, names)
    >>> status, [f.value for f in flags]
    (<Status.SINGLE_POINT: 'single_point'>, ['single_point', 'thin'])
    >>> reasons[0].en
    'Only one provider of rescue recorded in Guerrero: pol.'
    """
    f = facts
    service_names = {lang: names.service(f.service, lang) for lang in ("en", "es")}
    state_names = {lang: names.state(f.state, lang) for lang in ("en", "es")}
    svc, st = service_names.__getitem__, state_names.__getitem__

    def anchor(lang: str) -> str:
        return _anchor(f.anchor, lang)

    flags: list[Status] = []
    reasons: list[Reason] = []

    if not f.providers:
        reasons.append(_reason("no_provider", (), _say("no_provider", service=svc, state=st)))
        return Status.GAP, (Status.GAP,), tuple(reasons)

    providers = sorted(f.providers)
    in_state = f.providers & (f.local | f.linked)
    if in_state and not f.linked:
        flags.append(Status.DISCONNECTED)
        ids = sorted(in_state)
        reasons.append(_reason("disconnected", ids, _say(
            "disconnected", providers=lambda lang: _providers(len(ids), lang), service=svc,
            state=st, names=lambda lang: name_list(ids, names, lang), anchor=anchor)))

    single: list[Reason] = []
    if len(providers) == 1:
        single.append(_reason("one_provider", providers, _say(
            "one_provider", service=svc, state=st, org=names.org(providers[0]))))
    elif len(f.linked) == 1:
        (only,) = f.linked
        single.append(_reason("one_linked", [only], _say(
            "one_linked", service=svc, org=names.org(only), anchor=anchor)))
    cut = [v for v in f.separators if not (len(f.linked) == 1 and v in f.linked)]
    if cut and f.linked:
        single.append(_reason("separator", cut, lambda lang: i18n.plural(
            "gaps.reasons", "separator", len(cut), lang, anchor=anchor(lang), service=svc(lang),
            names=name_list(cut, names, lang))))
    if f.bridges and f.linked:
        a, b = f.bridges[0]
        single.append(_reason("bridge", [a, b], _say("bridge", a=names.org(a), b=names.org(b))))
    if single:
        flags.append(Status.SINGLE_POINT)
        reasons.extend(single)

    if not f.stated & f.providers:
        flags.append(Status.THIN)
        reasons.append(_reason("mandate_only", providers, _say(
            "mandate_only", service=svc, state=st)))
    if not f.local & f.providers:
        if Status.THIN not in flags:
            flags.append(Status.THIN)
        reasons.append(_reason("national_only", providers, _say(
            "national_only", service=svc, state=st)))

    if not flags:
        n = len(providers)
        reasons.append(_reason("covered", (), _say(
            "covered", providers=lambda lang: _providers(n, lang), service=svc, state=st,
            linked=len(f.linked), anchor=anchor)))
        return Status.COVERED, (Status.COVERED,), tuple(reasons)
    flags.sort(key=lambda s: s.severity)
    return flags[0], tuple(flags), tuple(reasons)
