"""The GraphQL types, one module per domain type family, each thin over the domain layer
the CLI shares."""

from __future__ import annotations
