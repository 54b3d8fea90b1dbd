"""The FastAPI application that `make serve` runs under uvicorn."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from strawberry.fastapi import GraphQLRouter

from referral_graph import __version__
from referral_graph.api import operations
from referral_graph.api.graphql.context import context_getter
from referral_graph.api.graphql.schema import build_schema
from referral_graph.api.reports import router as reports_router
from referral_graph.auth.server_secret import load_key
from referral_graph.config import Settings
from referral_graph.hsds.api import router as hsds_router
from referral_graph.network.projection import Projection
from referral_graph.store.driver import Database, get_database
from referral_graph.web import routes as web_routes
from referral_graph.web.exports import router as exports_router

MAX_BODY_BYTES = 64 * 1024  # a GraphQL request, even a large one, is a few KiB


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="referral-graph",
        version=__version__,
        docs_url=None,  # the stock docs page loads assets from a CDN; the service is offline
        redoc_url=None,
        openapi_url="/openapi.json" if settings.debug else None,
    )
    app.state.settings = settings
    app.state.db = db

    def database() -> Database:
        if app.state.db is None:
            app.state.db = get_database(settings)
        return app.state.db

    app.state.database = database
    projection: list[Projection] = []

    key = load_key(settings)  # read (or made) once, at start: a bad secret fails early

    def get_projection() -> Projection:
        if not projection:
            projection.append(Projection(database(), pseudonym_key=key))
        return projection[0]

    app.state.projection = get_projection

    @app.middleware("http")
    async def limit_body(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return Response("request body too large", status_code=413)
        return await call_next(request)

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type", "Accept-Language"])

    # Many users are on weak connections: compress anything worth compressing.
    app.add_middleware(GZipMiddleware, minimum_size=1000)

    app.include_router(reports_router)
    app.include_router(exports_router)
    app.include_router(hsds_router)  # the HSDS 3.0 API under /hsds/
    web_routes.mount(app)
    schema = build_schema(debug=settings.debug, introspection=settings.introspection)
    # graphql_ide=None: Strawberry's stock explorer loads its assets from a CDN.
    app.include_router(GraphQLRouter(schema, context_getter=context_getter, graphql_ide=None),
                       prefix="/graphql")

    app.include_router(operations.router)
    return app
