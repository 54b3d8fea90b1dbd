"""Fetch the Neo4j server jars with Maven, from the pom kept in the repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from referral_graph.config import REPO_ROOT
from referral_graph.neo4j_server.versions import Neo4jLine

POM = REPO_ROOT / "ops" / "neo4j" / "pom.xml"
_COMPLETE = ".complete"


class InstallFailed(RuntimeError):
    pass


def lib_dir(cache_dir: Path, line: Neo4jLine) -> Path:
    return cache_dir / "neo4j" / line.version / "lib"


def is_installed(cache_dir: Path, line: Neo4jLine) -> bool:
    return (lib_dir(cache_dir, line) / _COMPLETE).exists()


def install(cache_dir: Path, line: Neo4jLine, *, quiet: bool = True) -> Path:
    """Copy the jars of ``org.neo4j:neo4j:<version>`` and its dependencies into the cache.

    The copy lands in a temporary folder that is renamed when Maven succeeds, so an
    interrupted install never leaves a half-filled lib directory behind.
    """
    target = lib_dir(cache_dir, line)
    if is_installed(cache_dir, line):
        return target
    if shutil.which("mvn") is None:
        raise InstallFailed("Maven (mvn) is not on PATH; it fetches the Neo4j jars.")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "mvn", "-B", "-f", str(POM),
        "dependency:copy-dependencies",
        f"-Dneo4j.version={line.version}",
        f"-DoutputDirectory={partial}",
        "-DincludeScope=runtime",
    ]
    if quiet:
        cmd.insert(1, "-q")
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        raise InstallFailed(f"Maven could not fetch Neo4j {line.version}:\n{tail}")
    (partial / _COMPLETE).write_text(line.version + "\n")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target
