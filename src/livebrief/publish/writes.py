"""The editors' writes, each behind an editor or admin token: merging and splitting developments,
the sources to poll, a poll cycle now, and importing a territorial control layer."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..aggregate.control import import_layer
from ..aggregate.developments import merge, split
from ..errors import ConfigError, InputError
from ..flow import poll
from ..ingest import sources as src
from ..settings import from_env
from .site import JSON, call, json_body, site_of

MAX_LAYER_BYTES = 200_000_000


async def _decision(request: Request, key: str, what: str, action) -> Response:
    """An editor's decision on a development: token, a list of ids under ``key``, then ``action``."""
    site = site_of(request)
    by = await site.editor(request)
    ids = (await json_body(request)).get(key)
    if not isinstance(ids, list) or not all(isinstance(x, int) for x in ids) or not ids:
        raise HTTPException(400, f"{key} must be a list of {what} ids")
    try:
        out = await call(lambda _r: action(site.store, request.path_params["dev_id"], ids, by=by), request)
    except ConfigError as exc:
        raise HTTPException(400, str(exc)) from None
    return JSON(out)


async def api_merge(request: Request) -> Response:
    return await _decision(request, "others", "development", merge)


async def api_split(request: Request) -> Response:
    return await _decision(request, "articles", "article", split)


async def api_sources(request: Request) -> Response:
    """GET: the sources polled; POST {url, name?, every?}: add one (editor token)."""
    site = site_of(request)
    if request.method == "GET":
        rows = await call(lambda _r: src.list_sources(site.store), request)
        return JSON({"sources": [r.as_dict() for r in rows]})
    await site.editor(request)
    body = await json_body(request)
    url = body.get("url")
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        raise HTTPException(400, "url must be an http(s) URL")
    name, every = body.get("name"), body.get("every", "15m")
    if name is not None and not isinstance(name, str) or not isinstance(every, (str, int)):
        raise HTTPException(400, "name must be a string and every an interval such as 30m")
    try:
        added = await call(lambda _r: src.add_source(site.store, url, name=name, every=every), request)
    except ConfigError as exc:
        raise HTTPException(400, str(exc)) from None
    return JSON({"source": added.as_dict()}, status_code=201)


async def api_source_remove(request: Request) -> Response:
    site = site_of(request)
    await site.editor(request)
    sid = str(request.path_params["source_id"])
    if not await call(lambda _r: src.remove_source(site.store, sid), request):
        raise HTTPException(404, f"no source {sid}")
    return JSON({"removed": int(sid)})


async def api_poll(request: Request) -> Response:
    """One poll cycle over the due sources, now (editor token); the result as `livebrief poll --json`."""
    site = site_of(request)
    await site.editor(request)
    opts = from_env().with_(db=site.store.db)
    return JSON(await call(lambda _r: poll(site.store, opts), request))


async def api_control_import(request: Request) -> Response:
    """POST a control layer (GeoJSON, DeepStateMap history JSON, ISW-style) as the body,
    with ?date=YYYY-MM-DD&source=NAME[&status_property=P] (editor token)."""
    site = site_of(request)
    await site.editor(request)
    day, source = request.query_params.get("date"), request.query_params.get("source")
    if not day or not source:
        raise HTTPException(400, "date (YYYY-MM-DD) and source are required")
    raw = await request.body()
    if not raw.strip():
        raise HTTPException(400, "the body must be the layer (GeoJSON or DeepStateMap JSON)")
    if len(raw) > MAX_LAYER_BYTES:
        raise HTTPException(413, "the layer is over 200 MB")
    prop = request.query_params.get("status_property", "status")
    try:
        out = await call(lambda _r: import_layer(site.store, raw, day=day, source=source, status_property=prop),
                         request)
    except InputError as exc:
        raise HTTPException(400, exc.reason) from None
    return JSON(out, status_code=201)


ROUTES = [
    Route("/api/developments/{dev_id:id}/merge", api_merge, methods=["POST"]),
    Route("/api/developments/{dev_id:id}/split", api_split, methods=["POST"]),
    Route("/api/sources", api_sources, methods=["GET", "POST"]),
    Route("/api/sources/{source_id:id}", api_source_remove, methods=["DELETE"]),
    Route("/api/poll", api_poll, methods=["POST"]),
    Route("/api/control/import", api_control_import, methods=["POST"]),
]
