"""The editors' desk in the browser: sign-in, the review queue, decisions, the audit log; and the
same decisions as a write API for other tools (editor tokens, described in openapi.py).

Security, in one place:
- Sign-in takes an API token or an editor's name and password. It always opens a new session
  with a new random id and ends the one the browser held (no session fixation); the cookie is
  HttpOnly, SameSite=Strict, Secure when served over https, and holds only a random value whose
  SHA-256 the store keeps. Sessions expire (``session_ttl_s``) and can be revoked (CLI, admins).
- Every form carries a CSRF token, checked on every POST: the session's own token, or for the
  sign-in form a random value doubled in a cookie of its own. The cross-site guard (site.py)
  refuses first any POST whose Origin is another site's.
- Readers need no account and see nothing of this: every desk page needs a session (else 303 to
  /signin), every write a session or an editor token (else 401/403).
- What an editor types is stored as typed and rendered as text: templates autoescape, the
  digest escapes, the feed is XML-escaped.
"""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qs, quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .. import auth, editorial
from ..errors import FactNotFound, ReviewError
from ..records import FactKind, ReviewAction, Role
from ..store import row_id
from . import review
from .site import JSON, call, json_body, site_of

COOKIE = "lb_session"
SIGNIN_COOKIE = "lb_signin"   # the sign-in form's CSRF value, before there is a session
MAX_FORM_BYTES = 64_000
# desk pages are never cached; and their forms must carry this site's Origin (under the site-wide
# no-referrer policy a browser sends "Origin: null", which the cross-site guard refuses)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


# ------------------------------------------------------------------ sessions and forms

def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _set_cookie(resp: Response, request: Request, name: str, value: str, max_age: int | None) -> None:
    resp.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict", secure=_secure(request))


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body, first value of each field."""
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise HTTPException(415, "a form is sent as application/x-www-form-urlencoded")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "the form is too large")
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}


async def _session(request: Request) -> auth.Session | None:
    site = site_of(request)
    value = request.cookies.get(COOKIE)
    return await call(lambda _r: auth.session_of(site.store, value), request) if value else None


def _to_signin(request: Request) -> HTTPException:
    nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(303, "sign in first", headers={"Location": f"/signin?next={quote(nxt)}", **NO_STORE})


async def _page_session(request: Request) -> auth.Session:
    """The session of a desk page: none, expired or revoked goes back to /signin."""
    sess = await _session(request)
    if sess is None:
        raise _to_signin(request)
    return sess


async def _posted(request: Request, role: str | None = None) -> tuple[auth.Session, dict]:
    """A desk form's session and fields: 401 without a session, 403 without its CSRF token (or
    without the role the action needs)."""
    sess = await _session(request)
    if sess is None:
        raise HTTPException(401, "sign in at /signin first")
    form = await _form(request)
    if not hmac.compare_digest(form.get("csrf", ""), sess.csrf):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page")
    if role is not None and sess.role != role:
        raise HTTPException(403, f"this needs the {role} role")
    return sess, form


def _render(request: Request, template: str, data: dict, status: int = 200, sess: auth.Session | None = None) -> Response:
    resp = site_of(request).render(request, template, {**data, "session": sess}, status=status)
    resp.headers.update(NO_STORE)
    return resp


def _next(value: str | None) -> str:
    """Where to go after signing in: a desk page of this site, never another site."""
    return value if value and value.startswith("/desk") and "//" not in value and "\\" not in value else "/desk"


# ------------------------------------------------------------------ sign-in and sign-out

async def signin_page(request: Request) -> Response:
    if await _session(request) is not None:
        return RedirectResponse(_next(request.query_params.get("next")), 303, headers=NO_STORE)
    token = secrets.token_urlsafe(32)
    resp = _render(request, "signin.html", {"csrf": token, "next": _next(request.query_params.get("next")), "error": None})
    _set_cookie(resp, request, SIGNIN_COOKIE, token, max_age=3600)
    return resp


async def signin(request: Request) -> Response:
    site = site_of(request)
    form = await _form(request)
    pre = request.cookies.get(SIGNIN_COOKIE, "")
    if not pre or not hmac.compare_digest(form.get("csrf", ""), pre):
        raise HTTPException(403, "the sign-in form's CSRF token is missing or wrong: reload the page")
    client = (request.client.host if request.client else None)
    opened = await call(lambda _r: auth.sign_in(
        site.store, token=form.get("token") or None, name=form.get("name") or None, password=form.get("password") or None,
        ttl_s=site.session_ttl_s, replaces=request.cookies.get(COOKIE), client=client), request)
    if opened is None:
        fresh = secrets.token_urlsafe(32)
        resp = _render(request, "signin.html", {"csrf": fresh, "next": _next(form.get("next")),
                                                "error": "That token, or that name and password, does not open the desk."},
                       status=401)
        _set_cookie(resp, request, SIGNIN_COOKIE, fresh, max_age=3600)
        return resp
    value, _sess = opened
    resp = RedirectResponse(_next(form.get("next")), 303, headers=NO_STORE)
    _set_cookie(resp, request, COOKIE, value, max_age=site.session_ttl_s)
    resp.delete_cookie(SIGNIN_COOKIE, path="/")
    return resp


async def signout(request: Request) -> Response:
    sess, _form_ = await _posted(request)
    await call(lambda _r: auth.sign_out(site_of(request).store, sess), request)
    resp = RedirectResponse("/signin", 303, headers=NO_STORE)
    resp.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    return resp


# ------------------------------------------------------------------ the review queue

def _kind(value: str | None) -> str:
    kind = value or FactKind.EVENT
    if kind not in FactKind.values():
        raise HTTPException(400, f"tab is one of {', '.join(FactKind.values())}")
    return kind


async def desk_page(request: Request) -> Response:
    sess = await _page_session(request)
    site = site_of(request)
    kind = _kind(request.query_params.get("tab"))

    def build(_r):
        with site.store.read() as conn:
            data = review.queue(conn, kind, min_confidence=site.min_confidence)
            data["speakers"] = review.speakers(conn) if kind == FactKind.QUOTE else []
        return data
    data = await call(build, request)
    if request.url.path.endswith(".json"):
        return JSON(data, headers=NO_STORE)
    return _render(request, "desk.html", data, sess=sess)


def _pin(fields: dict) -> dict:
    """The fact a decision names: kind, article, span and key, checked."""
    kind = _kind(fields.get("kind"))
    nums = {k: row_id(str(fields.get(k, ""))) for k in ("article_id", "start", "end")}
    if None in nums.values() or not isinstance(fields.get("key"), str):
        raise HTTPException(400, "a decision names its fact: kind, article_id, start, end and key")
    return {"kind": kind, **nums, "key": fields["key"]}


async def _decide(request: Request, by: str, pin: dict, action: str, changes: dict | None):
    if action not in ReviewAction.values():
        raise HTTPException(400, f"action is one of {', '.join(ReviewAction.values())}")
    try:
        return await call(lambda _r: editorial.decide(site_of(request).store, **pin, action=action, changes=changes,
                                                      by=by), request)
    except FactNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except ReviewError as exc:
        raise HTTPException(400, str(exc)) from None


def _changes(kind: str, form: dict) -> dict:
    """The correction a desk form sends: its editable fields (an empty place keeps the machine's)."""
    out = {}
    for name in editorial.EDITABLE[kind]:
        if name in form and not (name in ("place", "geonameid") and not form[name].strip()):
            out[name] = form[name]
    return out


async def desk_decide(request: Request) -> Response:
    sess, form = await _posted(request)
    pin = _pin(form)
    action = form.get("action", "")
    await _decide(request, sess.who, pin, action, _changes(pin["kind"], form) if action == ReviewAction.CORRECT else None)
    nxt = form.get("next_item", "")
    anchor = f"#{nxt}" if nxt.replace("-", "").isalnum() else ""
    return RedirectResponse(f"/desk?tab={pin['kind']}{anchor}", 303, headers=NO_STORE)


async def desk_places(request: Request) -> Response:
    """Gazetteer candidates for a name (the correction form's place search)."""
    await _page_session(request)
    q = request.query_params.get("q", "")
    return JSON({"q": q, "places": await call(lambda _r: review.gazetteer_search(q), request)}, headers=NO_STORE)


async def desk_audit(request: Request) -> Response:
    sess = await _page_session(request)
    site = site_of(request)

    def build(_r):
        with site.store.read() as conn:
            entries = editorial.audit(conn, limit=500)
        return {"entries": entries, "sessions": auth.list_sessions(site.store) if sess.role == Role.ADMIN else []}
    data = await call(build, request)
    if request.url.path.endswith(".json"):
        return JSON(data, headers=NO_STORE)
    return _render(request, "audit.html", {**data, "csrf": sess.csrf}, sess=sess)


async def desk_revoke(request: Request) -> Response:
    """An admin ends a session (their own included)."""
    sess, _f = await _posted(request, role=Role.ADMIN)
    sid = request.path_params["session_id"]
    await call(lambda _r: auth.revoke_session(site_of(request).store, sid, by=sess.who), request)
    return RedirectResponse("/desk/audit", 303, headers=NO_STORE)


# ------------------------------------------------------------------ the write API (editor tokens)

async def api_decisions(request: Request) -> Response:
    """GET: the decisions in force (?kind=); POST {kind, article_id, start, end, key, action,
    changes?}: record one. Both with an editor or admin token."""
    site = site_of(request)
    by = await site.editor(request)
    if request.method == "GET":
        kind = request.query_params.get("kind")
        if kind is not None:
            _kind(kind)

        def read(_r):
            with site.store.read() as conn:
                return [d.as_dict() for d in editorial.current(conn, kind, since=request.query_params.get("since"))]
        return JSON({"decisions": await call(read, request)})
    body = await json_body(request)
    changes = body.get("changes")
    if changes is not None and not isinstance(changes, dict):
        raise HTTPException(400, "changes must be an object of the fields a correction changes")
    dec = await _decide(request, by, _pin(body), str(body.get("action", "")), changes)
    return JSON({"decision": dec.as_dict()}, status_code=201)


async def api_audit(request: Request) -> Response:
    site = site_of(request)
    await site.editor(request)

    def read(_r):
        with site.store.read() as conn:
            return editorial.audit(conn, limit=1000, since=request.query_params.get("since"))
    return JSON({"entries": await call(read, request)})


ROUTES = [
    Route("/signin", signin_page, methods=["GET"]),
    Route("/signin", signin, methods=["POST"]),
    Route("/signout", signout, methods=["POST"]),
    Route("/desk", desk_page, methods=["GET"]),
    Route("/desk.json", desk_page, methods=["GET"]),
    Route("/desk/decide", desk_decide, methods=["POST"]),
    Route("/desk/places.json", desk_places, methods=["GET"]),
    Route("/desk/audit", desk_audit, methods=["GET"]),
    Route("/desk/audit.json", desk_audit, methods=["GET"]),
    Route("/desk/sessions/{session_id:id}/revoke", desk_revoke, methods=["POST"]),
    Route("/api/decisions", api_decisions, methods=["GET", "POST"]),
    Route("/api/audit", api_audit, methods=["GET"]),
]
