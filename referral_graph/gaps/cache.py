"""The per-state analyses of the gap report, kept by content: a what-if or a refresh
analyses again only the states whose network changed."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping

from referral_graph.gaps.centrality import Numbered
from referral_graph.gaps.model import StateStructure
from referral_graph.gaps.structure import analyze_structure


def fingerprint(ties: Mapping[str, Collection[str]], roots: frozenset[str],
                seed: int) -> tuple[int, ...]:
    """Identifies a state's network up to hash collisions (2^-64): same graph, same analysis."""
    # One hash per organization of its neighbour set: ~3x cheaper than a set of edge tuples.
    shape = frozenset((u, hash(frozenset(vs))) for u, vs in ties.items())
    return (len(ties), sum(map(len, ties.values())), hash(shape), hash(roots), seed)


class StructureCache:
    """The last few analyses of each state, so that a what-if or a refresh only recomputes the
    states whose network changed. Entries are keyed by content, never by version."""

    def __init__(self, per_state: int = 2) -> None:
        self._per_state = per_state
        self._entries: dict[str, OrderedDict[tuple[int, ...], StateStructure]] = {}
        self._lock = threading.Lock()

    def get(self, state: str, key: tuple[int, ...]) -> StateStructure | None:
        with self._lock:
            entries = self._entries.get(state)
            if entries is None or key not in entries:
                return None
            entries.move_to_end(key)
            return entries[key]

    def keys(self) -> dict[str, frozenset[tuple[int, ...]]]:
        """A snapshot of the keys held, by state (a state never analysed is absent)."""
        with self._lock:
            return {state: frozenset(entries) for state, entries in self._entries.items()}

    def put(self, state: str, key: tuple[int, ...], value: StateStructure) -> None:
        with self._lock:
            entries = self._entries.setdefault(state, OrderedDict())
            entries[key] = value
            while len(entries) > self._per_state:
                entries.popitem(last=False)


def state_structure(ties: Mapping[str, Collection[str]], roots: frozenset[str], state: str, *,
                    seed: int = 0, cache: StructureCache | None = None) -> StateStructure:
    """``analyze_structure`` of the state's network, from the cache when it has not changed."""
    if cache is None:
        return analyze_structure(Numbered.of_ties(ties), roots, seed=seed)
    key = fingerprint(ties, roots, seed)
    found = cache.get(state, key)
    if found is None:
        found = analyze_structure(Numbered.of_ties(ties), roots, seed=seed)
        cache.put(state, key, found)
    return found
