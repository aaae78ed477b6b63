"""The public read API (described in openapi.py), the exports, the Atom feed, the digest and the
health check. Where a page shows the same thing, the API serves that page's query function."""
from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__
from ..aggregate.control import diff, layer_geojson
from ..errors import InputError
from ..records import PUBLIC_EXPORTS, DigestFormat
from . import queries
from .exports import DIGEST_MEDIA_TYPES, EXPORT_MEDIA_TYPES, EXPORTS, atom, digest, export
from .openapi import spec
from .pages import q_aid, q_article, q_development, q_developments, q_places
from .site import JSON, base_url, cached_json, call, filters, int_param, json_endpoint, site_of

log = logging.getLogger(__name__)

# the e-mail digest carries inline styles (mail clients drop style sheets) and no script at all
DIGEST_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"


def q_events(request: Request) -> dict:
    f = filters(request, ("type", "place", "since", "until", "actor"))
    with site_of(request).store.read() as conn:
        return {"filters": f, "events": queries.events(conn, **f, limit=int_param(request, "limit", 500, 1, 10_000))}


def q_figures(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        return queries.figures(conn, since=request.query_params.get("since"))


def q_changes(request: Request) -> dict:
    since = request.query_params.get("since")
    if not since:
        raise HTTPException(400, "since is required (an ISO time)")
    with site_of(request).store.read() as conn:
        return queries.changes(conn, since)


def q_places_geojson(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        return queries.places_geojson(conn)


async def openapi_json(request: Request) -> Response:
    return JSON(spec())


async def api_docs(request: Request) -> Response:
    return site_of(request).render(request, "apidocs.html", spec())


async def export_file(request: Request) -> Response:
    name = request.path_params["name"]
    kind, _, fmt = name.partition(".")
    if kind not in PUBLIC_EXPORTS or fmt not in EXPORTS[kind].formats:
        raise HTTPException(404, f"no export {name}")
    since = request.query_params.get("since")

    def run(_r):
        with site_of(request).store.read() as conn:
            return export(conn, kind, fmt, since, min_confidence=site_of(request).min_confidence)
    return Response(await call(run, request), media_type=EXPORT_MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def feed_atom(request: Request) -> Response:
    def run(_r):
        with site_of(request).store.read() as conn:
            return atom(conn, base_url(request), approved_only=site_of(request).approved_only)
    return Response(await call(run, request), media_type="application/atom+xml")


async def digest_page(request: Request) -> Response:
    since = request.query_params.get("since", "7d")
    fmt = request.query_params.get("format", DigestFormat.HTML)
    if fmt not in DigestFormat.values():
        raise HTTPException(400, f"format is {DigestFormat.HTML} or {DigestFormat.MD}")

    def run(_r):
        with site_of(request).store.read() as conn:
            return digest(conn, since, fmt, base_url(request), approved_only=site_of(request).approved_only)
    return Response(await call(run, request), media_type=DIGEST_MEDIA_TYPES[fmt],
                    headers={"Content-Security-Policy": DIGEST_CSP})


async def control_layer(request: Request) -> Response:
    day = request.path_params["day"]

    def run(_r):
        with site_of(request).store.read() as conn:
            return layer_geojson(conn, day, request.query_params.get("source"))
    try:
        fc = await call(run, request)
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None
    return JSON(fc, media_type="application/geo+json")


async def control_diff(request: Request) -> Response:
    d1, d2 = request.query_params.get("from"), request.query_params.get("to")
    if not d1 or not d2:
        raise HTTPException(400, "from and to are required (YYYY-MM-DD)")

    def run(_r):
        with site_of(request).store.read() as conn:
            return diff(conn, d1, d2, request.query_params.get("source"))
    try:
        return JSON(await call(run, request))
    except InputError as exc:
        raise HTTPException(404, str(exc)) from None


async def healthz(request: Request) -> Response:
    def check(_r):
        with site_of(request).store.read() as conn:
            return queries.counts(conn)
    try:
        c = await call(check, request)
    except Exception as exc:  # noqa: BLE001 - health reports, never raises
        log.warning("health check failed: %s", exc)
        return JSON({"ok": False, "error": "store unavailable", "status": 503}, status_code=503)
    return JSON({"ok": True, "version": __version__, "articles": c["articles"]})


ROUTES = [
    Route("/api/articles/{article_id:id}", cached_json(q_article)),
    Route("/api/places", json_endpoint(q_places)),
    Route("/api/openapi.json", openapi_json),
    Route("/api/docs", api_docs),
    Route("/api/aid", json_endpoint(q_aid)),
    Route("/api/developments", cached_json(q_developments)),
    Route("/api/developments/{dev_id:id}", cached_json(q_development)),
    Route("/api/changes", json_endpoint(q_changes)),
    Route("/export/{name}", export_file),
    Route("/api/control/diff", control_diff),
    Route("/api/control/{day}.geojson", control_layer),
    Route("/feed.atom", feed_atom),
    Route("/digest", digest_page),
    Route("/api/events", json_endpoint(q_events)),
    Route("/api/figures", json_endpoint(q_figures)),
    Route("/api/places.geojson", json_endpoint(q_places_geojson, media_type="application/geo+json")),
    Route("/healthz", healthz),
]
