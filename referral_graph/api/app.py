"""The FastAPI application that `make serve` runs under uvicorn."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from referral_graph import __version__, health
from referral_graph.config import Settings
from referral_graph.store.driver import Database, get_database


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

    @app.get("/health")
    def get_health() -> JSONResponse:
        report = health.check(database())
        return JSONResponse(asdict(report), status_code=200 if report.ok else 503)

    return app
