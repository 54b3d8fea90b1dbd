"""`referral-graph backup FILE`: the whole graph in one versioned, checksummed file.

Neo4j Community has no online backup, so this exports every node, relationship and
property — the directory, the audit trail, API tokens' hashes, idempotency keys, the change
log, the schema's migration records — while the service keeps running.

The file is gzip-compressed JSON Lines: a header (format, version, when, the data version
it holds), one line per node, one per relationship, and a trailer with the counts and the
SHA-256 of every line before it. A restore checks all of it before writing anything.

Consistency without stopping writers: every write takes a change number first
(`store.changes`); the export reads the number before and after, and starts again if it
moved (a write landed in between). After `ATTEMPTS` - 1 such tries (writes never pause),
the last one holds the writers' lock while it reads: writes wait for it instead.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from referral_graph import __version__
from referral_graph.store import backup_cypher as q
from referral_graph.store import changes
from referral_graph.store.driver import Database

FORMAT = "referral-graph-backup"
FORMAT_VERSION = 1
ATTEMPTS = 5

# valueType() names → the short names the file uses (restore rebuilds them in Cypher).
_TEMPORAL = {"DATE": "date", "ZONED DATETIME": "datetime", "LOCAL DATETIME": "localdatetime",
             "ZONED TIME": "time", "LOCAL TIME": "localtime", "DURATION": "duration"}


class BackupError(RuntimeError):
    """The backup could not be made, or a file is not a whole, unaltered backup."""


@dataclass(frozen=True, slots=True)
class Summary:
    path: Path
    nodes: int
    relationships: int
    data_version: int
    epoch: str | None
    bytes: int
    attempts: int = 1

    def describe(self) -> str:
        return (f"{self.path}: {self.nodes} nodes, {self.relationships} relationships, "
                f"data version {self.data_version}, {self.bytes / 1e6:.1f} MB")


def temporal_type(value_type: str) -> str:
    """The file's name for a Cypher value type.

    >>> temporal_type("ZONED DATETIME NOT NULL"), temporal_type("LIST<DATE NOT NULL> NOT NULL")
    ('datetime', 'list:date')
    """
    listed = value_type.startswith("LIST<")
    inner = value_type[5:] if listed else value_type
    for name, short in _TEMPORAL.items():
        if inner.startswith(name):
            return f"list:{short}" if listed else short
    raise BackupError(f"unsupported temporal type {value_type}")


def _entry(props: dict[str, Any], temporal: list[dict[str, Any]], where: str
           ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Plain properties (JSON as they are) and temporal ones (as Cypher strings)."""
    typed = [{"k": t["k"], "t": temporal_type(t["t"]), "v": t["v"]} for t in temporal]
    skip = {t["k"] for t in typed}
    plain = {k: v for k, v in props.items() if k not in skip}
    for k, v in plain.items():
        for item in v if isinstance(v, list) else [v]:
            if not isinstance(item, str | int | float | bool):
                raise BackupError(f"{where}: property {k!r} holds a {type(item).__name__}, "
                                  "which this backup format does not carry")
    return plain, typed


class _Writer:
    """Lines into a gzip file, hashed as written."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._gz = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0)
        self.sha = hashlib.sha256()

    def line(self, obj: dict[str, Any]) -> None:
        data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        self.sha.update(data)
        self._gz.write(data)

    def close(self) -> None:
        self._gz.close()


def _export(db: Database, out: _Writer, locked: bool) -> tuple[int, int, int | None]:
    """Nodes, relationships, and the change number the exported data holds."""
    keys: dict[str, int] = {}
    version: list[int] = []
    runs: list[str] = []

    def once(name: str) -> None:
        # A transaction retried by the driver layer would write its lines twice.
        if name in runs:
            raise _Moved()
        runs.append(name)

    def nodes(tx: Any) -> None:
        once("nodes")
        for row in tx.run(q.ALL_NODES, temporal=q.TEMPORAL):
            key = keys.setdefault(row["id"], len(keys))
            plain, typed = _entry(row["props"], row["temporal"], f"node {row['labels']}")
            if "DataVersion" in row["labels"]:
                version.append(int(plain.get("value") or 0))
            out.line({"node": key, "labels": sorted(row["labels"]), "props": plain,
                      "temporal": typed})

    def relationships(tx: Any) -> int:
        once("relationships")
        n = 0
        for row in tx.run(q.ALL_RELATIONSHIPS, temporal=q.TEMPORAL):
            if row["a"] not in keys or row["b"] not in keys:
                raise _Moved()  # a node created after the nodes were read
            plain, typed = _entry(row["props"], row["temporal"], f"relationship {row['type']}")
            out.line({"rel": row["type"], "from": keys[row["a"]], "to": keys[row["b"]],
                      "props": plain, "temporal": typed})
            n += 1
        return n

    if locked:
        def both(tx: Any) -> int:
            tx.run(q.LOCK_WRITERS).consume()
            nodes(tx)
            return relationships(tx)

        n_rels = db.write_tx(both, timeout=None)
    else:
        db.read_tx(nodes, timeout=None)
        n_rels = db.read_tx(relationships, timeout=None)
    return len(keys), n_rels, version[0] if version else None


class _Moved(Exception):
    """The data changed while it was read: start again."""


def backup(db: Database, path: Path) -> Summary:
    """Write the whole graph to ``path`` (replaced only once the new file is complete)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    for attempt in range(1, ATTEMPTS + 1):
        start = changes.head(db)
        if start.restoring:
            raise BackupError("a restore is writing the database; back it up when it is done")
        with open(tmp, "wb") as raw:
            out = _Writer(raw)
            out.line({"format": FORMAT, "version": FORMAT_VERSION,
                      "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                      "service_version": __version__,
                      "data_version": {"value": start.value, "epoch": start.epoch}})
            try:
                n_nodes, n_rels, held = _export(db, out, locked=attempt == ATTEMPTS)
            except _Moved:
                out.close()
                continue
            moved = attempt < ATTEMPTS and changes.head(db) != start
            out.line({"end": True, "nodes": n_nodes, "relationships": n_rels,
                      "sha256": out.sha.hexdigest()})
            out.close()
            raw.flush()
            os.fsync(raw.fileno())
        if not moved:
            os.replace(tmp, path)
            return Summary(path, n_nodes, n_rels, start.value if held is None else held,
                           start.epoch, path.stat().st_size, attempt)
    tmp.unlink(missing_ok=True)
    raise BackupError(f"the data kept changing during {ATTEMPTS} attempts; try again when "
                      "fewer edits are being made")


# --- reading a backup ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Header:
    created_at: str
    data_version: int
    epoch: str | None
    nodes: int
    relationships: int


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        with gzip.open(path, "rb") as f:
            yield from enumerate(f, start=1)
    except (OSError, EOFError) as e:  # not gzip, or cut short
        raise BackupError(f"{path}: not a complete backup file ({e})") from None


def verify(path: Path) -> Header:
    """Check a backup file from end to end; raise BackupError naming what is wrong."""
    sha = hashlib.sha256()
    header: dict[str, Any] | None = None
    trailer: dict[str, Any] | None = None
    nodes = rels = 0
    for number, data in _lines(path):
        if trailer is not None:
            raise BackupError(f"{path}: line {number}: data after the end of the backup")
        try:
            obj = json.loads(data)
        except ValueError:
            raise BackupError(f"{path}: line {number}: not JSON; the file is damaged") from None
        if not isinstance(obj, dict):
            raise BackupError(f"{path}: line {number}: not a backup record")
        if number == 1:
            if obj.get("format") != FORMAT:
                raise BackupError(f"{path}: not a referral-graph backup")
            if obj.get("version") != FORMAT_VERSION:
                raise BackupError(f"{path}: backup format version {obj.get('version')}; this "
                                  f"version of referral-graph reads version {FORMAT_VERSION}")
            header = obj
        elif obj.get("end"):
            trailer = obj
            continue
        elif "node" in obj:
            nodes += 1
        elif "rel" in obj:
            rels += 1
        else:
            raise BackupError(f"{path}: line {number}: not a node or a relationship")
        sha.update(data)
    if header is None or trailer is None:
        raise BackupError(f"{path}: the backup is incomplete (no end record)")
    if trailer.get("sha256") != sha.hexdigest():
        raise BackupError(f"{path}: checksum mismatch; the file was altered or damaged")
    if (trailer.get("nodes"), trailer.get("relationships")) != (nodes, rels):
        raise BackupError(f"{path}: holds {nodes} nodes and {rels} relationships, its end "
                          f"record says {trailer.get('nodes')} and {trailer.get('relationships')}")
    version = header.get("data_version") or {}
    return Header(str(header.get("created_at")), int(version.get("value") or 0),
                  version.get("epoch"), nodes, rels)


def records(path: Path) -> Iterator[dict[str, Any]]:
    """The node and relationship records of a verified backup, in file order."""
    for number, data in _lines(path):
        if number == 1:
            continue
        obj = json.loads(data)
        if not obj.get("end"):
            yield obj
