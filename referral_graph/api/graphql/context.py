"""Per-request context: who is calling, in which language, and the shared stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
from fastapi import HTTPException, Request
from strawberry.fastapi import BaseContext

from referral_graph.api.graphql.loaders import Loaders
from referral_graph.auth.tokens import Caller, Role, caller_for
from referral_graph.directory.lang import Lang, from_accept_language
from referral_graph.network.projection import Projection
from referral_graph.store.driver import Database, DatabaseUnavailable


@dataclass
class Context(BaseContext):
    caller: Caller
    db: Database
    projection: Projection
    lang: Lang = Lang.ES
    max_age_days: int = 365  # evidence older than this on an answer's date basis is flagged
    _loaders: list[Loaders] = field(default_factory=list)

    @property
    def graph(self) -> nx.Graph:
        return self.projection.graph

    @cached_property
    def see_confidential(self) -> bool:
        return self.caller.can(Role.STAFF)

    @property
    def loaders(self) -> Loaders:
        # Built on first use, inside the event loop the DataLoaders batch on.
        if not self._loaders:
            self._loaders.append(Loaders(self.db, see_confidential=self.see_confidential))
        return self._loaders[0]


def context_getter(request: Request) -> Context:
    app = request.app
    db: Database = app.state.database()
    try:
        caller = caller_for(db, request.headers.get("authorization"))
    except DatabaseUnavailable as e:
        raise HTTPException(status_code=503, detail=str(e)) from None
    if caller is None:
        raise HTTPException(status_code=401, detail="invalid or revoked token")
    return Context(caller=caller, db=db, projection=app.state.projection(),
                   lang=from_accept_language(request.headers.get("accept-language")),
                   max_age_days=app.state.settings.max_evidence_age_days)
