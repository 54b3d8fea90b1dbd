"""Settings from the environment: parsed and checked, secrets never printed, JDK forced."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from referral_graph.config import Settings, SettingsError
from referral_graph.neo4j_server import java
from referral_graph.neo4j_server.java import Jdk, NoSuitableJava

SECRET = "s3cret-Pa55word-for-the-graph"


def test_repr_and_str_never_show_the_password() -> None:
    s = Settings.from_env({"NEO4J_URI": "bolt://db.example:7687", "NEO4J_PASSWORD": SECRET})
    for text in (repr(s), str(s), f"{s}", s.model_dump_json(), str(s.model_dump())):
        assert SECRET not in text
    assert s.neo4j_password is not None and s.neo4j_password.get_secret_value() == SECRET
    with pytest.raises(SettingsError) as bad:  # nor does an error about another variable
        Settings.from_env({"NEO4J_PASSWORD": SECRET, "REFERRAL_GRAPH_BOLT_PORT": "x"})
    assert SECRET not in str(bad.value)


def test_a_bad_value_names_its_variable() -> None:
    with pytest.raises(SettingsError, match="REFERRAL_GRAPH_BOLT_PORT"):
        Settings.from_env({"REFERRAL_GRAPH_BOLT_PORT": "seventy"})
    with pytest.raises(SettingsError, match="REFERRAL_GRAPH_PORT"):
        Settings.from_env({"REFERRAL_GRAPH_PORT": "99999"})
    with pytest.raises(SettingsError, match="REFERRAL_GRAPH_DEBUG"):
        Settings.from_env({"REFERRAL_GRAPH_DEBUG": "perhaps"})


def test_values_and_defaults(tmp_path: Path) -> None:
    s = Settings.from_env({"XDG_STATE_HOME": str(tmp_path / "st"),
                           "REFERRAL_GRAPH_CORS_ORIGINS": " https://a.example, ,https://b.example",
                           "REFERRAL_GRAPH_INTROSPECTION": "0", "REFERRAL_GRAPH_DEBUG": "yes",
                           "NEO4J_URI": "", "REFERRAL_GRAPH_NEO4J_HEAP_MB": "768"})
    assert s.state_dir == tmp_path / "st" / "referral-graph"
    assert s.neo4j_home == s.state_dir / "neo4j"
    assert s.cors_origins == ("https://a.example", "https://b.example")
    assert (s.introspection, s.debug, s.heap_mb) == (False, True, 768)
    assert s.neo4j_uri is None and not s.external_neo4j  # empty is unset
    d = Settings.from_env({})
    assert (d.bolt_port, d.http_host, d.http_port, d.introspection, d.debug) == (
        7687, "127.0.0.1", 8000, True, False)
    assert d.cors_origins == () and d.java_home is None and d.neo4j_password is None


def test_a_given_mapping_is_all_that_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://elsewhere.example:7687")
    monkeypatch.setenv("REFERRAL_GRAPH_BOLT_PORT", "7999")
    assert Settings.from_env({}).neo4j_uri is None
    assert Settings.from_env().neo4j_uri == "bolt://elsewhere.example:7687"
    assert Settings.from_env().bolt_port == 7999
    changed = Settings.from_env({}).replace(introspection=False, neo4j_password="pw")
    assert changed.introspection is False and changed.neo4j_password is not None
    assert changed.neo4j_password.get_secret_value() == "pw" and "pw" not in repr(changed)
    with pytest.raises(ValueError, match="bolt_port"):
        changed.replace(bolt_port="not a port")


def fake_jdk(root: Path, version: str) -> Path:
    """A folder that answers `bin/java -version` as that JDK would."""
    home = root / f"jdk-{version}"
    (home / "bin").mkdir(parents=True)
    java_bin = home / "bin" / "java"
    java_bin.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2025-01-21' >&2\n")
    java_bin.chmod(java_bin.stat().st_mode | stat.S_IXUSR)
    return home


def test_java_home_forces_that_jdk_even_when_a_newer_one_is_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    j21 = fake_jdk(tmp_path, "21.0.6")
    j25 = fake_jdk(tmp_path, "25.0.1")
    monkeypatch.setattr(java, "candidate_homes", lambda: [j21, j25])  # "installed"
    monkeypatch.setenv("REFERRAL_GRAPH_JAVA_HOME", str(j21))
    forced = Settings.from_env().java_home
    assert forced == j21
    line, jdk = java.choose(forced=forced)
    assert jdk.home == j21.resolve() and jdk.major == 21 and line.version.startswith("2026")
    assert java.choose()[1].home == j25.resolve()  # unforced: the newest


def test_a_forced_jdk_that_cannot_run_neo4j_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    j11 = fake_jdk(tmp_path, "11.0.2")
    newer = [Jdk(fake_jdk(tmp_path, "25.0.1"), 25)]
    with pytest.raises(NoSuitableJava, match=r"^REFERRAL_GRAPH_JAVA_HOME: .*Java 11"):
        java.choose(newer, forced=j11)
    with pytest.raises(NoSuitableJava, match=r"^REFERRAL_GRAPH_JAVA_HOME: .* no bin/java"):
        java.choose(newer, forced=tmp_path / "nothing-here")

