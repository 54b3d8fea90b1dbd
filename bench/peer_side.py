"""The peer (`bench/peer/`): start it on the benchmark's Neo4j, ask it the same questions,
and check that both services answer the same before their speed is compared.

The peer is the Neo4j GraphQL Library (@neo4j/graphql 7 on @apollo/server 5, exact pins in
bench/peer/package.json) with type definitions over our labels. It has no notion of reach,
ranking or redaction, so the questions are put to it as filters that select the same
organizations, and answers are compared on what both return: ids, roles, states,
capabilities. Set up with `make bench-peer` (npm packages, and the APOC core plugin that
the library calls, on the Neo4j classpath through REFERRAL_GRAPH_NEO4J_PLUGINS).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from http_load import post_json
from workloads import PAGE, PAGED, Workload

from referral_graph.config import Settings
from referral_graph.neo4j_server import read_password

PEER = Path(__file__).resolve().parent / "peer"
MISSING = "run `make bench-peer` (npm packages and the APOC plugin)"

_ACTIVE = """{ OR: [{ activeFrom: { eq: null } }, { activeFrom: { lte: $today } }] },
      { OR: [{ activeTo: { eq: null } }, { activeTo: { gte: $today } }] }"""

# Ours: providers(service, state) for a public caller, as of today. The same selection as a
# filter: public, active today, with a capability of the service, active today, that
# covers the state, or names no states and belongs to an organization working there, or
# is national (itself, or of a national organization and naming no states).
PROVIDERS = f"""query($s: ID!, $st: ID!, $today: Date!) {{
  organizations(where: {{ AND: [
    {{ confidential: {{ eq: false }} }}, {_ACTIVE},
    {{ capabilities: {{ some: {{ AND: [
      {{ service: {{ some: {{ id: {{ eq: $s }} }} }} }}, {_ACTIVE},
      {{ OR: [
        {{ covers: {{ some: {{ id: {{ eq: $st }} }} }} }},
        {{ national: {{ eq: true }} }},
        {{ AND: [{{ covers: {{ none: {{}} }} }},
                 {{ organization: {{ some: {{ OR: [
                    {{ states: {{ some: {{ id: {{ eq: $st }} }} }} }},
                    {{ national: {{ eq: true }} }}] }} }} }}] }}
      ] }} ] }} }} }} ] }}) {{
    id name kind
    capabilities(where: {{ service: {{ some: {{ id: {{ eq: $s }} }} }} }}) {{
      id basis sources {{ id passage }} }} }} }}"""

# A page of them: the peer cannot rank by reach, so it pages by name; both answers must agree
# on how many there are and how many the page holds.
PROVIDERS_PAGE = PROVIDERS.replace(
    "organizations(where:", f"organizationsConnection(first: {PAGE}, sort: [{{ name: ASC }}], "
    "where:", 1).replace("    id name kind\n", "    totalCount edges { node { id name kind\n", 1
                         ) + " } }"

NESTED = """query($c: ID!) { collaborations(where: { id: { eq: $c } }) { id name
  membersConnection(where: { node: { confidential: { eq: false } } }) { edges {
    properties { role }
    node { id name states { code } capabilities { id basis service { id } } } } } } }"""


def available() -> bool:
    plugins = os.environ.get("REFERRAL_GRAPH_NEO4J_PLUGINS", "")
    return (shutil.which("node") is not None and (PEER / "node_modules").is_dir()
            and bool(plugins) and any(Path(plugins).glob("apoc-core-*.jar")))


def describe() -> str:
    deps = json.loads((PEER / "package.json").read_text())["dependencies"]
    return ", ".join(f"{k}@{v}" for k, v in deps.items())


def start(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{settings.bolt_port}",
           "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": read_password(settings) or "",
           "PORT": str(port)}
    return subprocess.Popen(["node", "server.mjs"], cwd=PEER, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def workload(w: Workload) -> Workload:
    """The peer's form of one of our workloads (the same variables, its query)."""
    today = dt.date.today().isoformat()

    def make(i: int) -> tuple[str, dict[str, Any]]:
        path, body = w.make(i)
        v = body["variables"]
        if w.name.startswith(PAGED):
            return path, {"query": PROVIDERS_PAGE, "variables": {"s": v["s"], "st": v["st"],
                                                                 "today": today}}
        if w.name.startswith("providers"):
            return path, {"query": PROVIDERS, "variables": {"s": v["s"], "st": v["st"],
                                                            "today": today}}
        return path, {"query": NESTED, "variables": {"c": v["c"]}}

    return Workload(w.name, make, peer=True)


def normalize(name: str, answer: dict[str, Any], *, ours: bool) -> Any:
    """What both services' answers to one question must agree on.

    >>> ours = {"data": {"providers": {"providers": [{"organization": {"id": "b"}},
    ...                                              {"organization": {"id": "a"}}]}}}
    >>> peer = {"data": {"organizations": [{"id": "a"}, {"id": "b"}]}}
    >>> normalize("providers", ours, ours=True) == normalize("providers", peer, ours=False)
    True
    """
    if answer.get("errors"):
        raise RuntimeError(f"{'ours' if ours else 'peer'}: {answer['errors']}")
    data = answer["data"]
    if name.startswith(PAGED):
        page = (data["providers"]["providersConnection"] if ours
                else data["organizationsConnection"])
        return page["totalCount"], len(page["edges"])
    if name.startswith("providers"):
        if ours:
            return sorted(p["organization"]["id"] for p in data["providers"]["providers"])
        return sorted(o["id"] for o in data["organizations"])

    def member(role: str | None, org: dict[str, Any]) -> tuple[Any, ...]:
        caps = sorted((c["id"], c["basis"], tuple(sorted(_ids(c["service"]))))
                      for c in org["capabilities"])
        return (org["id"], role, tuple(sorted(s["code"] for s in org["states"])), tuple(caps))

    if ours:
        c = data["collaboration"]
        return sorted(member(m["role"], m["organization"]) for m in c["members"]
                      if m["organization"] is not None)
    (c,) = data["collaborations"]
    return sorted(member(e["properties"]["role"], e["node"])
                  for e in c["membersConnection"]["edges"])


def _ids(service: Any) -> list[str]:
    items = service if isinstance(service, list) else [service]
    return [s["id"] for s in items]


def same_answers(url: str, peer_url: str, w: Workload, n: int) -> bool:
    """Ask both `n` of the workload's questions; True when every answer agrees."""
    pw = workload(w)
    for i in range(n):
        path, body = w.make(i)
        ppath, pbody = pw.make(i)
        a = normalize(w.name, post_json(url, path, body), ours=True)
        b = normalize(w.name, post_json(peer_url, ppath, pbody), ours=False)
        if a != b:
            print(f"  ! {w.name}: answers differ for {body['variables']}:\n"
                  f"    ours {str(a)[:300]}\n    peer {str(b)[:300]}")
            return False
    return True
