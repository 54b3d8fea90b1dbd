"""Who is asking: the caller a request's token names, at the data version the app stands at.

The version lets a token verified before be taken without a lookup (`auth.verified`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from starlette.requests import Request

from referral_graph.auth.tokens import Caller, caller_for


def known_version(state: Any) -> Hashable | None:
    """What a verified token is kept by: the data's epoch and the change number after
    which the app knows of no revoked token, once its projection is loaded."""
    snap = state.loaded_snapshot()
    return None if snap is None else (snap.epoch, snap.tokens_since)


def request_caller(request: Request) -> Caller | None:
    """`caller_for` the request's Authorization header; None for a bad or revoked token."""
    state = request.app.state
    return caller_for(state.database(), request.headers.get("authorization"),
                      at=known_version(state))
