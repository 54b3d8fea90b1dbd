"""The docstring examples run as tests (`--doctest-modules` in pyproject.toml, over the
package); this keeps them from going quiet: turning the option off, or deleting a module's
examples, would otherwise pass unnoticed."""

from __future__ import annotations

import doctest
import importlib
import tomllib

from referral_graph.config import REPO_ROOT

# The pure algorithms and text helpers: each documents itself with at least one example.
DOCUMENTED = [
    "referral_graph.text",
    "referral_graph.network.weights",
    "referral_graph.network.redact",
    "referral_graph.network.public",
    "referral_graph.network.reach",
    "referral_graph.network.synthetic",
    "referral_graph.referrals.planner",
    "referral_graph.gaps.classify",
    "referral_graph.gaps.structure",
    "referral_graph.gaps.scope",
    "referral_graph.gaps.centrality",
    "referral_graph.network.snapshot",
    "referral_graph.store.values",
    "referral_graph.reference.names",
    "referral_graph.i18n",
    "referral_graph.templating",
    "referral_graph.gaps.report",
    "referral_graph.gaps.parallel",
    "referral_graph.gaps.changes",
    "referral_graph.directory.providers",
    "referral_graph.directory.network",
    "referral_graph.directory.lang",
    "referral_graph.edits.validate",
]


def test_pytest_runs_the_package_doctests() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    options = config["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "referral_graph" in options["testpaths"]


def test_algorithm_modules_keep_their_examples() -> None:
    finder = doctest.DocTestFinder()
    for name in DOCUMENTED:
        examples = sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        assert examples > 0, f"{name} lost its docstring examples"
