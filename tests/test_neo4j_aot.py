"""The Neo4j JVM's ahead-of-time cache (`neo4j_server/aot.py`): record, create, use."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from referral_graph.neo4j_server import aot
from referral_graph.neo4j_server.java import Jdk


def fake_jdk(tmp_path: Path, major: int) -> Jdk:
    """A JDK whose `java` only does what cache creation needs: write the file named by
    -XX:AOTCache (and fail if asked to create without a configuration)."""
    home = tmp_path / f"jdk{major}"
    (home / "bin").mkdir(parents=True)
    (home / "release").write_text(f'JAVA_RUNTIME_VERSION="{major}.0.1+1"\n')
    java = home / "bin" / "java"
    java.write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/../args"\n'
                    'for a; do case "$a" in\n'
                    '  -XX:AOTConfiguration=*) test -s "${a#*=}" || exit 3;;\n'
                    '  -XX:AOTCache=*) out="${a#*=}";;\nesac; done\n'
                    'echo cache > "$out"\n')
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return Jdk(home, major)


def test_a_start_records_then_a_stop_creates_then_starts_use(tmp_path: Path) -> None:
    jdk = fake_jdk(tmp_path, 25)
    lib, run = tmp_path / "neo4j" / "lib", tmp_path / "run"
    lib.mkdir(parents=True)
    run.mkdir()
    cache = aot.cache_file(lib, jdk, f"{lib}/*")
    assert cache.parent == lib.parent and "25.0.1+1" in cache.name

    first = aot.flags(jdk, cache, run, f"{lib}/*")
    assert first == ["-XX:AOTMode=record", f"-XX:AOTConfiguration={run / aot.CONFIG}"]
    assert json.loads((run / aot.RECIPE).read_text())["cache"] == str(cache)

    # Killed by a signal: the JVM wrote no configuration, so nothing is created.
    assert aot.create_after_stop(run) is None and not cache.exists()

    aot.flags(jdk, cache, run, f"{lib}/*")
    (run / aot.CONFIG).write_text("classes and profiles")  # what a normal exit leaves
    creating = aot.create_after_stop(run)
    assert creating is not None and creating.wait(30) == 0
    assert cache.read_text() == "cache\n"
    assert not list(run.iterdir()), "the recipe and the configuration are cleaned up"
    assert not list(cache.parent.glob("*.part")), "no half cache is left beside it"

    assert aot.flags(jdk, cache, run, f"{lib}/*") == [f"-XX:AOTCache={cache}"]


def test_another_jdk_build_or_classpath_gets_another_cache(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    a, b = fake_jdk(tmp_path / "a", 25), fake_jdk(tmp_path / "b", 26)
    names = {aot.cache_file(lib, a, "x/*"), aot.cache_file(lib, b, "x/*"),
             aot.cache_file(lib, a, "x/*:plugins/*")}
    assert len(names) == 3


def test_older_jdks_get_no_flags(tmp_path: Path) -> None:
    jdk = fake_jdk(tmp_path, 21)
    run = tmp_path / "run"
    run.mkdir()
    assert aot.flags(jdk, tmp_path / "c.aot", run, "lib/*") == []
    assert aot.create_after_stop(run) is None


def test_the_cache_is_created_with_the_options_it_is_used_with(tmp_path: Path) -> None:
    """A JVM refuses (in part) a cache made with other options: Neo4j's starts pass
    --enable-native-access=ALL-UNNAMED, and a cache created without it logged "Mismatched
    values for property jdk.module.enable.native.access ... Disabling optimized module
    handling" at every start."""
    jdk = fake_jdk(tmp_path, 25)
    lib, run = tmp_path / "neo4j" / "lib", tmp_path / "run"
    lib.mkdir(parents=True)
    run.mkdir()
    options = ["-Xmx512m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED"]
    cache = aot.cache_file(lib, jdk, f"{lib}/*", options)
    assert cache != aot.cache_file(lib, jdk, f"{lib}/*", options[:2]), \
        "a cache made with other options is another file"
    aot.flags(jdk, cache, run, f"{lib}/*", options)
    (run / aot.CONFIG).write_text("classes and profiles")
    creating = aot.create_after_stop(run)
    assert creating is not None and creating.wait(30) == 0
    used = (jdk.home / "args").read_text().split()
    assert used[:len(options)] == options and "-XX:AOTMode=create" in used
    assert cache.exists()
