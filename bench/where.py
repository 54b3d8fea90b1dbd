"""`organizations(where:, sort:)` evaluated on the projection: time per question.

    python bench/where.py [--sizes 1000,10000,100000] [--repeat 5]

For synthetic networks (`network.synthetic.synthetic_network`), prints the median time of
`directory.where.select` for a few filters, as staff (the private graph) and as a public
caller (the public view, built once and then taken from its cache as the service does),
and the number selected. Figures are printed, never asserted: they depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from referral_graph.directory import where as w
from referral_graph.network.public import public_view, set_key
from referral_graph.network.synthetic import synthetic_network

FILTERS: dict[str, tuple[w.Where | None, list[w.Sort]]] = {
    "kind eq": (w.Where(kind=w.Choice(eq="ngo")), []),
    "name contains": (w.Where(name=w.Text(contains="org 0001")), []),
    "state in + service some": (w.Where(
        state=w.Choice(in_=("MX-OAX", "MX-PUE")),
        services=w.Related(some=w.ServiceWhere(id=w.Choice(eq="legal_aid")))), []),
    "OR + NOT": (w.Where(any_of=(w.Where(national=w.Choice(eq=True)),
                                 w.Where(none_of=w.Where(state=w.Choice(eq="MX-CMX"))))), []),
    "sort only (name DESC)": (None, [w.Sort("name", descending=True)]),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for n in (int(s) for s in args.sizes.split(",")):
        G = synthetic_network(n, seed=7)
        set_key(G, b"k" * 32)
        public_view(G)  # built once per projection version by the service too
        print(f"\n{n:,} organizations")
        for name, (where, sort) in FILTERS.items():
            for who, see in (("staff", True), ("public", False)):
                times, found = [], 0
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    found = len(w.select(G, see_confidential=see, where=where, sort=sort))
                    times.append(time.perf_counter() - start)
                print(f"  {name:26} {who:6} {statistics.median(times) * 1000:9.1f} ms"
                      f"  {found:7,} selected")


if __name__ == "__main__":
    main()
