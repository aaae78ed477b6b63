"""The web app: every page is a query function rendered twice, as HTML and as its .json twin.

The handlers live in modules, each with its routes: ``pages`` (the briefing's pages and their
JSON twins), ``api`` (the public read API, exports, feed, digest, health), ``writes`` (the
editors' writes). ``site`` holds what they share; ``queries`` is the one read side they all call.

One JSON error body everywhere: {"ok": false, "error": ..., "status": ...}. A Content-Security-
Policy forbids inline script; all assets are served from /static.
"""
from __future__ import annotations

import logging
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..settings import from_env
from ..store import Store
from . import api, pages, writes
from .site import JSON, CrossSiteGuard, RateLimit, SecurityHeaders, Site, error_body, site_of, wants_json

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


async def http_error(request: Request, exc: HTTPException) -> Response:
    body = error_body(exc.status_code, str(exc.detail))
    if wants_json(request) or "application/json" in request.headers.get("accept", ""):
        return JSON(body, status_code=exc.status_code, headers=exc.headers)
    resp = site_of(request).render(request, "error.html", body, status=exc.status_code)
    resp.headers.update(exc.headers or {})
    return resp


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path)
    body = error_body(500, "internal error")  # never a traceback or a path
    return JSON(body, status_code=500)


def create_app(store: Store, *, demo: bool = False, rate_limit_per_min: int | None = None) -> Starlette:
    if rate_limit_per_min is None:
        rate_limit_per_min = from_env().rate_limit_per_min
    routes = [*pages.ROUTES, *api.ROUTES, *writes.ROUTES,
              Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static")]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, 500: server_error},
                    middleware=[Middleware(SecurityHeaders), Middleware(CrossSiteGuard),
                                Middleware(RateLimit, per_min=rate_limit_per_min)])
    app.state.store = store
    app.state.site = Site(store, demo=demo)
    return app


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000, demo: bool = False,
          log_level: str = "info") -> None:
    import uvicorn

    uvicorn.run(create_app(store, demo=demo), host=host, port=port, log_level=log_level,
                proxy_headers=False, server_header=False)
