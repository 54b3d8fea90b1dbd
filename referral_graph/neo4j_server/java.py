"""Find the JDKs on this machine and pick one that runs a pinned Neo4j line."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from referral_graph.neo4j_server.versions import LINES, Neo4jLine


class NoSuitableJava(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class Jdk:
    home: Path
    major: int

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


def java_major(java: Path) -> int | None:
    """The major version `java -version` reports, or None when it does not run."""
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except OSError:
        return None
    m = _VERSION.search(out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def candidate_homes() -> list[Path]:
    homes: list[Path] = []
    for var in ("REFERRAL_GRAPH_JAVA_HOME", "JAVA_HOME"):
        if os.environ.get(var):
            homes.append(Path(os.environ[var]))
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        homes.extend(sorted(p for p in jvm.iterdir() if p.is_dir() and not p.is_symlink()))
    seen: set[Path] = set()
    unique = []
    for h in homes:
        r = h.resolve()
        if r not in seen and (r / "bin" / "java").exists():
            seen.add(r)
            unique.append(r)
    return unique


def installed_jdks() -> list[Jdk]:
    jdks = []
    for home in candidate_homes():
        major = java_major(home / "bin" / "java")
        if major is not None:
            jdks.append(Jdk(home, major))
    return jdks


def choose(jdks: list[Jdk] | None = None) -> tuple[Neo4jLine, Jdk]:
    """The newest Neo4j line that some JDK here runs, with the newest such JDK.

    Set REFERRAL_GRAPH_JAVA_HOME to force one JDK.
    """
    jdks = installed_jdks() if jdks is None else jdks
    for line in LINES:
        fits = [j for j in jdks if line.min_java <= j.major <= line.max_java]
        if fits:
            return line, max(fits, key=lambda j: j.major)
    found = ", ".join(f"{j.home} (Java {j.major})" for j in jdks) or "none"
    needs = "; ".join(f"Neo4j {ln.version} needs Java {ln.min_java}-{ln.max_java}" for ln in LINES)
    raise NoSuitableJava(f"No JDK here runs a pinned Neo4j. Found: {found}. {needs}.")
