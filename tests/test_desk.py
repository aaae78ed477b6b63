"""The editors' desk over HTTP (in-process ASGI, and a real server for the write walk): sign-in
and its cookie, CSRF, the cross-site guard, expiry, stored markup kept inert, and every write
route refused without credentials."""
from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import insert, update

from livebrief import auth
from livebrief.publish.app import create_app
from livebrief.publish.openapi import spec
from livebrief.store import Store, now_iso
from livebrief.store import schema as t

from .conftest import serving
from .test_editorial import TEXT, _facts

WRITES = {"post", "put", "patch", "delete"}
# the desk's own writes (forms, not in the API's description)
DESK_WRITES = ["/signout", "/desk/decide", "/desk/sessions/1/revoke"]


@pytest.fixture
def store(tmp_path):
    s = Store(str(tmp_path / "desk.db"))
    with s.write() as conn:
        aid = conn.execute(insert(t.articles).values(content_hash="h1", text=TEXT, title="Aid and a strike",
                                                     published="2024-03-04", ingested_at=now_iso())).inserted_primary_key[0]
        _facts(conn, aid)
    yield s
    s.close()


def _client(store, scheme="http") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(store)), base_url=f"{scheme}://testserver")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def _signed_in(c: httpx.AsyncClient, token: str) -> str:
    page = await c.get("/signin")
    r = await c.post("/signin", data={"csrf": _csrf(page.text), "token": token, "next": "/desk?tab=aid"})
    assert (r.status_code, r.headers["location"]) == (303, "/desk?tab=aid")
    return _csrf((await c.get("/desk")).text)


@pytest.mark.anyio
async def test_sign_in_sets_a_strict_cookie_and_a_new_session_id(store):
    _tid, token = auth.create_token(store, "editor")
    async with _client(store, "https") as c:
        c.cookies.set("lb_session", "planted-by-an-attacker")
        page = await c.get("/signin")
        r = await c.post("/signin", data={"csrf": _csrf(page.text), "token": token})
        cookie = next(v for v in r.headers.get_list("set-cookie") if v.startswith("lb_session="))
        assert {"HttpOnly", "Secure", "SameSite=strict", "Path=/"} <= {p.strip() for p in cookie.split(";")}
        value = cookie.split(";")[0].split("=", 1)[1]
        assert value != "planted-by-an-attacker" and auth.session_of(store, value) is not None
        # signing in again replaces the session: the first id no longer opens anything
        page = await c.get("/signin")   # (signed in: sent on to the desk)
        assert page.status_code == 303
    async with _client(store) as c:
        c.cookies.set("lb_session", value)
        c.cookies.set("lb_signin", "x")
        page = await c.post("/signin", data={"csrf": "x", "token": token})
        assert auth.session_of(store, value) is None and page.status_code == 303


@pytest.mark.anyio
async def test_forms_need_their_csrf_token_and_this_origin(store):
    _tid, token = auth.create_token(store, "editor")
    async with _client(store) as c:
        assert (await c.post("/signin", data={"token": token})).status_code == 403          # no sign-in CSRF
        csrf = await _signed_in(c, token)
        pin = {"kind": "event", "article_id": "1", "start": "60", "end": "98", "key": "explosions_remote_violence",
               "action": "approve"}
        assert (await c.post("/desk/decide", data=pin)).status_code == 403
        assert (await c.post("/desk/decide", data={**pin, "csrf": "forged"})).status_code == 403
        r = await c.post("/desk/decide", data={**pin, "csrf": csrf}, headers={"Origin": "https://elsewhere.example"})
        assert r.status_code == 403
        assert (await c.post("/desk/decide", data={**pin, "csrf": csrf})).status_code == 303
        audit = (await c.get("/desk/audit.json")).json()["entries"]
        assert [e["action"] for e in audit][:2] == ["approve", "signin"]


@pytest.mark.anyio
async def test_an_expired_or_revoked_session_goes_back_to_signin(store):
    _tid, token = auth.create_token(store, "editor")
    async with _client(store) as c:
        await _signed_in(c, token)
        with store.write() as conn:
            conn.execute(update(t.sessions).values(expires_at="2000-01-01T00:00:00+00:00"))
        r = await c.get("/desk")
        assert (r.status_code, r.headers["location"]) == (303, "/signin?next=/desk")
    async with _client(store) as c:
        await _signed_in(c, token)
        assert auth.revoke_sessions(store, by="test") >= 1
        assert (await c.get("/desk/audit")).headers["location"].startswith("/signin")


@pytest.mark.anyio
async def test_markup_in_a_correction_is_shown_as_text(store):
    _tid, token = auth.create_token(store, "editor")
    async with _client(store) as c:
        csrf = await _signed_in(c, token)
        evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        r = await c.post("/desk/decide", data={"csrf": csrf, "kind": "aid", "article_id": "1", "start": "0", "end": "59",
                                               "key": "SE", "action": "correct", "donor": evil, "amount": "1",
                                               "currency": "EUR", "category": "military", "status": "pledged"})
        assert r.status_code == 303
        for path in ("/", "/desk?tab=aid", "/desk/audit", "/aid", "/digest?since=3650d", "/digest?since=3650d&format=md"):
            body = (await c.get(path)).text
            assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;" in (await c.get("/")).text
        assert (await c.get("/index.json")).json()["aid"]["pledges"][0]["donor"] == evil


@pytest.mark.anyio
async def test_readers_see_nothing_of_the_desk(store):
    async with _client(store) as c:
        for path in ("/desk", "/desk.json", "/desk/audit", "/desk/audit.json", "/desk/places.json?q=Kyiv"):
            r = await c.get(path)
            assert (r.status_code, r.headers["location"].split("?")[0]) == (303, "/signin"), path
        for path in ("/api/decisions", "/api/audit"):
            assert (await c.get(path)).status_code == 401
        assert (await c.get("/export/corrections.jsonl")).status_code == 404
        front = (await c.get("/")).text
        assert "/desk" not in front and "/signin" not in front


def test_every_write_is_refused_without_credentials(store):
    """Each write operation of the OpenAPI description, and each desk form, on a real server."""
    ops = [(m, p) for p, item in spec()["paths"].items() for m in item if m in WRITES]
    assert ("post", "/api/decisions") in ops and len(ops) >= 7
    with serving(create_app(store)) as base:
        for method, path in ops:
            url = base + re.sub(r"\{[^}]+\}", "1", path)
            r = httpx.request(method.upper(), url, json={"kind": "event", "action": "approve"})
            assert r.status_code in (401, 403), (method, path, r.status_code)
        for path in DESK_WRITES:
            r = httpx.post(base + path, data={"csrf": "guess"})
            assert r.status_code in (401, 403), (path, r.status_code)
        # the desk's writes with a token but no session are refused too: a token is for the API
        _tid, token = auth.create_token(store, "editor")
        r = httpx.post(base + "/desk/decide", data={"csrf": "guess"}, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401


def test_the_write_api_records_decisions_with_an_editor_token(store):
    _tid, token = auth.create_token(store, "editor")
    with serving(create_app(store)) as base:
        h = {"Authorization": f"Bearer {token}"}
        pin = {"kind": "aid", "article_id": 1, "start": 0, "end": 59, "key": "SE"}
        r = httpx.post(base + "/api/decisions", json={**pin, "action": "correct", "changes": {"amount": 4e8}}, headers=h)
        assert r.status_code == 201 and r.json()["decision"]["after"]["amount"] == 4e8
        r = httpx.post(base + "/api/decisions", json={**pin, "action": "correct", "changes": {"currency": "euro"}}, headers=h)
        assert (r.status_code, r.json()["ok"]) == (400, False)
        r = httpx.post(base + "/api/decisions", json={**pin, "key": "NO", "action": "approve"}, headers=h)
        assert r.status_code == 404
        assert [d["action"] for d in httpx.get(base + "/api/decisions", headers=h).json()["decisions"]] == ["correct"]
        assert httpx.get(base + "/api/aid").json()["pledges"][0]["amount"] == 4e8


@pytest.mark.anyio
async def test_sign_out_ends_the_session(store):
    _tid, token = auth.create_token(store, "editor")
    async with _client(store) as c:
        csrf = await _signed_in(c, token)
        value = c.cookies.get("lb_session")
        assert (await c.post("/signout", data={"csrf": "wrong"})).status_code == 403
        r = await c.post("/signout", data={"csrf": csrf})
        assert (r.status_code, r.headers["location"]) == (303, "/signin")
        assert auth.session_of(store, value) is None
        assert (await c.get("/desk")).status_code == 303
