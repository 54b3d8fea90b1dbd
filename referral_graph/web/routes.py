"""The pages: plain HTML and small scripts over the GraphQL API, no framework, no CDN.

Each page is a static file in `static/pages/`; the scripts in `static/js/` call
`/graphql` like any other client, so a page can show nothing the caller's role may not
see. Front-end packages (Cytoscape, GraphiQL) are installed from npm at setup
(`web/build.mjs`) into `static/vendor/`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PAGES = {"/": "directory.html", "/network": "network.html", "/gaps": "gaps.html",
         "/edit": "edit.html", "/explorer": "explorer.html"}

router = APIRouter()


def _page(name: str) -> Callable[[], FileResponse]:
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


@router.get("/org/{org_id}", include_in_schema=False)
def organization_page(request: Request, org_id: str) -> Response:
    """An organization's page. A confidential organization has no public page: its id gets
    the very answer an unknown id gets (404, the same body), so the status tells nothing.
    The body is the page's shell either way; its script asks the API with the caller's own
    token, so staff still see what their role allows."""
    from referral_graph.directory.service import organizations

    body = (STATIC / "pages" / "organization.html").read_bytes()
    visible = bool(organizations(request.app.state.database(), [org_id], see_confidential=False))
    return Response(body, status_code=200 if visible else 404,
                    media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})


def mount(app: FastAPI) -> None:
    """Pages, their scripts and the vendored packages."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
