"""What a change does to each state's network, beyond cell statuses: organizations that
become isolated, states that lose their last broker, networks that split — and who caused it.

A pure function of two coverage reports (before and after): the per-state structure each
report already holds (components, brokers, isolated organizations). The cause is the
organizations the change closed that were in the state's network before; for a change of
date, the organizations that were in it before and are not after.

>>> from referral_graph.gaps.report import StateDetail, Broker
>>> from referral_graph.gaps.classify import Anchor
>>> def detail(components, brokers=(), isolated=()):
...     return StateDetail("MX-MOR", "comprehensive", None, (), 0, 0, Anchor.NETWORK, 0,
...                        components, (), (), brokers, None, isolated, (), "leiden")
>>> before = detail((("gov", "p", "police", "sub"),), (Broker("p", 0.8, True),))
>>> after = detail((("police", "sub"), ("gov",)), (), ("gov",))
>>> [(e.kind, e.orgs, e.causes) for e in state_effects("MX-MOR", before, after, {"p"})]
[('isolated', ('gov',), ('p',)), ('lost_broker', ('p',), ('p',)), ('split', (), ('p',))]
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from referral_graph import i18n
from referral_graph.gaps.report import CoverageReport, StateDetail

MAX_CAUSES = 3


@dataclass(frozen=True, slots=True)
class NetworkEffect:
    state: str
    kind: str  # isolated | lost_broker | split
    orgs: tuple[str, ...]  # isolated: the organizations; lost_broker: the brokers lost
    causes: tuple[str, ...]  # the organizations whose closing (or ending) caused it
    parts_before: int = 0  # split: connected parts (a lone organization is one)
    parts_after: int = 0


def _members(d: StateDetail) -> set[str]:
    return {o for comp in d.components for o in comp}


def state_effects(state: str, before: StateDetail, after: StateDetail,
                  closed: Set[str]) -> list[NetworkEffect]:
    """The network effects of one state, in a fixed order: isolated, lost broker, split."""
    was, now = _members(before), _members(after)
    causes = tuple(sorted(closed & was)) or tuple(sorted(was - now))
    causes = causes[:MAX_CAUSES]
    out: list[NetworkEffect] = []
    isolated = tuple(sorted(o for o in after.isolated if o in was and o not in before.isolated))
    if isolated:
        out.append(NetworkEffect(state, "isolated", isolated, causes))
    if before.brokers and not after.brokers:
        out.append(NetworkEffect(state, "lost_broker", tuple(b.org for b in before.brokers),
                                 causes))
    components_before = len(before.components)
    lost = sum(1 for comp in before.components if set(comp) <= (was - now))
    if len(after.components) > components_before - lost and len(after.components) > 1:
        out.append(NetworkEffect(state, "split", (), causes, components_before,
                                 len(after.components)))
    return out


def network_effects(before: CoverageReport, after: CoverageReport) -> list[NetworkEffect]:
    """Every state's network effects between two reports over the same states."""
    closed = set(after.without) - set(before.without)
    out: list[NetworkEffect] = []
    for state in after.states:
        b, a = before.details.get(state), after.details.get(state)
        if b is not None and a is not None:
            out += state_effects(state, b, a, closed)
    return out


# The words: group "gaps.effects" of the message catalogue (docs/i18n.md).
TEXT: dict[str, dict[str, str]] = {lang: i18n.group("gaps.effects", lang)
                                   for lang in ("es", "en")}


def effect_text(e: NetworkEffect, state_name: str, name: object, lang: str) -> str:
    """One sentence, e.g. "Morelos: pierde su único intermediario (PROTEJA), por el cierre de
    PROTEJA." `name` gives an organization's display name from its id."""
    T = TEXT["en" if lang == "en" else "es"]
    orgs = ", ".join(name(o) for o in e.orgs)  # type: ignore[operator]
    if e.kind == "lost_broker":
        what = T["lost_one" if len(e.orgs) == 1 else "lost_broker"].format(orgs=orgs)
    elif e.kind == "split":
        what = T["split"].format(before=max(e.parts_before, 1), after=e.parts_after)
    else:
        what = T["isolated_one" if len(e.orgs) == 1 else "isolated"].format(orgs=orgs)
    cause = (", " + T["because"].format(causes=", ".join(name(c) for c in e.causes))  # type: ignore[operator]
             if e.causes else "")
    return f"{state_name}: {what}{cause}."


def kind_label(kind: str, lang: str) -> str:
    return TEXT["en" if lang == "en" else "es"][f"kind_{kind}"]
