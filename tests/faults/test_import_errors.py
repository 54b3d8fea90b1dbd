"""Broken seed files: each problem named by file, line, row and field (finding 4).

A date that does not exist used to stop the loader with "ValueError: day is out of range"
and no file; bytes that are not UTF-8 with a UnicodeDecodeError. Now every one is a problem
in the list the import prints, and nothing is written.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from referral_graph.config import Settings
from referral_graph.dataset.load import DataSetError, load_dataset
from referral_graph.importer.run import import_dataset
from referral_graph.store.driver import Database
from tests.faults.processes import service_env
from tests.neo4j_harness import free_port

MINI = Path(__file__).parent.parent / "fixtures" / "mini"


def broken(tmp_path: Path) -> Path:
    """The mini data set with one fault of each kind, in different files."""
    seed = tmp_path / "mini"
    shutil.copytree(MINI, seed)
    agreements = seed / "agreements.yaml"
    agreements.write_text(agreements.read_text().replace("date: 2008-06-01",
                                                         "date: 2008-06-01, ends: 2009-02-30"))
    activities = seed / "activities.yaml"
    activities.write_text(activities.read_text().replace("start: 2009-02-19",
                                                         "start: 2009-13-01"))
    with open(seed / "organizations.yaml", "ab") as f:
        f.write(b"\x00\xff")
    with open(seed / "sources.yaml", "ab") as f:
        f.write(b"  - {id: syn-nul, document: x\x00, section: y, passage: z}\n")
    return seed


def problems_by_file(e: DataSetError) -> dict[str, list]:
    out: dict[str, list] = {}
    for p in e.problems:
        out.setdefault(Path(p.file).name, []).append(p)
    return out


def test_every_broken_file_is_named_with_line_row_and_field(tmp_path: Path) -> None:
    with pytest.raises(DataSetError) as info:
        load_dataset(broken(tmp_path))
    found = problems_by_file(info.value)
    [ends] = found["agreements.yaml"]
    assert (ends.row, ends.field, ends.line) == (1, "ends", 2) and "day" in ends.message
    [start] = found["activities.yaml"]
    assert (start.row, start.field, start.line) == (1, "start", 2) and "month" in start.message
    [utf8] = found["organizations.yaml"]
    assert "not UTF-8" in utf8.message and "0xff" in utf8.message and utf8.line == 7
    [nul] = found["sources.yaml"]
    assert "not valid YAML" in nul.message and nul.line is not None


def test_a_manifest_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    seed = tmp_path / "mini"
    shutil.copytree(MINI, seed)
    (seed / "dataset.yaml").write_bytes((MINI / "dataset.yaml").read_bytes() + b"\xc3\x28\n")
    with pytest.raises(DataSetError) as info:
        load_dataset(seed)
    [p] = info.value.problems
    assert p.file.endswith("dataset.yaml") and "not UTF-8" in p.message and p.line == 5


def test_the_cli_names_them_and_writes_nothing(tmp_path: Path, empty_db: Database,
                                               neo4j_settings: Settings) -> None:
    import_dataset(empty_db, MINI)
    before = empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    env = service_env(neo4j_settings, free_port())
    run = subprocess.run([sys.executable, "-m", "referral_graph.cli", "import",
                          str(broken(tmp_path))], env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert run.returncode == 2, run.stderr[-2000:]
    err = " ".join(run.stderr.split())  # the console may wrap long lines
    assert "Traceback" not in run.stderr
    for where in ("agreements.yaml:2: row 1 (id 'syn-mou'), field 'ends'",
                  "activities.yaml:2: row 1 (id 'syn-workshop'), field 'start'",
                  "organizations.yaml:7: not UTF-8 text: byte 0xff at line 7",
                  "sources.yaml"):
        assert where in err, (where, err[:2000])
    assert "Nothing was written." in err
    assert empty_db.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == before
