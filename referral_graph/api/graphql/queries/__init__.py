"""One Query type per domain; `schema` merges them into the root Query."""

from __future__ import annotations
