"""The synthetic national network: deterministic, valid for the importer, labelled synthetic."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from referral_graph.dataset.load import DataSetError, load_dataset
from referral_graph.synth.write import synthesize

N = 1000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "net"
    synthesize(N, 7, out)
    return out


def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*.yaml"))}


def test_same_seed_same_files_other_seed_other_files(synthetic: Path, tmp_path: Path) -> None:
    synthesize(N, 7, tmp_path / "again")
    synthesize(N, 8, tmp_path / "other")
    assert _files(tmp_path / "again") == _files(synthetic)
    assert _files(tmp_path / "other") != _files(synthetic)


def test_passes_the_import_validator(synthetic: Path) -> None:
    ds = load_dataset(synthetic)  # raises DataSetError on any bad row or reference
    assert ds.synthetic and ds.name == f"synthetic-{N}-seed-7"
    counts = {kind: len(rows) for kind, rows in ds.rows.items()}
    assert counts["organizations"] == N
    assert counts["states"] == 32 and counts["service_types"] == 15  # the real reference set
    for kind in ("capabilities", "collaborations", "agreements", "activities", "referrals"):
        assert counts[kind] > 0, kind


def test_every_generated_record_is_labelled_synthetic(synthetic: Path) -> None:
    ds = load_dataset(synthetic)
    own = [row for rows in ds.rows.values() for row in rows if row.dataset == ds.name]
    assert own and all(row.record.synthetic for row in own)
    cited = {s for row in own for s in getattr(row.record, "sources", [])}
    sources = {r.id: r for r in ds.records("sources")}
    assert cited and all("not real data" in sources[s].document for s in cited)


def test_shape_of_a_national_network(synthetic: Path) -> None:
    ds = load_dataset(synthetic)
    orgs = ds.records("organizations")
    per_state = Counter(s for o in orgs for s in o.states)
    assert len(per_state) == 32
    assert per_state["MX-MEX"] > 5 * per_state["MX-COL"]  # skewed like the population
    shelters = [o for o in orgs if o.kind == "shelter"]
    assert len(shelters) > N * 0.05 and all(o.confidential for o in shelters)
    kinds = {c.kind for c in ds.records("collaborations")}
    assert kinds == {"task_force", "network"}
    assert {s for c in ds.records("collaborations") for s in c.states} == set(per_state)


def test_deliberate_gaps_have_no_provider(synthetic: Path) -> None:
    ds = load_dataset(synthetic)
    org_states = {o.id: set(o.states) for o in ds.records("organizations")}
    national = {o.id for o in ds.records("organizations") if o.national}
    cells = {(st, c.service) for c in ds.records("capabilities") if c.organization not in national
             for st in (c.covers or org_states[c.organization])}
    local = {c.service for c in ds.records("capabilities") if not c.national}
    empty = {(st, sv) for st in {s for v in org_states.values() for s in v} for sv in local
             if (st, sv) not in cells}
    assert len(empty) >= 10  # a gap report has something to find


def test_no_contact_details_or_people(synthetic: Path) -> None:
    text = "\n".join(b.decode() for name, b in _files(synthetic).items()
                     if not name.startswith("reference/"))
    digits = re.sub(r"\d{4}-\d\d-\d\d|syn-[a-z]+\d+", "", text)  # dates and ids aside
    assert not re.search(r"\+?\d[\d ()-]{8,}\d", digits)  # nothing phone-like
    assert not re.search(r"(?i)\b(calle|avenida|col\.|c\.p\.|tel[eé]fono|email|@)", text)
    assert '"city"' not in text


def test_bad_row_is_named(synthetic: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "bad"
    shutil.copytree(synthetic, copy)
    path = copy / "referrals.yaml"
    lines = path.read_text().splitlines()
    lines[5] = lines[5].replace('"outcome": "', '"outcome": "rumour-')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataSetError) as info:
        load_dataset(copy)
    (problem,) = info.value.problems
    assert problem.file.endswith("referrals.yaml") and problem.line == 6
    assert problem.row == 4 and problem.field == "outcome"
