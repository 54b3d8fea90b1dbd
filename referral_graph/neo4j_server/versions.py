"""The Neo4j lines the project can run, newest first, and the JDK each needs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Neo4jLine:
    version: str
    min_java: int
    max_java: int
    entry_point: str


# Pinned. The newest line first: the installer takes the first one a JDK on the machine runs.
# 2026.x runs on Java 21 and 25; 5.26 LTS is the fallback for a machine with only Java 17.
LINES: tuple[Neo4jLine, ...] = (
    Neo4jLine("2026.08.1", 21, 25, "org.neo4j.server.Neo4jCommunity"),
    Neo4jLine("5.26.30", 17, 21, "org.neo4j.server.CommunityEntryPoint"),
)
