"""A directory answer in words: its headline, why each provider is listed, and what a public
caller may know of the confidential ones (the records are `directory.providers`')."""

from __future__ import annotations

import functools

import networkx as nx

from referral_graph import i18n
from referral_graph.directory.lang import Lang, label, last_record, long_date
from referral_graph.directory.providers import Provider, ProviderDirectory
from referral_graph.network.model import Provision, SourceRef
from referral_graph.referrals.eligibility import Ended
from referral_graph.referrals.model import Reach


def _t(lang: Lang, key: str, /, **params: object) -> str:
    # The words: group "directory.providers" of the message catalogue (docs/i18n.md).
    return i18n.text("directory.providers", key, lang, **params)


_REACH_KEY = {Reach.OPERATES_IN: "reach_operates_in", Reach.COVERS: "reach_covers",
              Reach.NATIONAL: "reach_national", Reach.NEIGHBOUR: "reach_operates_in"}


def why(p: Provider, G: nx.Graph, lang: Lang) -> str:
    """One sentence: how the provider reaches the state and on what basis.

    The reach is the planner's; the basis says whether a cited source states the service or
    it follows from the organization's legal mandate (named).
    """
    states = G.graph.get("states", {})
    info = states.get(p.state)
    place = (info.name_es if lang is Lang.ES else info.name_en) if info else p.state
    prov = p.provision
    return _why(place, lang, p.reach, p.distance, prov.basis, prov.mandate,
                prov.group if prov.for_group else _NO_GROUP, prov.sources)


_NO_GROUP = object()  # not stated for a group (a group's name may be None: "a group")


@functools.lru_cache(maxsize=8192)
def _why(place: str, lang: Lang, reach: Reach, distance: int, basis: str,
         mandate: str | None, group: object, sources: tuple[SourceRef, ...]) -> str:
    """`why` from the values it reads, kept: most providers of an answer share them (the
    state, the reach, the basis, the sources), and a directory answer at 100k lists
    hundreds (13% of its CPU made each sentence again). The catalogue does not change
    while the service runs."""
    reach_text = _t(lang, _REACH_KEY[reach], s=place)
    if distance:
        reach_text += _t(lang, "distance", n=distance)
    basis_text = label("basis", basis, lang) or basis
    if basis == "mandate" and mandate:
        basis_text += f": {mandate}"
    if group is not _NO_GROUP:
        basis_text = _group_caveat(group if isinstance(group, str) else None, lang)
    cited = "; ".join(s.cite() for s in sources)
    src = _t(lang, "source", cited=cited) if cited else ""
    return f"{reach_text}. {basis_text}.{src}"


def group_caveat(p: Provision, lang: Lang) -> str:
    """What a service stated for a group says, and does not say, of one member."""
    return _group_caveat(p.group, lang)


def _group_caveat(group: str | None, lang: Lang) -> str:
    return _t(lang, "group_caveat", group=group or _t(lang, "a_group"))


def last_record_text(ended: tuple[Ended, ...] | list[Ended], lang: Lang,
                     name: str | None = None) -> str:
    """ "Último registro: PROTEJA, terminó el 31 de marzo de 2009." """
    return last_record(((name or e.org.acronym or e.org.name, e.ended) for e in ended), lang)


def message(d: ProviderDirectory, G: nx.Graph, lang: Lang) -> str:
    """The answer's headline; an empty answer never reads like success."""
    states, services = G.graph.get("states", {}), G.graph.get("services", {})
    st, sv = states.get(d.state), services.get(d.service)
    es = lang is Lang.ES
    place = (st.name_es if es else st.name_en) if st else d.state
    what = (sv.name_es if es else sv.name_en) if sv else d.service
    hidden_local, hidden_national = d.hidden
    local = sum(p.reach in (Reach.OPERATES_IN, Reach.COVERS) for p in d.providers) + hidden_local
    national = sum(p.reach is Reach.NATIONAL for p in d.providers) + hidden_national
    hidden = hidden_local + hidden_national
    secret = _t(lang, "hidden", n=hidden) if hidden else ""
    if local:
        return (_t(lang, "local", n=local, what=what, place=place)
                + (_t(lang, "plus_national", n=national) if national else "") + f"{secret}.")
    if d.ended:
        return (_t(lang, "none_in_force", what=what, place=place, when=long_date(d.as_of, lang))
                + last_record_text(d.ended, lang))
    head = _t(lang, "none_recorded", what=what, place=place)
    if national:
        head += _t(lang, "and_national", n=national)
    head += secret
    if d.alternatives:
        head += _t(lang, "alternatives")
    return head + "."


def confidential_note(d: ProviderDirectory, lang: Lang) -> str | None:
    """What a public caller may know of hidden providers: that they exist, and a way in."""
    if d.confidential_via is None:
        return None
    text = _t(lang, "hidden_nearby" if d.confidential_nearby else "hidden_here")
    if d.confidential_via:
        text += _t(lang, "reach_through", names=", ".join(o.name for o in d.confidential_via))
    else:
        text += _t(lang, "no_intermediary")
    return text
