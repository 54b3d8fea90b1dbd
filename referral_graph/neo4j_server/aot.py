"""An ahead-of-time cache for the Neo4j JVM, so a restarted Neo4j serves at once.

Why: after a crash, a just-started Neo4j spends its first seconds loading and linking
thousands of classes of its Cypher planner and running them interpreted, so the first
queries of a recovering service wait seconds each (the fault test measured 4.6–8.9 s from
Neo4j's first answer to the first write accepted). JDK 25's AOT cache (JEP 483 class
loading and linking, JEP 515 method profiles) keeps that work from an earlier run.

How, in three steps that never slow a start or a stop:

1. A start with no cache *records*: ``-XX:AOTMode=record`` writes, when the JVM exits
   normally, which classes it loaded and how its methods ran (a small configuration file
   in the server's run directory). A run killed by a signal writes nothing; the next one
   records again.
2. After a normal stop, one low-priority background JVM *creates* the cache from that
   configuration (tens of seconds of CPU, once per machine, Neo4j version and JDK),
   into a temporary file renamed into place, so two servers never see half a cache.
3. Every later start *uses* it (``-XX:AOTCache``). A cache that does not fit (another
   classpath, another JDK build, other JVM options) is ignored by the JVM with a warning,
   never an error, and is named after all three so that a new one is made; it is created
   with the start's own options, which the JVM checks.

Measured on the 2-core machine at a load average of 9–11, cold starts of the same store,
the same ten write-path statements planned after the first answer: start 8.9–16.6 s with
the cache against 14.5–22.3 s without; first answer 1.5–2.6 s against 4.4–6.3 s; the ten
statements 3.8–7.3 s against 6.4–8.9 s.

Older JDKs (the 5.26 line runs on 17–21) get no flags: AOT caches need JDK 25.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from referral_graph.neo4j_server.java import Jdk

MIN_JDK = 25  # JEP 483 (24) with method profiles (JEP 515, 25)
CONFIG = "neo4j.aotconf"  # what a recording run writes at its exit
RECIPE = "aot-create.json"  # how to create the cache from it (written at start)


def _jdk_build(jdk: Jdk) -> str:
    """The JDK's full version (a cache fits one build only)."""
    release = jdk.home / "release"
    if release.exists():
        for line in release.read_text(errors="replace").splitlines():
            if line.startswith("JAVA_RUNTIME_VERSION=") or line.startswith("JAVA_VERSION="):
                return line.split("=", 1)[1].strip().strip('"')
    return str(jdk.major)


def cache_file(lib: Path, jdk: Jdk, classpath: str, options: Sequence[str] = ()) -> Path:
    """Where the cache for this Neo4j, JDK build, classpath and JVM options lives (beside
    the jars).

    >>> cache_file(Path("/c/neo4j/2026.08.1/lib"), Jdk(Path("/no/jdk"), 25), "/c/lib/*").name
    'jvm-25-655ee640.aot'
    """
    shape = "\n".join([_jdk_build(jdk), classpath, *options])
    key = hashlib.sha256(shape.encode()).hexdigest()[:8]
    return lib.parent / f"jvm-{_jdk_build(jdk)}-{key}.aot"


def flags(jdk: Jdk, cache: Path, run_dir: Path, classpath: str,
          options: Sequence[str] = ()) -> list[str]:
    """The JVM options of one start: use the cache, or record for one.

    ``options`` are the start's other JVM options: the cache is created with them too.
    Why: a cache made without `--enable-native-access=ALL-UNNAMED`, which Neo4j's starts
    pass, is refused in part at every start ("Mismatched values for property
    jdk.module.enable.native.access ... Disabling optimized module handling"). Measured in
    the kill test (writes accepted again after Neo4j answered, quiet machine): 2.30–2.47 s
    with the cache so refused, 1.19–2.86 s (median 2.0 s over eight runs) with it whole.

    A recording start also leaves in `run_dir` the recipe `create_after_stop` follows.
    """
    if jdk.major < MIN_JDK:
        return []
    config = run_dir / CONFIG
    config.unlink(missing_ok=True)
    if cache.exists():
        (run_dir / RECIPE).unlink(missing_ok=True)
        # The JVM warns (once, in the console log) when it cannot use the cache; quieter
        # than that would hide why a start is slow.
        return [f"-XX:AOTCache={cache}"]
    recipe = {"java": str(jdk.java), "classpath": classpath, "cache": str(cache),
              "config": str(config), "options": list(options)}
    (run_dir / RECIPE).write_text(json.dumps(recipe))
    return ["-XX:AOTMode=record", f"-XX:AOTConfiguration={config}"]


def create_after_stop(run_dir: Path) -> subprocess.Popen[bytes] | None:
    """After a recording run stopped normally: create the cache in the background.

    Returns the creating process (detached, lowest priority), or None when there is
    nothing to do (no recording, the JVM was killed, or the cache exists).
    """
    recipe_file, config = run_dir / RECIPE, run_dir / CONFIG
    if not recipe_file.exists() or not config.exists():
        return None
    recipe = json.loads(recipe_file.read_text())
    recipe_file.unlink()
    cache = Path(recipe["cache"])
    if cache.exists():
        config.unlink(missing_ok=True)
        return None
    # The configuration moves aside so that the next start of this server records anew
    # without racing the creation; the temporary name keeps half a cache invisible.
    kept = config.with_name(f"{CONFIG}.{os.getpid()}")
    config.rename(kept)
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.part")
    script = ('java=$1 config=$2 part=$3 classpath=$4 cache=$5; shift 5; '
              '"$java" "$@" -XX:AOTMode=create -XX:AOTConfiguration="$config" '
              '-XX:AOTCache="$part" -cp "$classpath" -Xlog:disable -Xlog:all=off '
              '>/dev/null 2>&1 && mv -f "$part" "$cache"; rm -f "$config" "$part"')
    return subprocess.Popen(
        ["nice", "-n", "19", "sh", "-c", script, "aot-create", recipe["java"], str(kept),
         str(partial), recipe["classpath"], str(cache), *recipe.get("options", [])],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
