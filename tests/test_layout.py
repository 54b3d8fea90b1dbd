"""The layout docs/structure.md describes: one spelling per role, no module that only
forwards another's names."""

from __future__ import annotations

import ast
from pathlib import Path

import referral_graph

ROOT = Path(referral_graph.__file__).parent
# Retired spellings of a role (docs/structure.md): model.py holds types, service.py what
# callers use.
RETIRED = {"models.py": "model.py", "records.py": "model.py", "reads.py": "service.py"}


def test_one_spelling_per_role() -> None:
    found = [f"{p.relative_to(ROOT)} (say {RETIRED[p.name]})" for p in ROOT.rglob("*.py")
             if p.name in RETIRED]
    assert not found, found


def test_no_module_only_forwards_another() -> None:
    # A module whose whole body is `from x import *` is an old name kept alive: callers
    # should import x.
    shims = []
    for p in ROOT.rglob("*.py"):
        body = [n for n in ast.parse(p.read_text(encoding="utf-8")).body
                if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        if body and all(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
                        for n in body):
            shims.append(str(p.relative_to(ROOT)))
    assert not shims, shims


def _dataclass_fields() -> list[tuple[str, set[str]]]:
    out = []
    for p in ROOT.rglob("*.py"):
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(n, ast.ClassDef) and any("dataclass" in ast.unparse(d)
                                                   for d in n.decorator_list):
                names = {s.target.id for s in n.body
                         if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
                if len(names) >= 5:
                    out.append((f"{p.relative_to(ROOT)}:{n.name}", names))
    return out


def test_no_two_dataclasses_hold_the_same_record() -> None:
    # directory.documented.AgreementRecord was directory.model.Agreement again (10 of 11
    # fields): one type per record, its fields the union of what callers need.
    found = _dataclass_fields()
    twins = [(a, b) for i, (a, fa) in enumerate(found) for b, fb in found[i + 1:]
             if len(fa & fb) >= 0.8 * max(len(fa), len(fb))]
    assert not twins, twins
