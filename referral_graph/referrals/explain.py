"""The words of a referral plan, in Spanish (the default) or English.

A step says who refers to whom for which needs, through which recorded tie (or none), how the
provider reaches the state, and on what basis — quoting the passage that states it, and saying
so when the source states the service only for a group the provider belongs to. A need nobody
meets says so, names the providers recorded last when nothing is in force on the date, and,
for a public caller, says when a confidential shelter serves it and through whom to reach it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import networkx as nx

from referral_graph import i18n
from referral_graph.directory.lang import Lang, long_date
from referral_graph.network.model import OrgNode, Provision
from referral_graph.referrals.model import Hop, Reach

# The words: group "referrals.explain" of the message catalogue (docs/i18n.md).
TEXT: dict[str, dict[str, str]] = {lang: i18n.group("referrals.explain", lang)
                                   for lang in ("es", "en")}


def _t(lang: str, key: str, **kw: str) -> str:
    return TEXT["en" if lang == "en" else "es"][key].format(**kw)


def _lang(lang: str) -> Lang:
    return Lang.EN if lang == "en" else Lang.ES


def org_name(org: OrgNode) -> str:
    return f"{org.name} ({org.acronym})" if org.acronym else org.name


def state_name(G: nx.Graph, state: str, lang: str) -> str:
    info = G.graph.get("states", {}).get(state)
    if info is None:
        return state
    return info.name_en if lang == "en" else info.name_es


def need_name(G: nx.Graph, need: str, lang: str) -> str:
    """A service as a sentence names it: "asesoría jurídica", "legal aid"."""
    info = G.graph.get("services", {}).get(need)
    name = (info.name_en if lang == "en" else info.name_es) if info else need.replace("_", " ")
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def needs_text(G: nx.Graph, needs: Sequence[str], lang: str) -> str:
    return ", ".join(need_name(G, n, lang) for n in needs)


def basis_text(p: Provision, lang: str) -> str:
    """On what basis, with the passage quoted: «…»."""
    src = p.sources[0] if p.sources else None
    cite = src.cite() if src else _t(lang, "a_source")
    quote = f": «{src.passage}»" if src and src.passage else ""
    if p.basis == "mandate":
        head = _t(lang, "mandate", mandate=p.mandate or "")
        return head + (f"; {_t(lang, 'source', cite=cite)}{quote}" if src else "")
    if p.for_group:
        return _t(lang, "group", cite=cite, group=p.group or "") + quote
    return _t(lang, "stated", cite=cite) + quote


def reach_text(reach: Reach, state: str, lang: str) -> str:
    key = {Reach.OPERATES_IN: "works_in", Reach.COVERS: "covers", Reach.NATIONAL: "national",
           Reach.NEIGHBOUR: "neighbour"}[reach]
    return _t(lang, key, state=state)


def step_text(G: nx.Graph, origin: str, org: OrgNode, prov: Provision, reach: Reach,
              needs: Sequence[str], path: Sequence[Hop], cold: bool, tie: str, state: str,
              lang: str) -> str:
    """One step of a plan, e.g. "CNDH → PROTEJA para asesoría jurídica, a través de …"."""
    o = G.nodes[origin]["org"]
    what = needs_text(G, needs, lang)
    where = f"({reach_text(reach, state_name(G, state, lang), lang)}; {basis_text(prov, lang)})"
    if org.id == origin:
        return f"{org_name(o)} {_t(lang, 'itself')}: {what} {where}"
    head = f"{org_name(o)} → {org_name(org)} {_t(lang, 'for')} {what}"
    if not cold and path:
        why = "; ".join(path[0].because)
        via = _t(lang, "via_past") if tie == "ended" else _t(lang, "via")
        return f"{head}, {via} {why} {where}" if why else f"{head} {where}"
    chain = " → ".join(org_name(G.nodes[h.target]["org"]) for h in path[:-1])
    if chain:
        first = "; ".join(path[0].because)
        return (f"{head}: {_t(lang, 'cold_chain')} {chain}" + (f" ({first})" if first else "")
                + f" {where}")
    return f"{head}: {_t(lang, 'cold')} {where}"


def last_text(items: Sequence[tuple[str, str, dt.date]], lang: str) -> str:
    parts = [_t(lang, "ended", name=name, date=long_date(day, _lang(lang)))
             for _, name, day in items]
    return _t(lang, "last", items="; ".join(parts))


def unmet_text(G: nx.Graph, need: str, state: str, as_of: dt.date, lang: str, *,
               confidential: bool = False, via: Sequence[OrgNode] = (),
               last: Sequence[tuple[str, str, dt.date]] = ()) -> str:
    """Why a need is not in the plans: nobody recorded, or only a confidential shelter."""
    st, what = state_name(G, state, lang), need_name(G, need, lang)
    if confidential:
        reach = (_t(lang, "reach_via", names=", ".join(org_name(o) for o in via)) if via
                 else _t(lang, "no_via"))
        return f"{_t(lang, 'confidential', need=what, state=st)}; {reach}"
    text = _t(lang, "none", need=what, state=st, date=long_date(as_of, _lang(lang)))
    return text + (f". {last_text(last, lang)}" if last else "")


def why_near(found_nearby: bool, lang: str) -> str:
    return _t(lang, "neighbour" if found_nearby else "elsewhere", state="")


def note_text(note: str, lang: str) -> str:
    """A constraint the data cannot confirm ("languages", "populations")."""
    return _t(lang, note)
