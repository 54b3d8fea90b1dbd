"""One Mutation type per domain; `schema` merges them into the root Mutation."""

from __future__ import annotations
