"""Loading a seed directory: every problem is named by file, row and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from referral_graph.config import DEFAULT_SEED, SEEDS_DIR
from referral_graph.dataset.load import DataSetError, load_dataset


def copy_seed(tmp_path: Path) -> Path:
    shutil.copytree(SEEDS_DIR / "reference", tmp_path / "reference")
    shutil.copytree(DEFAULT_SEED, tmp_path / "proteja")
    return tmp_path / "proteja"


def test_proteja_seed_loads() -> None:
    ds = load_dataset(DEFAULT_SEED)
    assert ds.name == "proteja" and not ds.synthetic
    assert len(ds.records("states")) == 32
    assert ds.records("organizations")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_bad_enum_names_file_row_and_field(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "kind: shelter", "kind: hospice")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    [problem] = info.value.problems
    assert problem.file.endswith("organizations.yaml")
    assert problem.field == "kind" and problem.row is not None and problem.line is not None
    assert "'shelter'" in problem.message  # says what is allowed
    assert problem.row_id  # and which organization it is
    assert f"row {problem.row}" in str(info.value)


def test_unknown_reference_is_reported(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    text = (seed / "capabilities.yaml").read_text()
    org = next(line.split(":", 1)[1].strip() for line in text.splitlines()
               if line.strip().startswith("organization:"))
    _replace(seed / "capabilities.yaml", f"organization: {org}", "organization: no-such-org")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    assert any(p.field == "organization" and "no-such-org" in p.message
               for p in info.value.problems)


def test_missing_source_and_unknown_key(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    (seed / "agreements.yaml").write_text(
        "agreements:\n"
        "  - id: mou-x\n    kind: mou\n    subject: s\n    parties: [proteja]\n"
        "    sources: []\n"
        "  - id: mou-y\n    kind: mou\n    subject: s\n    parties: [proteja]\n"
        "    sources: [qr-nonexistent]\n    colour: blue\n"
    )
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    fields = {(p.row, p.field) for p in info.value.problems}
    assert (1, "sources") in fields
    assert (2, "colour") in fields


def test_duplicate_id_and_broken_yaml(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    _replace(seed / "organizations.yaml", "- id: usaid", "- id: proteja")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    [dup] = [p for p in info.value.problems if p.message.startswith("duplicate id")]
    assert dup.file.endswith("organizations.yaml") and dup.row == 2 and dup.row_id == "proteja"
    assert "first used in" in dup.message and "row 1" in dup.message
    (seed / "figures.yaml").write_text("figures: [\n  - broken")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    assert any("not valid YAML" in p.message for p in info.value.problems)


def test_unknown_file_is_rejected(tmp_path: Path) -> None:
    seed = copy_seed(tmp_path)
    (seed / "organisations.yaml").write_text("organisations: []\n")
    with pytest.raises(DataSetError, match="unknown file"):
        load_dataset(seed)
