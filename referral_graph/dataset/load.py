"""Read a seed directory into validated records, or fail naming file, row and field.

A directory holds ``dataset.yaml`` (name, title, ``includes`` of other directories) and
one YAML file per kind of record (``organizations.yaml`` ...), each with a single
top-level key holding a list of rows.

Whatever is wrong with a file — bytes that are not UTF-8, YAML that does not parse, a date
that does not exist (``2009-02-30``) — becomes a `Problem` naming the file and line (and
row and field where there is one), never an exception from the parser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from referral_graph.dataset import model as m

KINDS: dict[str, type[m.Record]] = {
    "sources": m.Source,
    "service_types": m.ServiceType,
    "states": m.State,
    "organizations": m.Organization,
    "capabilities": m.Capability,
    "collaborations": m.Collaboration,
    "agreements": m.Agreement,
    "activities": m.Activity,
    "legislation": m.Legislation,
    "figures": m.Figure,
    "statements": m.Statement,
    "referrals": m.Referral,
}

# libyaml's parser when PyYAML was built with it: a synthetic data set of 100,000
# organizations is ~150 MB of YAML, minutes for the pure-Python parser.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, pointing at the file, row and field."""

    file: str
    row: int | None
    field: str | None
    message: str
    line: int | None = None
    row_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.row is not None:
            where += f": row {self.row}"
            if self.row_id:
                where += f" (id {self.row_id!r})"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


class DataSetError(ValueError):
    """The data set is invalid; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data set:\n{shown}{more}")


class Manifest(BaseModel):
    model_config = {"extra": "forbid"}
    name: str
    title: str
    synthetic: bool
    description: str = ""
    includes: list[str] = []


@dataclass
class Row:
    """A validated record and where it came from."""

    record: Any
    file: str
    index: int
    line: int | None
    dataset: str = ""


@dataclass
class DataSet:
    name: str
    title: str
    synthetic: bool
    directories: list[Path]
    rows: dict[str, list[Row]] = field(default_factory=lambda: {k: [] for k in KINDS})
    manifests: list[Manifest] = field(default_factory=list)
    # Ids of rows that failed validation: references to them are not reported again.
    invalid_ids: set[str] = field(default_factory=set)

    def records(self, kind: str) -> list[Any]:
        return [r.record for r in self.rows[kind]]


_Base = _LOADER  # libyaml's parser when installed


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe YAML in which dates stay text. PyYAML turns ``2009-02-30`` into a date itself
    and fails with "day is out of range" and no file or row; as text, the record models
    parse it and the error names the file, row and field like any other."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file as text, or None with a problem saying which byte is not UTF-8, where."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(Problem(_display(path), None, None,
                                f"not UTF-8 text: byte 0x{data[e.start]:02x} at line {line}, "
                                f"column {column}; save the file as UTF-8", line=line))
        return None


def _parse_yaml(text: str, name: str, problems: list[Problem]) -> tuple[bool, Any]:
    """(True, data), or (False, None) with a problem naming the line."""
    try:
        return True, yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        position = getattr(e, "position", None)
        if line is None and isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        problems.append(Problem(name, None, None, f"not valid YAML: {e}", line=line))
    except RecursionError:
        problems.append(Problem(name, None, None, "not valid YAML: nested too deeply"))
    return False, None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _row_lines(text: str, key: str) -> list[int | None]:
    """Line number of each row of the list under `key`, for error messages."""
    try:
        root = yaml.compose(text, Loader=_Loader)  # _Loader is a safe loader
    except (yaml.YAMLError, RecursionError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


def _json_rows(text: str, key: str) -> tuple[list[Any], list[int | None]] | None:
    """Rows and line numbers of a file written one JSON flow mapping per line (the form
    `referral-graph synth` writes), or None for any other layout, which YAML then reads.

    JSON is YAML's flow syntax, so both readers give the same rows; this one is ~50 times
    faster on a file of 300,000 rows.
    """
    lines = text.split("\n")
    head = f"{key}:"
    start = next((i for i, ln in enumerate(lines) if ln.rstrip() == head), None)
    if start is None or any(ln.strip() and not ln.startswith("#") for ln in lines[:start]):
        return None
    numbers: list[int | None] = []
    bodies: list[str] = []
    for number, ln in enumerate(lines[start + 1:], start=start + 2):
        if not ln.strip() or ln.startswith("#"):
            continue
        if not ln.startswith("- {"):
            return None
        bodies.append(ln[2:])
        numbers.append(number)
    try:  # one parse of the whole list: the per-row cost stays in C
        rows = json.loads("[" + ",".join(bodies) + "]", parse_constant=_not_json)
    except ValueError:
        return None
    return rows, numbers


def _not_json(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not YAML: let YAML read (and reject) it


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) if loc else ""


def _load_file(
    path: Path, kind: str, problems: list[Problem], dataset: str, invalid_ids: set[str]
) -> list[Row]:
    name = _display(path)
    text = _read_text(path, problems)
    if text is None:
        return []
    fast = _json_rows(text, kind)
    if fast:
        data: Any = {kind: fast[0]}
    else:
        ok, data = _parse_yaml(text, name, problems)
        if not ok:
            return []
    if not isinstance(data, dict) or set(data) != {kind}:
        problems.append(
            Problem(name, None, None, f"the file must hold one top-level key, {kind!r}")
        )
        return []
    items = data[kind] or []
    if not isinstance(items, list):
        problems.append(Problem(name, None, kind, "must be a list of rows"))
        return []
    lines = fast[1] if fast else _row_lines(text, kind)
    model = KINDS[kind]
    rows = []
    for i, item in enumerate(items, start=1):
        line = lines[i - 1] if i - 1 < len(lines) else None
        row_id = (item.get("id") or item.get("code")) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            problems.append(Problem(name, i, None, "a row must be a mapping", line, None))
            continue
        try:
            record = model.model_validate(item)
        except ValidationError as e:
            if row_id:
                invalid_ids.add(str(row_id))
            for err in e.errors():
                problems.append(
                    Problem(name, i, _field_path(err["loc"]) or None, err["msg"], line,
                            str(row_id) if row_id else None)
                )
            continue
        rows.append(Row(record, name, i, line, dataset))
    return rows


def _read_dir(directory: Path, ds: DataSet, problems: list[Problem], seen: set[Path]) -> None:
    directory = directory.resolve()
    if directory in seen:
        return
    seen.add(directory)
    manifest_path = directory / "dataset.yaml"
    if not manifest_path.exists():
        problems.append(Problem(_display(manifest_path), None, None, "missing dataset.yaml"))
        return
    text = _read_text(manifest_path, problems)
    if text is None:
        return
    ok, data = _parse_yaml(text, _display(manifest_path), problems)
    if not ok:
        return
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as e:
        problems.append(Problem(_display(manifest_path), None, None, f"invalid manifest: {e}"))
        return
    for inc in manifest.includes:
        _read_dir(directory / inc, ds, problems, seen)
    ds.manifests.append(manifest)
    ds.directories.append(directory)
    # The completeness check's files sit beside the records (dataset/completeness.py).
    known = {f"{k}.yaml" for k in KINDS} | {"dataset.yaml", "completeness.yaml",
                                            "not-modelled.yaml"}
    for path in sorted(directory.glob("*.y*ml")):
        if path.name not in known:
            problems.append(
                Problem(_display(path), None, None,
                        f"unknown file; expected one of {', '.join(sorted(known))}")
            )
    for kind in KINDS:
        path = directory / f"{kind}.yaml"
        if path.exists():
            ds.rows[kind].extend(_load_file(path, kind, problems, manifest.name, ds.invalid_ids))


def load_dataset(directory: Path) -> DataSet:
    """Read and validate every row of a seed directory and what it includes.

    Raises DataSetError listing every problem found (not only the first).
    """
    directory = Path(directory)
    problems: list[Problem] = []
    if not directory.is_dir():
        raise DataSetError([Problem(str(directory), None, None, "not a directory")])
    ds = DataSet(name="", title="", synthetic=False, directories=[])
    _read_dir(directory, ds, problems, set())
    if ds.manifests:
        top = ds.manifests[-1]
        ds.name, ds.title, ds.synthetic = top.name, top.title, top.synthetic
    from referral_graph.dataset.validate import cross_check

    problems.extend(cross_check(ds))
    if problems:
        raise DataSetError(problems)
    return ds
