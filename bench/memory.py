"""RSS of the service around bursts of large requests (the issue's finding 8).

    python bench/memory.py --url http://127.0.0.1:8113 --pid PID [--bursts 3]

Each burst sends, eight at a time, what makes large answers: the gap report as HTML for
24 different dates, network exports of every state two steps deep, and nested GraphQL
reads of agreements and their parties. RSS is printed before, after each burst, and after
the service has been idle for a few seconds (when freed memory should have gone back).
Loopback only; bounded by the number of bursts.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

NESTED = ('{ organizations(first: 100) { edges { node { id agreements { subject parties '
          '{ name agreements { subject parties { name } } } } } } } }')


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _get(url: str, token: str) -> int:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return len(r.read())


def _post(url: str, token: str, query: str) -> int:
    req = urllib.request.Request(url + "/graphql", json.dumps({"query": query}).encode(),
                                 {"Content-Type": "application/json",
                                  "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return len(r.read())


def burst(url: str, token: str, states: list[str]) -> int:
    jobs = [lambda d=f"{y}-{m:02d}-01": _get(f"{url}/reports/gaps.html?as_of={d}", token)
            for y in range(2004, 2010) for m in (1, 4, 7, 10)]
    jobs += [lambda s=s: _get(f"{url}/exports/network.graphml?state={s}&depth=2", token)
             for s in states]
    jobs += [lambda: _post(url, token, NESTED)] * 4
    with ThreadPoolExecutor(8) as pool:
        return sum(pool.map(lambda job: job(), jobs))


def run(url: str, pid: int, token: str, bursts: int, idle: float) -> list[tuple[str, float]]:
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    req = urllib.request.Request(url + "/graphql", json.dumps(
        {"query": "{ states { code } }"}).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        states = [s["code"] for s in json.loads(r.read())["data"]["states"]]
    marks = [("before", rss_mb(pid))]
    for n in range(1, bursts + 1):
        size = burst(url, token, states)
        marks.append((f"after burst {n} ({size / 1e6:.0f} MB answered)", rss_mb(pid)))
        time.sleep(idle)
        marks.append((f"idle {idle:.0f} s after burst {n}", rss_mb(pid)))
    return marks


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--token", required=True, help="a staff token (reports name shelters)")
    p.add_argument("--bursts", type=int, default=3)
    p.add_argument("--idle", type=float, default=8)
    args = p.parse_args()
    for label, mb in run(args.url, args.pid, args.token, args.bursts, args.idle):
        print(f"{mb:8.0f} MiB  {label}", flush=True)


if __name__ == "__main__":
    main()
