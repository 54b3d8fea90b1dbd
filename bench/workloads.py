"""The benchmark's workloads: GraphQL requests a user of the directory sends, with variables
drawn from the data set being measured (deterministic for a seed)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from http_load import Request

PROVIDERS = """query($s: ServiceId!, $st: StateCode!) { providers(service: $s, state: $st) {
  message noneInState providers { organization { id: slug name kindLabel } reach why
  sources { id: slug passage } } alternatives { organization { id: slug name } state
  distance } } }"""

# The same question a page at a time, as a caller on a weak connection asks it (the web
# app's first page): the answer costs what its 20 providers cost, not the hundreds at 100k.
PAGE = 20
PROVIDERS_PAGE = f"""query($s: ServiceId!, $st: StateCode!) {{ providers(service: $s, state: $st) {{
  message noneInState providersConnection(first: {PAGE}) {{ totalCount pageInfo {{ hasNextPage
  endCursor }} edges {{ node {{ organization {{ id: slug name kindLabel }} reach why
  sources {{ id: slug passage }} }} }} }} alternatives {{ organization {{ id: slug name }} state
  distance }} }} }}"""
PAGED = "providers, a page of"

SEARCH = """query($q: String!, $st: StateCode) { organizations(query: $q, state: $st, first: 20) {
  totalCount edges { node { id: slug name kind states { code } } } } }"""

# "A collaboration's members, their states and capabilities": the nested query compared
# with the peer (the same fields exist in its schema over our labels).
NESTED = """query($c: ID!) { collaboration(id: $c) { id: slug name members { role organization {
  id: slug name states { code } capabilities { id: slug basis service { id: slug } } } } } }"""

NETWORK = """query($o: ID!) { network(around: $o, depth: 2) { nodes { id label kind }
  edges { source target kinds strength } } }"""

PLAN = """query($o: ID!, $n: [ServiceId!]!, $st: StateCode!) { referralPlan(origin: $o, needs: $n,
  state: $st) { plans { rank handoffs steps { providerName needs cold } } unmet { need } } }"""

GAPS = """{ coverageReport { summary cells { state service status providerIds } } }"""

# The "README mix": the reads a caseworker's session sends, interleaved (providers,
# search, the nested query, the network, a plan), measured with MIX_CLIENTS clients.
MIX = "read mix"
MIX_CLIENTS = 20

MUTATION = """mutation($i: ReferralInput!) { recordReferral(input: $i) { ok referralId
  errors { field message } } }"""


@dataclass(frozen=True, slots=True)
class Sample:
    """What the workloads draw their variables from (read from the service once)."""

    services: list[str]
    states: list[str]
    collaborations: list[str]
    orgs: list[tuple[str, str, str]]  # id, state, a word of its name (public organizations)


@dataclass(frozen=True, slots=True)
class Workload:
    name: str
    make: Callable[[int], Request]
    mutates: bool = False
    peer: bool = False  # the peer answers it too (compared, then measured side by side)
    auth: bool = False  # needs the staff token


def _body(query: str, variables: dict[str, Any] | None = None) -> Request:
    return "/graphql", {"query": query, "variables": variables or {}}


def workloads(s: Sample, seed: int = 7) -> list[Workload]:
    rng = random.Random(seed)
    pairs = [(sv, st) for sv in s.services for st in s.states]
    rng.shuffle(pairs)
    orgs = list(s.orgs)
    rng.shuffle(orgs)
    words = sorted({w for _, _, w in orgs})
    collabs = list(s.collaborations)

    def providers(i: int) -> Request:
        sv, st = pairs[i % len(pairs)]
        return _body(PROVIDERS, {"s": sv, "st": st})

    def providers_page(i: int) -> Request:
        sv, st = pairs[i % len(pairs)]
        return _body(PROVIDERS_PAGE, {"s": sv, "st": st})

    def search(i: int) -> Request:
        st = s.states[i % len(s.states)] if i % 2 else None
        return _body(SEARCH, {"q": words[i % len(words)], "st": st})

    def nested(i: int) -> Request:
        return _body(NESTED, {"c": collabs[i % len(collabs)]})

    def network(i: int) -> Request:
        return _body(NETWORK, {"o": orgs[i % len(orgs)][0]})

    def plan(i: int) -> Request:
        oid, st, _ = orgs[i % len(orgs)]
        r = random.Random(i)
        return _body(PLAN, {"o": oid, "n": r.sample(s.services, 2), "st": st})

    def gaps(_: int) -> Request:
        return _body(GAPS)

    today = dt.date.today().isoformat()

    def mutation(i: int) -> Request:
        a, b = orgs[i % len(orgs)], orgs[(i * 7 + 1) % len(orgs)]
        if a[0] == b[0]:
            b = orgs[(i + 1) % len(orgs)]
        return _body(MUTATION, {"i": {"fromOrganization": a[0], "toOrganization": b[0],
                                      "needs": [s.services[i % len(s.services)]],
                                      "date": today, "outcome": "accepted"}})

    reads = (providers, search, nested, network, plan)

    def mix(i: int) -> Request:
        return reads[i % len(reads)](i // len(reads))

    return [
        Workload("providers(service, state)", providers, peer=True),
        Workload(f"{PAGED} {PAGE}", providers_page, peer=True),
        Workload("search organizations", search),
        Workload("nested collaboration", nested, peer=True),
        Workload("network around org, depth 2", network),
        Workload("referral plan, 2 needs", plan),
        Workload("full gap report", gaps),
        Workload(f"{MIX} (5 reads)", mix),
        Workload("mutation recordReferral", mutation, mutates=True, auth=True),
    ]


SAMPLE_QUERY = """{ serviceTypes { id: slug } states { code } collaborations { id: slug }
  organizations(first: 100) { edges { node { id: slug name states { code } } } } }"""


def sample_from(answer: dict[str, Any], extra_orgs: list[dict[str, Any]]) -> Sample:
    """A Sample from the answer to SAMPLE_QUERY plus more organizations (public ones)."""
    data = answer["data"]
    nodes = [e["node"] for e in data["organizations"]["edges"]] + extra_orgs
    orgs = []
    for n in nodes:
        states = [st["code"] for st in n["states"]]
        words = [w for w in n["name"].split() if len(w) > 4 and w.isalpha()]
        if states and words:
            orgs.append((n["id"], states[0], words[0].lower()))
    return Sample(services=[t["id"] for t in data["serviceTypes"]],
                  states=[st["code"] for st in data["states"]],
                  collaborations=[c["id"] for c in data["collaborations"]],
                  orgs=sorted(set(orgs)))
