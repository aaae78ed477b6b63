"""The web app: every page is a query function rendered twice, as HTML and as its .json twin.

The handlers live in modules, each with its routes: ``pages`` (the briefing's pages and their
JSON twins), ``api`` (the public read API, exports, feed, digest, health), ``writes`` (the
editors' writes), ``desk`` (the editors' desk: sign-in, the review queue, decisions on facts).
``site`` holds what they share; ``queries`` is the one read side they all call (``review`` the
desk's queue over it).

One JSON error body everywhere: {"ok": false, "error": ..., "status": ...}. A Content-Security-
Policy forbids inline script; all assets are served from /static.
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..aggregate.developments import ensure_term_counts
from ..settings import from_env
from ..store import Store
from . import api, desk, pages, queries, writes
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


def _warm(store: Store, done: threading.Event) -> None:
    try:
        ensure_term_counts(store)
        with store.read() as conn:
            queries.warm(conn)
    except Exception as exc:  # noqa: BLE001 - a cold cache is slower, never an error
        log.warning("warming the caches failed: %s", exc)
    finally:
        done.set()


def create_app(store: Store, *, demo: bool = False, rate_limit_per_min: int | None = None) -> Starlette:
    if rate_limit_per_min is None:
        rate_limit_per_min = from_env().rate_limit_per_min
    routes = [*pages.ROUTES, *api.ROUTES, *writes.ROUTES, *desk.ROUTES,
              Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static")]
    warmed = threading.Event()

    @asynccontextmanager
    async def lifespan(_app):
        # on a large store the first page builds the digests of every listed development (about
        # a second at 100,000 articles): build them in the background as the server starts
        threading.Thread(target=_warm, args=(store, warmed), name="livebrief-warm", daemon=True).start()
        yield

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, 500: server_error},
                    lifespan=lifespan,
                    middleware=[Middleware(SecurityHeaders), Middleware(CrossSiteGuard),
                                Middleware(RateLimit, per_min=rate_limit_per_min)])
    app.state.store = store
    env = from_env()
    app.state.site = Site(store, demo=demo, min_confidence=env.briefing_min_confidence,
                          approved_only=env.publish_approved_only, session_ttl_s=env.session_ttl_s,
                          briefing_days=env.briefing_days)
    app.state.warmed = warmed
    return app


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000, demo: bool = False,
          log_level: str = "info") -> None:
    import uvicorn

    uvicorn.run(create_app(store, demo=demo), host=host, port=port, log_level=log_level,
                proxy_headers=False, server_header=False)
