"""Per-request context: who is calling, and the shared database and projection."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
from fastapi import HTTPException, Request
from strawberry.fastapi import BaseContext

from referral_graph.auth.tokens import Caller, caller_for
from referral_graph.network.projection import Projection
from referral_graph.store.driver import Database, DatabaseUnavailable


@dataclass
class Context(BaseContext):
    caller: Caller
    db: Database
    projection: Projection

    @property
    def graph(self) -> nx.Graph:
        return self.projection.graph


def context_getter(request: Request) -> Context:
    app = request.app
    db: Database = app.state.database()
    try:
        caller = caller_for(db, request.headers.get("authorization"))
    except DatabaseUnavailable as e:
        raise HTTPException(status_code=503, detail=str(e)) from None
    if caller is None:
        raise HTTPException(status_code=401, detail="invalid or revoked token")
    return Context(caller=caller, db=db, projection=app.state.projection())
