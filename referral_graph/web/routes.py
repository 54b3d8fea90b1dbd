"""The pages: plain HTML and small scripts over the GraphQL API, no framework, no CDN.

Each page is a static file in `static/pages/`; the scripts in `static/js/` call
`/graphql` like any other client, so a page can show nothing the caller's role may not
see. Front-end packages (Cytoscape, GraphiQL) are installed from npm at setup
(`web/build.mjs`) into `static/vendor/`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGES = {"/": "directory.html", "/network": "network.html", "/gaps": "gaps.html",
         "/edit": "edit.html", "/explorer": "explorer.html"}

router = APIRouter()


def _page(name: str):  # type: ignore[no-untyped-def]
    def serve() -> FileResponse:
        path = STATIC / "pages" / name
        if not path.exists():
            raise HTTPException(404, "page not found")
        # Pages are small and change with releases: revalidate, never serve stale HTML.
        return FileResponse(path, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    return serve


for route, page in PAGES.items():
    router.add_api_route(route, _page(page), methods=["GET"], include_in_schema=False)


def mount(app: FastAPI) -> None:
    """Pages, their scripts and the vendored packages."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
