"""The coverage-gap report: every state × service cell classified, with per-state detail.

>>> import networkx as nx
>>> from referral_graph.network.model import OrgNode, Provision, StateInfo
>>> G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca")}, collaborations={})
>>> G.add_node("a", org=OrgNode("a", "Casa A", "shelter", "civil_society", frozenset({"MX-OAX"})),
...            provisions=[Provision("a-shelter", "a", "shelter", "stated")])
>>> r = coverage_report(G, services=["shelter", "legal_aid"])
>>> r.cell("MX-OAX", "legal_aid").status.value, r.cell("MX-OAX", "shelter").providers
('gap', ('a',))
>>> r.summary[0].en
'1 state has no provider of legal aid recorded'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

import networkx as nx

from referral_graph import i18n
from referral_graph.gaps.cache import StructureCache, fingerprint
from referral_graph.gaps.centrality import Numbered, kernels
from referral_graph.gaps.classify import (
    CellFacts,
    Names,
    Reason,
    Status,
    classify,
)
from referral_graph.gaps.coverage import (
    CoverageIndex,
    collaboration_members,
    index_coverage,
    state_collaborations,
    state_ties,
)
from referral_graph.gaps.cut_tree import cut_off
from referral_graph.gaps.model import Broker as Broker  # re-exported: older imports
from referral_graph.gaps.model import (
    Cell,
    CollaborationRef,
    CoverageReport,
    ReportDiff,
    StateDetail,
    StateStructure,
    StatusChange,
    SummaryLine,
    display_name,
)
from referral_graph.gaps.parallel import cpus, fork_map
from referral_graph.gaps.scope import Scope
from referral_graph.gaps.structure import analyze_structure
from referral_graph.network.model import CollaborationInfo
from referral_graph.network.snapshot import derived, raw_nodes
from referral_graph.reference import names as reference

SERVICE_IDS: tuple[str, ...] = reference.service_ids()  # the taxonomy's order (seeds/reference)

DISCLAIMER = Reason("scope", i18n.text("gaps.reasons", "scope", "en"),
                    i18n.text("gaps.reasons", "scope", "es"))

_CACHE_KEY = "gaps_structure_cache"  # derived entry of the graph, keyed by content


# --- building ------------------------------------------------------------------------------


def _namer(G: nx.Graph) -> Callable[[str], str]:
    def name(oid: str) -> str:
        return display_name(G.nodes[oid]["org"]) if oid in G else oid
    return name


def _names(G: nx.Graph) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    # Reference names (seeds/reference) for graphs whose context carries ids only, such as
    # synthetic networks; names recorded in the graph always win.
    states = dict(reference.state_names())
    for code, info in G.graph.get("states", {}).items():
        if info.name_es != code or code not in states:
            states[code] = (info.name_es, info.name_en)
    services = dict(reference.service_names())
    for sid, info in G.graph.get("services", {}).items():
        if info.name_es != sid or sid not in services:
            services[sid] = (info.name_es, info.name_en)
    return states, services


def _cache(G: nx.Graph) -> StructureCache:
    # Keyed by content, so it survives projection refreshes safely; one per graph.
    cache: StructureCache = derived(G).setdefault(_CACHE_KEY, StructureCache)
    return cache


def _law_notes(status: str, date: dt.date | None, as_of: dt.date | None) -> tuple[Reason, ...]:
    if as_of is None or date is None or date <= as_of:
        return ()
    from referral_graph.directory.lang import Lang, long_date

    # The status and dates in the reader's words ("Ley integral", "6 de noviembre de 2008").
    said = {lang.value: i18n.text("gaps.reasons", "law_after_date", lang.value,
                                  status=i18n.text("law", status, lang.value).lower(),
                                  date=long_date(date, lang), as_of=long_date(as_of, lang))
            for lang in (Lang.EN, Lang.ES)}
    return (Reason("law_after_date", said["en"], said["es"]),)


def _last_recorded(G: nx.Graph, service: str, state: str, scope: Scope
                   ) -> tuple[tuple[str, dt.date], ...]:
    """The providers of a gap cell whose records ended before the report's date (the same
    rule as the directory's and the planner's "last record")."""
    from referral_graph.referrals.eligibility import ended_providers

    assert scope.as_of is not None
    return tuple((e.org.id, e.ended) for e in ended_providers(
        G, service, state, scope.as_of, include_confidential=True,
        exclude=frozenset(scope.without)))


def _last_reason(last: tuple[tuple[str, dt.date], ...], names: Names) -> Reason:
    from referral_graph.directory.lang import Lang, last_record

    def text(lang: Lang) -> str:
        return last_record(((names.org(o), d) for o, d in last), lang)

    return Reason("last_record", text(Lang.EN), text(Lang.ES), tuple(o for o, _ in last))


Key = tuple[int, ...]
PARALLEL_MIN_ORGS = 20_000  # below this many organizations in the states, forking costs more


def _state_network(G: nx.Graph, state: str, index: CoverageIndex, scope: Scope
                   ) -> tuple[list[CollaborationInfo], frozenset[str], dict[str, set[str]]]:
    """The state's collaborations, their members in scope, and the state's network."""
    collabs = state_collaborations(G, state, scope)
    roots = collaboration_members(G, collabs, scope)
    return collabs, roots, state_ties(G, index.states[state].orgs | roots, scope)


def _workers(workers: int | None, index: CoverageIndex, states: Sequence[str]) -> int:
    if workers is not None:
        return max(1, workers)
    size = sum(len(index.states[s].orgs) for s in states)
    return cpus() if size >= PARALLEL_MIN_ORGS else 1


Network = tuple[Key, frozenset[str], dict[str, set[str]]]  # fingerprint, roots, ties


def _network(G: nx.Graph, state: str, index: CoverageIndex, scope: Scope, seed: int
             ) -> Network:
    _, roots, ties = _state_network(G, state, index, scope)
    return fingerprint(ties, roots, seed), roots, ties


def _analysis(G: nx.Graph, state: str, index: CoverageIndex, scope: Scope, seed: int,
              known: Mapping[str, Network]) -> tuple[Key, StateStructure]:
    """The fingerprint of the state's network (from ``known`` when there), and its analysis.

    Pure and takes no lock, so it may run in a forked worker (see ``parallel.fork_map``).
    """
    key, roots, ties = known.get(state) or _network(G, state, index, scope, seed)
    return key, analyze_structure(Numbered.of_ties(ties), roots, seed=seed)


def _structures(G: nx.Graph, states: Sequence[str], index: CoverageIndex, scope: Scope,
                seed: int, cache: StructureCache, workers: int
                ) -> Iterator[tuple[str, StateStructure]]:
    """Each state's structure, as it comes: from ``cache`` when the state's network is
    unchanged, else analysed; ``cache`` is updated.

    Only the states ``cache`` holds something for are looked up first (none, on a first
    report). The others are analysed by up to ``workers`` forked processes, which start at
    once; the cached states come first, while the workers analyse. The states are independent
    and each analysis is seeded: the structures are the same for any number of workers; only
    the order they come in differs.
    """
    held = cache.keys()
    found: list[tuple[str, StateStructure]] = []
    changed: dict[str, Network] = {}
    for state in (s for s in states if held.get(s)):
        changed[state] = network = _network(G, state, index, scope, seed)
        st = cache.get(state, network[0])
        if st is not None:
            found.append((state, st))
            del changed[state]
    done = {s for s, _ in found}
    todo = sorted((s for s in states if s not in done),
                  key=lambda s: (-len(index.states[s].orgs), s))  # slowest first
    if todo:
        kernels()  # imported here, once, rather than in each forked worker
    analysed = fork_map(lambda s: _analysis(G, s, index, scope, seed, changed), todo,
                        workers=workers)
    yield from found
    for state, (key, st) in analysed:
        cache.put(state, key, st)
        yield state, st


def _analyze_state(G: nx.Graph, state: str, services: Sequence[str], index: CoverageIndex,
                   scope: Scope, names: Names, st: StateStructure
                   ) -> tuple[dict[tuple[str, str], Cell], StateDetail, set[str]]:
    """Every cell of the state, and its detail, from its structure ``st``; and the
    organizations they name."""
    cov = index.states[state]
    collabs = state_collaborations(G, state, scope)
    roots = collaboration_members(G, collabs, scope)
    named: set[str] = {v for comp in st.components for v in comp}
    cells: dict[tuple[str, str], Cell] = {}
    for svc in services:
        local = cov.local.get(svc, [])
        local_ids = {p.organization for p in local}
        national = [p for p in index.national.get(svc, ()) if p.organization not in local_ids]
        national_ids = {p.organization for p in national}
        providers = local_ids | national_ids
        named |= national_ids
        linked = providers & st.core
        separators, bridges, anchor = cut_off(st, linked)
        facts = CellFacts(
            state, svc, frozenset(providers), frozenset(local_ids),
            frozenset(p.organization for p in (*local, *national) if p.basis == "stated"),
            frozenset(linked), separators, bridges, anchor if linked else st.anchor,
        )
        status, flags, reasons = classify(facts, names)
        last: tuple[tuple[str, dt.date], ...] = ()
        if status == Status.GAP and scope.as_of is not None:
            last = _last_recorded(G, svc, state, scope)
            if last:
                reasons = (*reasons, _last_reason(last, names))
                named |= {oid for oid, _ in last}
        cells[(state, svc)] = Cell(
            state, svc, status, flags,
            (*sorted(local_ids), *sorted(national_ids)), tuple(sorted(national_ids)),
            tuple(sorted(linked)), separators, bridges, facts.anchor, reasons,
            tuple(local) + tuple(national), last,
        )
    info = G.graph.get("states", {}).get(state)
    law_status = info.law_status if info else "not_stated"
    law_date = info.law_date if info else None
    detail = StateDetail(
        state=state, law_status=law_status, law_date=law_date,
        collaborations=tuple(CollaborationRef(c.id, c.name, c.kind, c.level,
                                              len(c.members & roots))
                             for c in collabs),
        orgs=st.orgs, ties=st.ties, anchor=st.anchor, core=len(st.core),
        components=st.components, articulation_points=st.articulation_points,
        bridges=st.bridges, brokers=st.brokers, betweenness_samples=st.betweenness_samples,
        isolated=st.isolated, communities=st.communities, community_method=st.community_method,
        notes=_law_notes(law_status, law_date, scope.as_of),
    )
    return cells, detail, named


def _ordered_services(G: nx.Graph) -> tuple[str, ...]:
    known = G.graph.get("services") or {}
    extra = sorted(s for s in known if s not in SERVICE_IDS)
    return SERVICE_IDS + tuple(extra)


def _summary_text(status: Status, n: int, svc_es: str, svc_en: str) -> tuple[str, str]:
    """The summary line of ``status`` over ``n`` states, in English and Spanish."""
    return (i18n.plural("gaps.summary", status.value, n, "en", service=svc_en),
            i18n.plural("gaps.summary", status.value, n, "es", service=svc_es))


def summarize(cells: Mapping[tuple[str, str], Cell], states: Sequence[str],
              services: Sequence[str], names: Names) -> tuple[SummaryLine, ...]:
    """One line per (status, service) that affects at least one state, worst first."""
    lines = []
    for status in (Status.GAP, Status.DISCONNECTED, Status.SINGLE_POINT, Status.THIN):
        for svc in services:
            hit = tuple(s for s in states if cells[(s, svc)].status == status)
            if hit:
                en, es = _summary_text(status, len(hit), names.service(svc, "es"),
                                       names.service(svc, "en"))
                lines.append(SummaryLine(status, svc, hit, en, es))
    lines.sort(key=lambda ln: (ln.status.severity, -len(ln.states), services.index(ln.service)))
    return tuple(lines)


def coverage_report(G: nx.Graph, states: Iterable[str] | None = None,
                    services: Iterable[str] | None = None, without: Iterable[str] = (),
                    as_of: dt.date | None = None, *, seed: int = 0,
                    workers: int | None = None) -> CoverageReport:
    """Classify every state × service cell of the projection ``G``.

    ``without`` recomputes as if those organizations had closed; ``as_of`` keeps only the
    organizations, provisions, collaborations and ties active on that date (None: every
    record, whatever its dates). ``seed`` fixes community detection and sampled betweenness.

    Each state's network is analysed once and cached by content: a later report (a what-if,
    a refresh) analyses again only the states whose network changed. The states to analyse
    are shared among ``workers`` forked processes (None: every CPU when the states hold
    ``PARALLEL_MIN_ORGS`` organizations or more, else one); the report is the same for any
    number.
    """
    state_names, service_names = _names(G)
    state_list = tuple(states) if states is not None else tuple(
        sorted(G.graph.get("states") or reference.state_names()))
    service_list = tuple(services) if services is not None else _ordered_services(G)
    scope = Scope(frozenset(without), as_of)
    names = Names(state_names, service_names, _namer(G))
    index = index_coverage(G, scope, state_list)
    cells: dict[tuple[str, str], Cell] = {}
    details: dict[str, StateDetail] = {}
    named: set[str] = set()
    # Each state's cells are classified here while the workers analyse the next states.
    for state, st in _structures(G, state_list, index, scope, seed, _cache(G),
                                 _workers(workers, index, state_list)):
        state_cells, details[state], seen = _analyze_state(G, state, service_list, index, scope,
                                                           names, st)
        cells.update(state_cells)
        named |= seen
    cells = {(s, v): cells[(s, v)] for s in state_list for v in service_list}
    details = {s: details[s] for s in state_list}
    named |= {o for o in scope.without if o in G}  # named in what-if titles too
    node = raw_nodes(G)  # NodeView's look-up costs more than the rest of this loop
    orgs = {oid: node[oid]["org"] for oid in named}
    return CoverageReport(
        states=state_list, services=service_list, cells=cells, details=details,
        summary=summarize(cells, state_list, service_list, names),
        without=tuple(sorted(scope.without)), as_of=as_of,
        state_names=state_names, service_names=service_names, orgs=orgs,
        synthetic=any(o.synthetic for o in orgs.values()), seed=seed,
    )


def refresh_state(report: CoverageReport, G: nx.Graph, state: str) -> CoverageReport:
    """The report with one state recomputed from ``G``, e.g. after an edit in that state.

    Same closures, date and seed as ``report``; the other states are kept as they were.
    """
    scope = Scope(frozenset(report.without), report.as_of)
    names = Names(report.state_names, report.service_names, _namer(G))
    index = index_coverage(G, scope, [state])
    ((_, st),) = _structures(G, [state], index, scope, report.seed, _cache(G), workers=1)
    state_cells, detail, named = _analyze_state(G, state, report.services, index, scope, names,
                                                st)
    cells = {**report.cells, **state_cells}
    orgs = {**report.orgs, **{oid: G.nodes[oid]["org"] for oid in named}}
    states = report.states if state in report.states else (*report.states, state)
    return replace(report, states=states, cells=cells, details={**report.details, state: detail},
                   summary=summarize(cells, states, report.services, report.names()),
                   orgs=orgs)


def diff_reports(before: CoverageReport, after: CoverageReport) -> ReportDiff:
    """Cells whose status changed between two reports (cells in both only).

    ``new_gaps`` became ``gap``; ``closed_gaps`` were ``gap`` and are no longer.
    """
    changed = tuple(
        StatusChange(s, svc, b.status, a.status, a.reasons, b.providers, a.providers)
        for (s, svc), b in before.cells.items()
        if (a := after.cells.get((s, svc))) is not None and a.status != b.status
    )
    return ReportDiff(
        new_gaps=tuple(c for c in changed if c.after == Status.GAP),
        closed_gaps=tuple(c for c in changed if c.before == Status.GAP),
        changed=changed,
    )
