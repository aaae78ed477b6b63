"""The web app: every page is a query function rendered twice, as HTML and as its .json twin.

One JSON error body everywhere: {"ok": false, "error": ..., "status": ...}. A Content-Security-
Policy forbids inline script; all assets are served from /static.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import ConfigError, InputError
from ..store import Store
from . import queries
from .highlight import segments

log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


class SecurityHeaders:
    """Pure ASGI middleware: CSP and friends on every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """Pure ASGI middleware: a token bucket per client address for search and the API, so one
    client cannot starve the others. Over the limit: 429 with the one error shape."""

    PREFIXES = ("/search", "/api/")

    def __init__(self, app, per_min: int):
        self.app = app
        self.rate = per_min / 60.0
        self.burst = max(10.0, per_min / 6.0)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.rate <= 0 or not scope["path"].startswith(self.PREFIXES):
            return await self.app(scope, receive, send)
        import time as _time

        client = (scope.get("client") or ("?", 0))[0]
        now = _time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self.buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self.buckets) > 10_000:  # forget idle clients
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 300}
        if allowed:
            return await self.app(scope, receive, send)
        body = _dumps(error_body(429, "too many requests: slow down"))
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"), (b"retry-after", b"1"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class CrossSiteGuard:
    """Pure ASGI middleware: no state-changing request from another site (CSRF).

    Writes authenticate with a bearer token in a header, which a browser never attaches by
    itself; this guard adds the browser's own word on top: a POST, PUT, PATCH or DELETE that a
    browser marks as coming from another site (Sec-Fetch-Site) or whose Origin is not this host
    is refused with 403 before any token is looked at. Clients that are not browsers send
    neither header and are unaffected.
    """

    SAFE = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in self.SAFE:
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        site = headers.get("sec-fetch-site", "")
        origin = headers.get("origin")
        cross = site in ("cross-site", "same-site")
        if origin is not None and not cross:
            from urllib.parse import urlsplit

            host = headers.get("host", "")
            cross = origin == "null" or urlsplit(origin).netloc.lower() != host.lower()
        if not cross:
            return await self.app(scope, receive, send)
        body = _dumps(error_body(403, "cross-site request refused"))
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _env() -> Environment:
    env = Environment(loader=PackageLoader("livebrief", "publish/templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["safe_url"] = _safe_url
    env.globals["version"] = __version__
    return env


def _int(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        return max(lo, min(hi, int(raw)))
    except ValueError:
        raise HTTPException(400, f"query parameter {name!r} must be an integer") from None


def error_body(status: int, message: str) -> dict:
    return {"ok": False, "error": message, "status": status}


class _IdConvertor(Convertor):
    """Row ids in paths: at most 18 digits, so that every id fits a 64-bit integer column (a
    longer number is simply not a page: 404, never a database overflow)."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("id", _IdConvertor())


def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, default=str).encode("utf-8")


class JSON(JSONResponse):
    def render(self, content) -> bytes:
        return _dumps(content)


def store_version(conn) -> str:
    """Changes whenever anything a page shows may have changed: a cheap fingerprint of the store."""
    # every term is a primary-key maximum: O(1) whatever the size of the store
    row = conn.exec_driver_sql(
        "SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM entities), (SELECT max(id) FROM events), "
        "(SELECT max(id) FROM developments), (SELECT max(article_id) FROM development_articles), "
        "(SELECT max(id) FROM decisions), (SELECT max(id) FROM control_layers), (SELECT max(id) FROM duplicates), "
        "(SELECT max(id) FROM sources), (SELECT max(id) FROM aid)").first()
    return hashlib.sha1(repr(tuple(row)).encode()).hexdigest()[:16]


def create_app(store: Store, *, demo: bool = False, rate_limit_per_min: int | None = None) -> Starlette:
    env = _env()
    if rate_limit_per_min is None:
        from ..settings import from_env

        rate_limit_per_min = from_env().rate_limit_per_min
    cache: OrderedDict[tuple, tuple[str, bytes, str]] = OrderedDict()
    cache_lock = threading.Lock()

    def version() -> str:
        with store.read() as conn:
            return store_version(conn)

    def render(request: Request, template: str, data: dict, status: int = 200) -> Response:
        html = env.get_template(template).render(data=data, demo=demo, request=request,
                                                 json_path=_json_twin(request))
        return HTMLResponse(html, status_code=status)

    def _json_twin(request: Request) -> str:
        path = request.url.path.rstrip("/") or ""
        twin = (path or "/index") + ".json" if not path.endswith(".json") else path
        q = request.url.query
        return twin + (f"?{q}" if q else "")

    async def cached(request: Request, build) -> Response:
        """Pages are cached per store version: a repeat visit costs one small query, and a
        conditional GET with the current ETag gets 304."""
        ver = await _call(lambda _r: version(), request)
        etag = f'"{ver}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-cache"})
        key = (request.url.path, request.url.query, ver)
        with cache_lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
        if hit is None:
            resp = await build()
            if resp.status_code != 200:
                return resp
            hit = (resp.media_type or "text/html", resp.body, ver)
            with cache_lock:
                cache[key] = hit
                while len(cache) > 256:
                    cache.popitem(last=False)
        return Response(hit[1], media_type=hit[0], headers={"ETag": etag, "Cache-Control": "no-cache"})

    def cached_json(query):
        """An endpoint serving ``query`` as JSON, through the page cache."""
        async def endpoint(request: Request) -> Response:
            async def build():
                return JSON(await _call(query, request))
            return await cached(request, build)
        return endpoint

    def cached_html(template: str, query):
        """An endpoint rendering ``query`` with ``template``, through the page cache."""
        async def endpoint(request: Request) -> Response:
            async def build():
                return render(request, template, await _call(query, request))
            return await cached(request, build)
        return endpoint

    def page(path: str, template: str, query):
        """Register ``path`` (HTML) and ``path.json`` (its twin) over one query function."""
        json_path = "/index.json" if path == "/" else path + ".json"
        return [Route(path, cached_html(template, query)), Route(json_path, cached_json(query))]

    async def _call(query, request: Request) -> dict:
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(query, request)

    # --- query functions (request -> dict)
    def q_index(request: Request) -> dict:
        with store.read() as conn:
            return queries.briefing(conn, demo=demo)

    def q_articles(request: Request) -> dict:
        limit = _int(request, "limit", 50, 1, 500)
        offset = _int(request, "offset", 0, 0, 10_000_000)
        with store.read() as conn:
            return queries.list_articles(conn, limit=limit, offset=offset)

    def q_article(request: Request) -> dict:
        aid = request.path_params["article_id"]
        with store.read() as conn:
            art = queries.get_article(conn, aid)
        if art is None:
            raise HTTPException(404, f"no article {aid}")
        hl = request.query_params.get("hl")
        highlight = None
        if hl:
            try:
                a, b = (int(x) for x in hl.split("-", 1))
                highlight = (a, b)
            except ValueError:
                raise HTTPException(400, "hl must be START-END character offsets") from None
        if request.url.path.endswith(".json") or request.url.path.startswith("/api/"):
            return art
        facts = {k: art[k] for k in queries.FACT_KINDS}
        return {**art, "paragraphs": segments(art["text"], facts, highlight)}

    def q_search(request: Request) -> dict:
        q = request.query_params.get("q", "")[:500]
        limit = _int(request, "limit", 20, 1, 100)
        offset = _int(request, "offset", 0, 0, 100_000)
        f = {k: request.query_params.get(k)[:200] for k in ("since", "until", "place", "person", "topic", "type")
             if request.query_params.get(k)}
        with store.read() as conn:
            return queries.search(conn, q, limit=limit, offset=offset, **f)

    def q_places(request: Request) -> dict:
        with store.read() as conn:
            return queries.list_places(conn)

    def q_place(request: Request) -> dict:
        key = request.path_params["key"]
        with store.read() as conn:
            place = queries.get_place(conn, key)
        if place is None:
            raise HTTPException(404, f"no place {key}")
        return place

    async def places_geojson(request: Request) -> Response:
        def run():
            with store.read() as conn:
                return queries.places_geojson(conn)
        return JSON(await _call(lambda _r: run(), request), media_type="application/geo+json")

    async def api_places(request: Request) -> Response:
        return JSON(await _call(q_places, request))

    async def place_json(request: Request) -> Response:
        return JSON(await _call(q_place, request))

    async def place_html(request: Request) -> Response:
        return render(request, "place.html", await _call(q_place, request))

    def _filters(request: Request, names: tuple[str, ...]) -> dict:
        return {n: request.query_params[n] for n in names if request.query_params.get(n)}

    def q_aid(request: Request) -> dict:
        from ..aggregate.facts import aid_summary

        with store.read() as conn:
            return aid_summary(conn, **_filters(request, ("donor", "since", "until", "category", "status")))

    def q_events(request: Request) -> dict:
        from ..aggregate.facts import events

        f = _filters(request, ("type", "place", "since", "until", "actor"))
        with store.read() as conn:
            return {"filters": f, "events": events(conn, **f, limit=_int(request, "limit", 500, 1, 10_000))}

    def q_figures(request: Request) -> dict:
        from ..aggregate.facts import figures

        with store.read() as conn:
            return figures(conn, since=request.query_params.get("since"))

    async def api_aid(request: Request) -> Response:
        return JSON(await _call(q_aid, request))

    async def api_events(request: Request) -> Response:
        return JSON(await _call(q_events, request))

    async def api_figures(request: Request) -> Response:
        return JSON(await _call(q_figures, request))

    def q_developments(request: Request) -> dict:
        from ..aggregate.developments import list_developments

        with store.read() as conn:
            devs = list_developments(conn, since=request.query_params.get("since"),
                                     topic=request.query_params.get("topic"),
                                     limit=_int(request, "limit", 100, 1, 5000))
        return {"developments": devs}

    def q_development(request: Request) -> dict:
        from ..aggregate.developments import get_development, merged_into

        did = request.path_params["dev_id"]
        with store.read() as conn:
            dev = get_development(conn, did)
            target = merged_into(conn, did) if dev is None else None
        if target is not None:
            # a link to a development that was merged (a newsletter's, a bookmark) still leads to its story
            path = request.url.path
            new = path[: path.rindex(str(did))] + str(target) + path[path.rindex(str(did)) + len(str(did)):]
            raise HTTPException(308, f"development {did} was merged into {target}", headers={"Location": new})
        if dev is None:
            raise HTTPException(404, f"no development {did}")
        return dev

    def q_changes(request: Request) -> dict:
        from ..aggregate.developments import changes

        since = request.query_params.get("since")
        if not since:
            raise HTTPException(400, "since is required (an ISO time)")
        with store.read() as conn:
            return changes(conn, since)

    async def api_changes(request: Request) -> Response:
        return JSON(await _call(q_changes, request))

    async def _editor(request: Request) -> str:
        from ..auth import role_of

        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        found = await _call(lambda _r: role_of(store, token), request)
        if found is None:
            raise HTTPException(401, "a valid editor or admin token is required (Authorization: Bearer ...)")
        return f"token:{found[0]}"

    async def _body(request: Request) -> dict:
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "the body must be JSON") from None
        if not isinstance(body, dict):
            raise HTTPException(400, "the body must be a JSON object")
        return body

    async def _editor_write(request: Request, key: str, what: str, action) -> Response:
        """An editor's decision on a development: token, a list of ids under ``key``, then ``action``."""
        by = await _editor(request)
        ids = (await _body(request)).get(key)
        if not isinstance(ids, list) or not all(isinstance(x, int) for x in ids) or not ids:
            raise HTTPException(400, f"{key} must be a list of {what} ids")
        try:
            out = await _call(lambda _r: action(store, request.path_params["dev_id"], ids, by=by), request)
        except ConfigError as exc:
            raise HTTPException(400, str(exc)) from None
        return JSON(out)

    async def api_sources(request: Request) -> Response:
        """GET: the sources polled; POST {url, name?, every?}: add one (editor token)."""
        from ..ingest import sources as src

        if request.method == "GET":
            rows = await _call(lambda _r: src.list_sources(store), request)
            return JSON({"sources": [r.as_dict() for r in rows]})
        await _editor(request)
        body = await _body(request)
        url = body.get("url")
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            raise HTTPException(400, "url must be an http(s) URL")
        name, every = body.get("name"), body.get("every", "15m")
        if name is not None and not isinstance(name, str) or not isinstance(every, (str, int)):
            raise HTTPException(400, "name must be a string and every an interval such as 30m")
        try:
            added = await _call(lambda _r: src.add_source(store, url, name=name, every=every), request)
        except ConfigError as exc:
            raise HTTPException(400, str(exc)) from None
        return JSON({"source": added.as_dict()}, status_code=201)

    async def api_source_remove(request: Request) -> Response:
        from ..ingest import sources as src

        await _editor(request)
        sid = str(request.path_params["source_id"])
        if not await _call(lambda _r: src.remove_source(store, sid), request):
            raise HTTPException(404, f"no source {sid}")
        return JSON({"removed": int(sid)})

    async def api_poll(request: Request) -> Response:
        """One poll cycle over the due sources, now (editor token); the result as `livebrief poll --json`."""
        from ..flow import poll
        from ..settings import from_env

        await _editor(request)
        opts = from_env().with_(db=store.db)
        return JSON(await _call(lambda _r: poll(store, opts), request))

    async def api_control_import(request: Request) -> Response:
        """POST a control layer (GeoJSON, DeepStateMap history JSON, ISW-style) as the body,
        with ?date=YYYY-MM-DD&source=NAME[&status_property=P] (editor token)."""
        from ..aggregate.control import import_layer
        from ..errors import InputError

        await _editor(request)
        day, source = request.query_params.get("date"), request.query_params.get("source")
        if not day or not source:
            raise HTTPException(400, "date (YYYY-MM-DD) and source are required")
        raw = await request.body()
        if not raw.strip():
            raise HTTPException(400, "the body must be the layer (GeoJSON or DeepStateMap JSON)")
        if len(raw) > 200_000_000:
            raise HTTPException(413, "the layer is over 200 MB")
        prop = request.query_params.get("status_property", "status")
        try:
            out = await _call(lambda _r: import_layer(store, raw, day=day, source=source, status_property=prop), request)
        except InputError as exc:
            raise HTTPException(400, exc.reason) from None
        return JSON(out, status_code=201)

    async def api_merge(request: Request) -> Response:
        from ..aggregate.developments import merge

        return await _editor_write(request, "others", "development", merge)

    async def api_split(request: Request) -> Response:
        from ..aggregate.developments import split

        return await _editor_write(request, "articles", "article", split)

    async def export_file(request: Request) -> Response:
        name = request.path_params["name"]
        kind, _, fmt = name.partition(".")
        if kind not in ("events", "aid", "quotes") or fmt not in ("csv", "geojson", "jsonl") \
                or (fmt == "geojson" and kind != "events"):
            raise HTTPException(404, f"no export {name}")
        since = request.query_params.get("since")
        body = await _call(lambda _r: _export(kind, fmt, since), request)
        media = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                 "jsonl": "application/x-ndjson"}[fmt]
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    def _export(kind, fmt, since):
        from .exports import export

        with store.read() as conn:
            return export(conn, kind, fmt, since)

    async def feed_atom(request: Request) -> Response:
        from .exports import atom

        base = f"{request.url.scheme}://{request.url.netloc}"

        def run():
            with store.read() as conn:
                return atom(conn, base)
        return Response(await _call(lambda _r: run(), request), media_type="application/atom+xml")

    async def digest_page(request: Request) -> Response:
        from .exports import digest

        since = request.query_params.get("since", "7d")
        fmt = request.query_params.get("format", "html")
        if fmt not in ("html", "md"):
            raise HTTPException(400, "format is html or md")
        base = f"{request.url.scheme}://{request.url.netloc}"

        def run():
            with store.read() as conn:
                return digest(conn, since, fmt, base)
        body = await _call(lambda _r: run(), request)
        # the e-mail digest carries inline styles (mail clients drop style sheets) and no script at all
        return Response(body, media_type="text/html; charset=utf-8" if fmt == "html" else "text/markdown; charset=utf-8",
                        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"})

    def q_map(request: Request) -> dict:
        from ..aggregate.facts import events

        from sqlalchemy import select as _select

        from ..store import schema as _t

        with store.read() as conn:
            evs = [e for e in events(conn, limit=100_000) if e["lat"] is not None]
            layer_dates = sorted(set(conn.execute(_select(_t.control_layers.c.date)).scalars()))
        return {"events": len(evs), "types": sorted({e["type"] for e in evs}), "control_dates": layer_dates,
                "dates": sorted({e["date"] for e in evs if e["date"]}),
                "layers": ["/static/basemap-countries.geojson", "/static/basemap-admin1.geojson", "/export/events.geojson"],
                "border_policy": "internationally recognised borders; control shown as its own layer"}

    async def control_layer(request: Request) -> Response:
        from ..aggregate.control import layer_geojson

        day = request.path_params["day"]

        def run():
            with store.read() as conn:
                return layer_geojson(conn, day, request.query_params.get("source"))
        try:
            fc = await _call(lambda _r: run(), request)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from None
        return JSON(fc, media_type="application/geo+json")

    async def control_diff(request: Request) -> Response:
        from ..aggregate.control import diff

        d1, d2 = request.query_params.get("from"), request.query_params.get("to")
        if not d1 or not d2:
            raise HTTPException(400, "from and to are required (YYYY-MM-DD)")

        def run():
            with store.read() as conn:
                return diff(conn, d1, d2, request.query_params.get("source"))
        try:
            return JSON(await _call(lambda _r: run(), request))
        except InputError as exc:
            raise HTTPException(404, str(exc)) from None

    def q_people(request: Request) -> dict:
        with store.read() as conn:
            return queries.people(conn)

    def q_person(request: Request) -> dict:
        pid = request.path_params["person_id"]
        with store.read() as conn:
            p = queries.person(conn, pid)
        if p is None:
            raise HTTPException(404, f"no person {pid}")
        return p

    def q_civilians(request: Request) -> dict:
        from ..aggregate.facts import events, figures

        with store.read() as conn:
            fig = figures(conn, since=request.query_params.get("since"))
            infra = [e for e in events(conn, type="infrastructure", limit=5000) if e["lat"] is not None]
        return {**fig, "conflicting": sum(1 for s in fig["series"] if s["conflicting"]),
                "infrastructure": [{k: e[k] for k in ("id", "date", "sub_type", "place_name", "lat", "lon", "article_id",
                                                      "start", "end", "sentence", "claim", "source")} for e in infra]}

    async def openapi_json(request: Request) -> Response:
        from .openapi import spec

        return JSON(spec())

    async def api_docs(request: Request) -> Response:
        from .openapi import spec

        return render(request, "apidocs.html", spec())

    async def healthz(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        def check():
            with store.read() as conn:
                return queries.counts(conn)
        try:
            c = await run_in_threadpool(check)
        except Exception as exc:  # noqa: BLE001 - health reports, never raises
            log.warning("health check failed: %s", exc)
            return JSON({"ok": False, "error": "store unavailable", "status": 503}, status_code=503)
        return JSON({"ok": True, "version": __version__, "articles": c["articles"]})

    async def http_error(request: Request, exc: HTTPException) -> Response:
        body = error_body(exc.status_code, str(exc.detail))
        if request.url.path.endswith(".json") or request.url.path.startswith("/api/") \
                or "application/json" in request.headers.get("accept", ""):
            return JSON(body, status_code=exc.status_code, headers=exc.headers)
        resp = render(request, "error.html", body, status=exc.status_code)
        resp.headers.update(exc.headers or {})
        return resp

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        body = error_body(500, "internal error")  # never a traceback or a path
        return JSON(body, status_code=500)

    static_dir = Path(__file__).parent / "static"
    routes = [
        *page("/", "index.html", q_index),
        *page("/articles", "articles.html", q_articles),
        Route("/articles/{article_id:id}", cached_html("article.html", q_article)),
        Route("/articles/{article_id:id}.json", cached_json(q_article)),
        Route("/api/articles/{article_id:id}", cached_json(q_article)),
        *page("/search", "search.html", q_search),
        *page("/places", "places.html", q_places),
        *page("/map", "map.html", q_map),
        *page("/civilians", "civilians.html", q_civilians),
        *page("/people", "people.html", q_people),
        Route("/people/{person_id:id}.json", cached_json(q_person)),
        Route("/people/{person_id:id}", cached_html("person.html", q_person)),
        *page("/aid", "aid.html", q_aid),
        Route("/api/places", api_places),
        Route("/api/openapi.json", openapi_json),
        Route("/api/docs", api_docs),
        Route("/api/aid", api_aid),
        *page("/developments", "developments.html", q_developments),
        Route("/developments/{dev_id:id}.json", cached_json(q_development)),
        Route("/developments/{dev_id:id}", cached_html("development.html", q_development)),
        Route("/api/developments", cached_json(q_developments)),
        Route("/api/developments/{dev_id:id}", cached_json(q_development)),
        Route("/api/developments/{dev_id:id}/merge", api_merge, methods=["POST"]),
        Route("/api/sources", api_sources, methods=["GET", "POST"]),
        Route("/api/sources/{source_id:id}", api_source_remove, methods=["DELETE"]),
        Route("/api/poll", api_poll, methods=["POST"]),
        Route("/api/developments/{dev_id:id}/split", api_split, methods=["POST"]),
        Route("/api/changes", api_changes),
        Route("/export/{name}", export_file),
        Route("/api/control/diff", control_diff),
        Route("/api/control/import", api_control_import, methods=["POST"]),
        Route("/api/control/{day}.geojson", control_layer),
        Route("/feed.atom", feed_atom),
        Route("/digest", digest_page),
        Route("/api/events", api_events),
        Route("/api/figures", api_figures),
        Route("/api/places.geojson", places_geojson),
        Route("/places/{key}.json", place_json),
        Route("/places/{key}", place_html),
        Route("/healthz", healthz),
        Mount("/static", app=StaticFiles(directory=str(static_dir)), name="static"),
    ]

    warmed = threading.Event()

    def warm() -> None:
        try:
            with store.read() as conn:
                queries.warm(conn)
        except Exception as exc:  # noqa: BLE001 - a cold cache is slower, never an error
            log.warning("warming the caches failed: %s", exc)
        finally:
            warmed.set()

    @asynccontextmanager
    async def lifespan(_app):
        # on a large store the first page builds the digests of every listed development (about
        # a second at 100,000 articles): build them in the background as the server starts
        threading.Thread(target=warm, name="livebrief-warm", daemon=True).start()
        yield

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, 500: server_error},
                    lifespan=lifespan,
                    middleware=[Middleware(SecurityHeaders), Middleware(CrossSiteGuard),
                                Middleware(RateLimit, per_min=rate_limit_per_min)])
    app.state.store = store
    app.state.warmed = warmed
    return app


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8000, demo: bool = False,
          log_level: str = "info") -> None:
    import uvicorn

    uvicorn.run(create_app(store, demo=demo), host=host, port=port, log_level=log_level,
                proxy_headers=False, server_header=False)
