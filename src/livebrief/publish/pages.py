"""The pages of the briefing, each with its .json twin: one query function per page, rendered as
HTML by its template and served as it is at PATH.json."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from . import queries
from .highlight import segments
from .site import cached_html, cached_json, filters, html_endpoint, int_param, json_endpoint, page, reading, site_of, wants_json

# the static layers the map draws, under the control layers
MAP_LAYERS = ["/static/basemap-countries.geojson", "/static/basemap-admin1.geojson", "/export/events.geojson"]
BORDER_POLICY = "internationally recognised borders; control shown as its own layer"


def q_index(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        site = site_of(request)
        return queries.briefing(conn, demo=site.demo, min_confidence=site.min_confidence, approved_only=site.approved_only,
                                days=site.briefing_days)


def q_articles(request: Request) -> dict:
    limit = int_param(request, "limit", 50, 1, 500)
    offset = int_param(request, "offset", 0, 0, 10_000_000)
    with site_of(request).store.read() as conn:
        return queries.list_articles(conn, limit=limit, offset=offset)


def q_article(request: Request) -> dict:
    aid = request.path_params["article_id"]
    with site_of(request).store.read() as conn:
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
    if wants_json(request):
        return art
    facts = {k: art[k] for k in queries.FACT_KINDS}
    return {**art, "paragraphs": segments(art["text"], facts, highlight)}


def q_search(request: Request) -> dict:
    q = request.query_params.get("q", "")[:500]
    limit = int_param(request, "limit", 20, 1, 100)
    offset = int_param(request, "offset", 0, 0, 100_000)
    f = {k: request.query_params.get(k)[:200] for k in ("since", "until", "place", "person", "topic", "type")
         if request.query_params.get(k)}
    with site_of(request).store.read() as conn:
        return queries.search(conn, q, limit=limit, offset=offset, **f)


q_places = reading(queries.list_places)
q_people = reading(queries.people)


def _one(fetch, param: str, what: str):
    """A query function for one thing named by a path parameter: 404 where there is none."""
    def query(request: Request) -> dict:
        key = request.path_params[param]
        with site_of(request).store.read() as conn:
            found = fetch(conn, key)
        if found is None:
            raise HTTPException(404, f"no {what} {key}")
        return found
    return query


q_place = _one(queries.get_place, "key", "place")
q_person = _one(queries.person, "person_id", "person")


def q_aid(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        return queries.aid_summary(conn, **filters(request, ("donor", "since", "until", "category", "status")))


def q_map(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        overview = queries.map_overview(conn)
    return {**overview, "layers": MAP_LAYERS, "border_policy": BORDER_POLICY}


def q_civilians(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        return queries.civilians(conn, since=request.query_params.get("since"))


def q_developments(request: Request) -> dict:
    with site_of(request).store.read() as conn:
        devs = queries.list_developments(conn, since=request.query_params.get("since"),
                                         topic=request.query_params.get("topic"),
                                         limit=int_param(request, "limit", 100, 1, 5000))
    return {"developments": devs}


def q_development(request: Request) -> dict:
    did = request.path_params["dev_id"]
    with site_of(request).store.read() as conn:
        dev = queries.get_development(conn, did)
        target = queries.merged_into(conn, did) if dev is None else None
    if target is not None:
        # a link to a development that was merged (a newsletter's, a bookmark) still leads to its story
        path = request.url.path
        new = path[: path.rindex(str(did))] + str(target) + path[path.rindex(str(did)) + len(str(did)):]
        raise HTTPException(308, f"development {did} was merged into {target}", headers={"Location": new})
    if dev is None:
        raise HTTPException(404, f"no development {did}")
    return dev


ROUTES = [
    *page("/", "index.html", q_index),
    *page("/articles", "articles.html", q_articles),
    Route("/articles/{article_id:id}", cached_html("article.html", q_article)),
    Route("/articles/{article_id:id}.json", cached_json(q_article)),
    *page("/search", "search.html", q_search),
    *page("/places", "places.html", q_places),
    Route("/places/{key:path}.json", json_endpoint(q_place)),
    Route("/places/{key:path}", html_endpoint("place.html", q_place)),
    *page("/map", "map.html", q_map),
    *page("/civilians", "civilians.html", q_civilians),
    *page("/people", "people.html", q_people),
    Route("/people/{person_id:id}.json", cached_json(q_person)),
    Route("/people/{person_id:id}", cached_html("person.html", q_person)),
    *page("/aid", "aid.html", q_aid),
    *page("/developments", "developments.html", q_developments),
    Route("/developments/{dev_id:id}.json", cached_json(q_development)),
    Route("/developments/{dev_id:id}", cached_html("development.html", q_development)),
]
