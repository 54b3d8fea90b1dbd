"""The FastAPI application that `make serve` runs under uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from referral_graph import __version__
from referral_graph.api import faults, operations
from referral_graph.api.answer_cache import AnswerStore
from referral_graph.api.answer_middleware import AnswerCache
from referral_graph.api.body_limit import BodyLimit
from referral_graph.api.graphql.context import context_getter
from referral_graph.api.graphql.queries.gaps import prepare_answers
from referral_graph.api.graphql.router import RequestRefused, Router, on_refused
from referral_graph.api.graphql.schema import build_schema
from referral_graph.api.memory import TrimAfterRequests, Trimmer
from referral_graph.api.ratelimit import HeavyLimiter
from referral_graph.api.reports import router as reports_router
from referral_graph.api.serving import shared_answers_file, shared_limits_file
from referral_graph.api.shared_answers import SharedAnswers
from referral_graph.auth.server_secret import load_key
from referral_graph.config import Settings
from referral_graph.directory.prepare import prepare as prepare_directory
from referral_graph.gaps.prepare import Preparer
from referral_graph.hsds.api import router as hsds_router
from referral_graph.network.projection import Projection, settle
from referral_graph.referrals.prepare import prepare as prepare_plans
from referral_graph.store.driver import Database, get_database
from referral_graph.web import routes as web_routes
from referral_graph.web.exports import router as exports_router

MAX_BODY_BYTES = 64 * 1024  # a GraphQL request, even a large one, is a few KiB


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    projection: list[Projection] = []
    preparers: list[Preparer] = []
    trimmer = Trimmer()  # gives freed memory back after traffic (api/memory.py)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        trimmer.stop()
        for p in projection:
            p.stop_following()
        for r in preparers:
            r.stop()

    app = FastAPI(
        lifespan=lifespan,
        title="referral-graph",
        version=__version__,
        docs_url=None,  # the stock docs page loads assets from a CDN; the service is offline
        redoc_url=None,
        openapi_url="/openapi.json" if settings.debug else None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.heavy_limiter = HeavyLimiter(settings.heavy_rate, shared_limits_file(settings))

    def database() -> Database:
        if app.state.db is None:
            app.state.db = get_database(settings)
        return app.state.db

    app.state.database = database

    key = load_key(settings)  # read (or made) once, at start: a bad secret fails early

    def get_projection() -> Projection:
        if not projection:
            p = Projection(database(), pseudonym_key=key)
            # Follow the database: writes by other workers and imports show within a second.
            p.start_following()
            projection.append(p)
            if settings.prepare_reports:  # today's coverage reports, once the data settles
                preparer = Preparer(p.peek, after=prepare_answers(
                    settings.max_evidence_age_days),
                    also=(prepare_directory, prepare_plans), then=settle)
                preparer.start()
                preparers.append(preparer)
        return projection[0]

    app.state.projection = get_projection
    app.state.preparers = preparers  # one once the projection is first used (gaps/prepare.py)
    # The data version answers are kept for: the projection's, once it is loaded.
    app.state.loaded_snapshot = lambda: projection[0].peek() if projection else None
    app.state.holds_own_writes = lambda: bool(projection) and projection[0].holds_own_writes()

    # Innermost: sees a body BodyLimit has let through; its hits are compressed by GZip.
    shared_file = shared_answers_file(settings)
    app.add_middleware(AnswerCache,
                       store=AnswerStore(max_bytes=settings.answer_cache_mb * 1024 * 1024),
                       shared=SharedAnswers(shared_file, settings.shared_answers_mb * 1024 * 1024)
                       if shared_file is not None else None)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "Accept-Language"])

    app.add_middleware(TrimAfterRequests, trimmer=trimmer)
    # Many users are on weak connections: compress anything worth compressing.
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    app.include_router(reports_router)
    app.include_router(exports_router)
    app.include_router(hsds_router)  # the HSDS 3.0 API under /hsds/
    web_routes.mount(app)
    schema = build_schema(debug=settings.debug, introspection=settings.introspection)
    # graphql_ide=None: Strawberry's stock explorer loads its assets from a CDN.
    app.include_router(Router(schema, context_getter=context_getter, graphql_ide=None),
                       prefix="/graphql")
    faults.install(app)
    app.add_exception_handler(RequestRefused, on_refused)  # a bad token, a bad key

    app.include_router(operations.router)
    return app
