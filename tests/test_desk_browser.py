"""The editors' desk end to end in a real headless Chromium on the demo: an editor signs in,
corrects an aid record's donor and amount, approves an event and rejects a quotation from the
keyboard; the front page, its JSON twin and the digest change; a reread keeps all three; the
audit log shows them; a form posted from another origin, or without its CSRF token, is refused;
an expired session goes back to /signin; a reader reaches neither the desk nor any write; and
`livebrief accuracy --json` counts exactly what was decided."""
from __future__ import annotations

import os
import re

import httpx
import pytest
from sqlalchemy import update

from livebrief import auth
from livebrief.demo import load_demo
from livebrief.flow import reread_checked
from livebrief.publish.app import create_app
from livebrief.settings import Options
from livebrief.store import Store
from livebrief.store import schema as t

from .conftest import run_json, serving
from .test_browser import CHROMIUM, browser  # noqa: F401 - the one headless Chromium of the browser tests

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                reason="Debian chromium is not installed (scripts/test installs it)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("desk") / "demo.db"
    store = Store(str(db))
    load_demo(store, Options(db=str(db)))
    _tid, token = auth.create_token(store, "editor", "e2e")
    with serving(create_app(store, demo=True)) as base:
        yield store, base, token, str(db)
    store.close()


def _item(page, base: str, tab: str, fact: dict):
    """The desk's item for a fact the front page shows (found by its article and span)."""
    page.goto(f"{base}/desk?tab={tab}")
    item = page.locator(f'li.item[id^="i-{fact["article_id"]}-{fact["start"]}-"]').first
    assert item.count() == 1
    item.click(position={"x": 5, "y": 5})   # the current item of the keyboard
    return item


def test_the_desk_end_to_end(demo, tmp_path, request):
    store, base, token, db = demo
    chromium = request.getfixturevalue("browser")   # test_browser's (imported above)
    before = httpx.get(base + "/index.json").json()
    pledge, event, quote = before["aid"]["pledges"][0], before["civilians"][0], before["quotes"][0]
    assert (pledge["review"], event["review"], quote["review"]) == ("unreviewed",) * 3

    ctx = chromium.new_context()
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # 1. the desk sends a stranger to /signin; the editor signs in with a token
    page.goto(base + "/desk")
    assert re.search(r"/signin\?next=/desk$", page.url)
    page.fill("#f-token", token)
    page.click("#signin-submit")
    page.wait_for_url(re.compile(r"/desk$"))
    assert "Review queue" in page.inner_text("h1")

    # 2. correct the donor and the amount of the front page's first pledge
    source = pledge["sources"][0]
    item = _item(page, base, "aid", source)
    page.keyboard.press("e")
    form = item.locator("form.correction")
    form.locator("input[name=donor]").fill("Canada")
    form.locator("input[name=donor_country]").fill("CA")
    form.locator("input[name=amount]").fill("1250000000")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/desk\?tab=aid"))
    # 3. approve the front page's first event, 4. reject its first quotation, from the keyboard
    _item(page, base, "event", event)
    with page.expect_navigation():
        page.keyboard.press("a")
    _item(page, base, "quote", quote)
    with page.expect_navigation():
        page.keyboard.press("r")
    assert errors == []

    def check_published():
        after = httpx.get(base + "/index.json").json()
        fixed = [p for p in after["aid"]["pledges"] if p["sources"][0]["start"] == source["start"]
                 and p["sources"][0]["article_id"] == source["article_id"]]
        assert [(p["donor"], p["amount"], p["review"]) for p in fixed] == [("Canada", 1.25e9, "corrected")]
        assert [e["review"] for e in after["civilians"] if e["id"] == event["id"] or
                (e["article_id"], e["start"]) == (event["article_id"], event["start"])] == ["approved"]
        assert quote["text"] not in [q["text"] for q in after["quotes"]]
        html = httpx.get(base + "/").text
        assert "corrected by an editor" in html and "checked by an editor" in html and quote["text"] not in html
        md = httpx.get(base + "/digest", params={"since": "3650d", "format": "md"}).text
        assert re.search(r"- Canada \w+ \w+ aid: 1,250,000,000 \w+ \(corrected by an editor\)", md)
        assert "(checked by an editor)" in md

    # 5. the front page, its JSON twin and the digest show the decisions
    check_published()
    # 6. a reread replaces every fact row; the decisions stay
    out = reread_checked(store)
    assert out["decisions"] == {"kept": 3, "lost": []}
    check_published()
    # 7. the audit log shows the three decisions, by this editor's token
    page.goto(base + "/desk/audit")
    rows = page.locator("#audit tr").all_inner_texts()
    assert [r.split("\t")[1:3] for r in rows[1:4]] == [[f"token:{_token_id(store)}", a] for a in ("reject", "approve", "correct")]
    assert f"donor: {pledge['donor']} → Canada" in rows[3] and "amount:" in rows[3]

    # 8. a form from another origin (a page on another port: same site, other origin) is refused
    other = _other_origin_page(tmp_path, base, quote)
    with serving(other) as evil:
        page.goto(evil + "/")
        with page.expect_navigation():
            page.click("#go")
        assert "cross-site request refused" in page.content()
    # 9. and a post without the CSRF token, from this origin with the session's cookie
    r = page.request.post(base + "/desk/decide", form={"kind": "quote", "action": "approve"})
    assert r.status == 403
    # 10. an expired session is sent back to /signin
    with store.write() as conn:
        conn.execute(update(t.sessions).values(expires_at="2000-01-01T00:00:00+00:00"))
    page.goto(base + "/desk?tab=event")
    assert re.search(r"/signin\?next=", page.url)
    ctx.close()

    # 11. a reader without a session reaches neither the desk nor any write
    reader = chromium.new_context().new_page()
    for path in ("/desk", "/desk/audit"):
        reader.goto(base + path)
        assert "/signin" in reader.url
    assert reader.request.post(base + "/api/decisions", data={"kind": "quote"}).status == 401
    assert reader.request.post(base + "/desk/decide", form={"csrf": "x"}).status == 401
    reader.context.close()

    # 12. the readers' accuracy on the demo, from exactly these decisions
    acc = run_json("accuracy", "--json", db=db)
    kinds = acc["kinds"]
    assert {k: (v["decisions"], v["approved"], v["corrected"], v["rejected"], v["precision"]) for k, v in kinds.items()} == {
        "event": (1, 1, 0, 0, 1.0), "aid": (1, 0, 1, 0, 0.0), "quote": (1, 0, 0, 1, 0.0), "place": (0, 0, 0, 0, None)}
    wrong = {f: (v["right"], v["checked"]) for f, v in kinds["aid"]["fields"].items() if v["right"] < v["checked"]}
    assert wrong == {"donor": (0, 1), "donor_country": (0, 1), "amount": (0, 1)}
    assert all(v["right"] == v["checked"] == 1 for v in kinds["event"]["fields"].values())
    assert acc["total"] == {"decisions": 3, "right": 1, "precision": 0.3333}


def _token_id(store) -> int:
    return auth.list_tokens(store)[0]["id"]


def _other_origin_page(tmp_path, base: str, quote: dict):
    """An app on another port whose page posts the desk's approve form (with a guessed token)."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    form = (f'<form method="post" action="{base}/desk/decide"><input type="hidden" name="csrf" value="guess">'
            f'<input type="hidden" name="kind" value="quote"><input type="hidden" name="article_id" value="{quote["article_id"]}">'
            f'<input type="hidden" name="action" value="approve"><button id="go" type="submit">win a prize</button></form>')

    async def home(_request):
        return HTMLResponse(f"<!doctype html><title>elsewhere</title>{form}")
    return Starlette(routes=[Route("/", home), Route("/healthz", home)])
