"""Real headless Chromium (Debian's package) against the service started on the seeds."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from referral_graph.api.app import create_app
from referral_graph.config import Settings
from referral_graph.store.driver import Database
from tests.neo4j_harness import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


class LiveServer(str):
    """The base URL of the app a test module drives (``live_server + "/gaps"``), and the
    means to put its database and projection back to the seeds after a test that wrote."""

    app: FastAPI
    db: Database

    def reset(self) -> None:
        from tests.conftest import import_seeds, wipe

        wipe(self.db)
        import_seeds(self.db)
        self.app.state.projection().reload()


@pytest.fixture(scope="module")
def live_server(database: Database, neo4j_settings: Settings) -> Iterator[LiveServer]:
    """The app on a free loopback port over the seeds, one per test module: the database is
    shared with the other modules, which leave it as they please."""
    port = free_port()
    app = create_app(neo4j_settings, database)
    base = LiveServer(f"http://127.0.0.1:{port}")
    base.app, base.db = app, database
    base.reset()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/health", timeout=2).status_code in (200, 503):
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield base
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def restores_seeds(live_server: LiveServer) -> Iterator[LiveServer]:
    """For a test that writes through the live app: the seeds again afterwards, so that no
    other test of the module sees what it wrote."""
    yield live_server
    live_server.reset()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    # Playwright gives each launch a fresh, empty profile; the flags keep Chromium from
    # reaching for hosts this machine cannot reach.
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
