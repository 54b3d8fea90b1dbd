"""The pages: plain HTML and small scripts over the GraphQL API, no framework, no CDN.

Each page is a Jinja2 template (`templates/pages/`, extending the one layout
`templates/page.html.jinja`, autoescaped), rendered once; the scripts in `static/js/` call
`/graphql` like any other client, so a page can show nothing the caller's role may not
see. Front-end packages (Cytoscape, GraphiQL) are installed from npm at setup
(`web/build.mjs`) into `static/vendor/`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from jinja2 import TemplateNotFound

from referral_graph.templating import render

STATIC = Path(__file__).parent / "static"
PAGES = {"/": "directory", "/network": "network", "/gaps": "gaps", "/edit": "edit",
         "/explorer": "explorer"}
# Groups of the message catalogue a page's script needs beyond `web` and `web.<page>`.
PAGE_GROUPS = {"directory": ("language", "population")}
HTML = "text/html; charset=utf-8"
# Pages are small and change with releases: revalidate, never serve stale HTML.
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter()


@cache
def page_html(name: str) -> bytes:
    """The page ``name`` (``templates/pages/<name>.html.jinja``), rendered once: the shell is
    the same for every caller (its script asks the API with the caller's own token)."""
    try:
        return render(f"pages/{name}.html.jinja", page=name,
                      groups=PAGE_GROUPS.get(name, ())).encode("utf-8")
    except TemplateNotFound:
        raise HTTPException(404, "page not found") from None


def _page(name: str) -> Callable[[], Response]:
    def serve() -> Response:
        return Response(page_html(name), media_type=HTML, headers=NO_CACHE)

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

    body = page_html("organization")
    visible = bool(organizations(request.app.state.database(), [org_id], see_confidential=False))
    return Response(body, status_code=200 if visible else 404, media_type=HTML,
                    headers=NO_CACHE)


def mount(app: FastAPI) -> None:
    """Pages, their scripts and the vendored packages."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=True), name="static")
