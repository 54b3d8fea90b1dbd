"""Neo4j access: one driver per process, all Cypher in `cypher.py`, schema migrations."""
