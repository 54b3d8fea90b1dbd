"""Per-request context: who is calling, in which language, and the shared stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
from fastapi import Request
from graphql import GraphQLError
from strawberry.fastapi import BaseContext

from referral_graph.api.answer_middleware import note_of
from referral_graph.api.callers import request_caller
from referral_graph.api.graphql.loaders import Loaders
from referral_graph.api.graphql.router import RequestRefused
from referral_graph.api.messages import BAD_TOKEN
from referral_graph.api.ratelimit import HeavyLimiter
from referral_graph.auth.tokens import Caller, Role
from referral_graph.directory.lang import Lang, from_accept_language
from referral_graph.edits.errors import EditRejected
from referral_graph.edits.guard import KEY_FIELD, check_key
from referral_graph.network.projection import Projection
from referral_graph.network.snapshot import Snapshot
from referral_graph.store.driver import Database


@dataclass
class Context(BaseContext):
    caller: Caller
    db: Database
    projection: Projection
    lang: Lang = Lang.ES
    max_age_days: int = 365  # evidence older than this on an answer's date basis is flagged
    idempotency_key: str | None = None  # the request's Idempotency-Key header
    # Errors to add to the response beside the data (a CONFLICT also in a payload).
    extra_errors: list[GraphQLError] = field(default_factory=list)
    client: str = "unknown"  # the caller's address: what the rate limit counts by
    heavy: HeavyLimiter | None = None
    _loaders: list[Loaders] = field(default_factory=list)
    _mutations: list[int] = field(default_factory=lambda: [0])

    @cached_property
    def snapshot(self) -> Snapshot:
        """The projection this request reads, from its first use to its end."""
        return self.projection.current()

    def spend(self) -> None:
        """A costly public field is asked for: count it against the caller's rate (staff
        and up are not limited). Raises RateLimited over the rate."""
        if self.heavy is not None and not self.caller.can(Role.STAFF):
            self.heavy.spend(self.client)
            note = note_of(self.request.scope) if self.request is not None else None
            if note is not None:
                note.spends += 1  # a kept answer counts it again (api/answer_middleware.py)

    @property
    def graph(self) -> nx.Graph:
        return self.snapshot.graph

    def next_mutation(self) -> int:
        """1, 2, ...: tells apart the mutations of one request sharing one key."""
        self._mutations[0] += 1
        return self._mutations[0]

    @cached_property
    def see_confidential(self) -> bool:
        return self.caller.can(Role.STAFF)

    @property
    def loaders(self) -> Loaders:
        # Built on first use, inside the event loop the DataLoaders batch on.
        if not self._loaders:
            snap = self.projection.peek()  # never loads it for this
            version = None if snap is None else (snap.epoch, snap.version,
                                                 self.projection.writes)
            self._loaders.append(Loaders(self.db, see_confidential=self.see_confidential,
                                         version=version, projection=self._loaded_graph))
        return self._loaders[0]

    def _loaded_graph(self) -> nx.Graph | None:
        """The request's projection when one is loaded (never loads it for a loader)."""
        return self.graph if self.projection.peek() is not None else None


def context_getter(request: Request) -> Context:
    """Who is calling. A database outage here propagates as DatabaseUnavailable, which the
    app answers like any other outage (503, code DATABASE_UNAVAILABLE)."""
    app = request.app
    db: Database = app.state.database()
    note = note_of(request.scope)
    caller = (note.caller if note is not None and note.caller is not None
              else request_caller(request))
    if caller is None:
        raise RequestRefused(401, BAD_TOKEN, code="UNAUTHENTICATED", field="Authorization",
                             headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    key = request.headers.get(KEY_FIELD)
    try:
        check_key(key)
    except EditRejected as e:
        raise RequestRefused(400, f"{KEY_FIELD}: {e.errors[0].message}",
                             field=KEY_FIELD) from None
    return Context(caller=caller, db=db, projection=app.state.projection(),
                   lang=from_accept_language(request.headers.get("accept-language")),
                   max_age_days=app.state.settings.max_evidence_age_days,
                   idempotency_key=key,
                   client=request.client.host if request.client else "unknown",
                   heavy=app.state.heavy_limiter)
