"""What the service loads at start: no plotting library until a picture is asked for."""

from __future__ import annotations

import json
import subprocess
import sys


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\n"
         "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"],
        capture_output=True, text=True, check=True, timeout=120).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_starting_the_app_loads_no_matplotlib_nor_igraph() -> None:
    loaded = _loaded_after("from referral_graph.api.app import create_app\ncreate_app()\n"
                           "import referral_graph.cli, referral_graph.gaps.render")
    assert "matplotlib" not in loaded and "igraph" not in loaded
    # Drawing the heat map still works, loading them then.
    drawn = _loaded_after(
        "from referral_graph.gaps import coverage_report\n"
        "from referral_graph.gaps.heatmap import heatmap_bytes\n"
        "from referral_graph.network.synthetic import synthetic_network\n"
        "assert heatmap_bytes(coverage_report(synthetic_network(60, seed=1)), 'svg')"
        ".startswith(b'<?xml')")
    assert {"matplotlib", "igraph"} <= drawn
