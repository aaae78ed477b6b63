"""What every handler of the web app shares: the one JSON error body, the security headers, the
rate limit, the cross-site guard, the page cache per store version (ETag, 304), the templates,
the editor's token check, and the helpers that read query parameters and bodies.

Handlers are plain functions of the request; what they share lives on ``request.app.state.site``.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from .. import __version__
from ..auth import role_of
from ..records import EVENT_TYPE_LABELS, Topic
from ..settings import Options
from ..store import Store

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")

# a query function: the request in, the page's data out (run in a worker thread)
Query = Callable[[Request], dict]


def error_body(status: int, message: str) -> dict:
    return {"ok": False, "error": message, "status": status}


def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, default=str).encode("utf-8")


class JSON(JSONResponse):
    def render(self, content) -> bytes:
        return _dumps(content)


async def _refuse(send, status: int, message: str, extra: list[tuple[bytes, bytes]] = ()) -> None:
    """Answer with the one error body from a middleware, before the app sees the request."""
    body = _dumps(error_body(status, message))
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), *extra,
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


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
    """Pure ASGI middleware: a token bucket per client address for search, the API and sign-in, so
    one client cannot starve the others. Over the limit: 429 with the one error shape."""

    PREFIXES = ("/search", "/api/", "/signin")   # (sign-in: guessing passwords is slowed too)

    def __init__(self, app, per_min: int):
        self.app = app
        self.rate = per_min / 60.0
        self.burst = max(10.0, per_min / 6.0)
        self.buckets: dict[str, tuple[float, float]] = {}
        self.lock = threading.Lock()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or self.rate <= 0 or not scope["path"].startswith(self.PREFIXES):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        now = time.monotonic()
        with self.lock:
            tokens, last = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self.buckets[client] = (tokens - 1.0 if allowed else tokens, now)
            if len(self.buckets) > 10_000:  # forget idle clients
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 300}
        if allowed:
            return await self.app(scope, receive, send)
        await _refuse(send, 429, "too many requests: slow down", [(b"retry-after", b"1")])


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
            host = headers.get("host", "")
            cross = origin == "null" or urlsplit(origin).netloc.lower() != host.lower()
        if not cross:
            return await self.app(scope, receive, send)
        await _refuse(send, 403, "cross-site request refused")


class _IdConvertor(Convertor):
    """Row ids in paths: at most 18 digits, so that every id fits a 64-bit integer column (a
    longer number is simply not a page: 404, never a database overflow)."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("id", _IdConvertor())


def _safe_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _money(amount: float, currency: str | None) -> str:
    """An amount as a reader says it: "USD 1.25 billion", "AUD 100 million", "EUR 300,000"."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(amount) >= size:
            return f"{currency or ''} {round(amount / size, 2):g} {word}".strip()
    return f"{currency or ''} {amount:,.0f}".strip()


def _path_part(value) -> str:
    """A value made one part of a link's path: a place's key may hold spaces ("n::Black Sea"), '?' or '#'."""
    return quote(str(value), safe=":")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("livebrief", "publish/templates"),
                      autoescape=select_autoescape(["html"]))
    env.filters["safe_url"] = _safe_url
    env.filters["path_part"] = _path_part
    env.filters["money"] = _money
    env.filters["event_type"] = lambda code: EVENT_TYPE_LABELS.get(code, code)
    env.globals["version"] = __version__
    env.globals["topics"] = Topic.values()
    return env


def store_version(conn) -> str:
    """Changes whenever anything a page shows may have changed: a cheap fingerprint of the store."""
    # every term is a primary-key maximum: O(1) whatever the size of the store
    row = conn.exec_driver_sql(
        "SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM entities), (SELECT max(id) FROM events), "
        "(SELECT max(id) FROM developments), (SELECT max(article_id) FROM development_articles), "
        "(SELECT max(id) FROM decisions), (SELECT max(id) FROM control_layers), (SELECT max(id) FROM duplicates), "
        "(SELECT max(id) FROM sources), (SELECT max(id) FROM aid), (SELECT max(id) FROM fact_decisions)").first()
    return hashlib.sha1(repr(tuple(row)).encode()).hexdigest()[:16]


# ------------------------------------------------------------------ reading a request

def int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        return max(lo, min(hi, int(raw)))
    except ValueError:
        raise HTTPException(400, f"query parameter {name!r} must be an integer") from None


def filters(request: Request, names: tuple[str, ...]) -> dict:
    """The named query parameters that are given and not empty."""
    return {n: request.query_params[n] for n in names if request.query_params.get(n)}


def base_url(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def wants_json(request: Request) -> bool:
    """A .json twin or the API."""
    return request.url.path.endswith(".json") or request.url.path.startswith("/api/")


async def json_body(request: Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "the body must be a JSON object")
    return body


async def call(query: Query, request: Request):
    """Run a blocking query function in a worker thread."""
    return await run_in_threadpool(query, request)


def site_of(request: Request) -> Site:
    return request.app.state.site


def reading(fn: Callable, *args, **kwargs) -> Query:
    """A query function calling ``fn(conn, *args, **kwargs)`` on a read connection of the store."""
    def query(request: Request):
        with site_of(request).store.read() as conn:
            return fn(conn, *args, **kwargs)
    return query


# ------------------------------------------------------------------ the site

class Site:
    """The store, the templates and the page cache, shared by every handler of one app."""

    def __init__(self, store: Store, *, demo: bool = False, min_confidence: float = Options.briefing_min_confidence,
                 approved_only: bool = Options.publish_approved_only, session_ttl_s: int = Options.session_ttl_s,
                 briefing_days: int = Options.briefing_days):
        self.store = store
        self.demo = demo
        self.min_confidence = min_confidence   # of an event the front page briefs
        self.briefing_days = 0 if demo else briefing_days   # how recent (the demo spans the war's years)
        self.approved_only = approved_only     # the front page, digest and feed show reviewed facts only
        self.session_ttl_s = session_ttl_s
        self.env = _env()
        self._cache: OrderedDict[tuple, tuple[str, bytes, str]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def version(self) -> str:
        with self.store.read() as conn:
            return store_version(conn)

    def render(self, request: Request, template: str, data: dict, status: int = 200) -> Response:
        html = self.env.get_template(template).render(data=data, demo=self.demo, request=request,
                                                      json_path=_json_twin(request))
        return HTMLResponse(html, status_code=status)

    async def cached(self, request: Request, build: Callable[[], Awaitable[Response]]) -> Response:
        """Pages are cached per store version: a repeat visit costs one small query, and a
        conditional GET with the current ETag gets 304."""
        ver = await call(lambda _r: self.version(), request)
        etag = f'"{ver}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag, "Cache-Control": "no-cache"})
        key = (request.url.path, request.url.query, ver)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is None:
            resp = await build()
            if resp.status_code != 200:
                return resp
            hit = (resp.media_type or "text/html", resp.body, ver)
            with self._cache_lock:
                self._cache[key] = hit
                while len(self._cache) > 256:
                    self._cache.popitem(last=False)
        return Response(hit[1], media_type=hit[0], headers={"ETag": etag, "Cache-Control": "no-cache"})

    async def editor(self, request: Request) -> str:
        """Who writes: ``token:ID`` of a valid editor or admin token, else 401."""
        header = request.headers.get("authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        found = await call(lambda _r: role_of(self.store, token), request)
        if found is None:
            raise HTTPException(401, "a valid editor or admin token is required (Authorization: Bearer ...)")
        return f"token:{found[0]}"


def _json_twin(request: Request) -> str:
    path = request.url.path.rstrip("/") or ""
    twin = (path or "/index") + ".json" if not path.endswith(".json") else path
    q = request.url.query
    # (the path comes decoded: a place's key may hold a space)
    return quote(twin, safe="/:") + (f"?{q}" if q else "")


# ------------------------------------------------------------------ endpoints over query functions

def json_endpoint(query: Query, **response):
    """An endpoint serving ``query`` as JSON, not cached (``response``: media_type ...)."""
    async def endpoint(request: Request) -> Response:
        return JSON(await call(query, request), **response)
    return endpoint


def html_endpoint(template: str, query: Query):
    """An endpoint rendering ``query`` with ``template``, not cached."""
    async def endpoint(request: Request) -> Response:
        return site_of(request).render(request, template, await call(query, request))
    return endpoint


def cached_json(query: Query):
    """An endpoint serving ``query`` as JSON, through the page cache."""
    async def endpoint(request: Request) -> Response:
        async def build():
            return JSON(await call(query, request))
        return await site_of(request).cached(request, build)
    return endpoint


def cached_html(template: str, query: Query):
    """An endpoint rendering ``query`` with ``template``, through the page cache."""
    async def endpoint(request: Request) -> Response:
        site = site_of(request)

        async def build():
            return site.render(request, template, await call(query, request))
        return await site.cached(request, build)
    return endpoint


def page(path: str, template: str, query: Query) -> list[Route]:
    """Register ``path`` (HTML) and ``path.json`` (its twin) over one query function."""
    json_path = "/index.json" if path == "/" else path + ".json"
    return [Route(path, cached_html(template, query)), Route(json_path, cached_json(query))]
