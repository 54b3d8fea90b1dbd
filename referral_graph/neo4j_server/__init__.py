"""Install, configure, start and stop the Neo4j server that the project manages itself."""

from referral_graph.neo4j_server.process import (
    AlreadyRunning,
    ServerError,
    Status,
    read_password,
    start,
    status,
    stop,
)

__all__ = ["AlreadyRunning", "ServerError", "Status", "read_password", "start", "status", "stop"]
