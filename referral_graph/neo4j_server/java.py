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
    if os.environ.get("JAVA_HOME"):
        homes.append(Path(os.environ["JAVA_HOME"]))
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


def forced_jdk(home: Path) -> Jdk:
    """The JDK at ``home`` (REFERRAL_GRAPH_JAVA_HOME), or an error naming the variable."""
    major = java_major(home / "bin" / "java")
    if major is None:
        raise NoSuitableJava(f"REFERRAL_GRAPH_JAVA_HOME: {home} holds no bin/java that runs")
    return Jdk(home.resolve(), major)


def choose(jdks: list[Jdk] | None = None, *, forced: Path | None = None
           ) -> tuple[Neo4jLine, Jdk]:
    """The newest Neo4j line that some JDK here runs, with the newest such JDK.

    ``forced`` (REFERRAL_GRAPH_JAVA_HOME) is the only JDK considered, whatever else is
    installed: the newest line it runs, or an error if it runs none.
    """
    if forced is not None:
        jdks = [forced_jdk(forced)]
    elif jdks is None:
        jdks = installed_jdks()
    for line in LINES:
        fits = [j for j in jdks if line.min_java <= j.major <= line.max_java]
        if fits:
            return line, max(fits, key=lambda j: j.major)
    found = ", ".join(f"{j.home} (Java {j.major})" for j in jdks) or "none"
    needs = "; ".join(f"Neo4j {ln.version} needs Java {ln.min_java}-{ln.max_java}" for ln in LINES)
    where = "REFERRAL_GRAPH_JAVA_HOME: " if forced is not None else ""
    raise NoSuitableJava(f"{where}No JDK here runs a pinned Neo4j. Found: {found}. {needs}.")
