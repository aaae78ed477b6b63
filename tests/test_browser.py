"""The briefing in a real headless Chromium (Debian's, driven by Playwright): sections, the map's
base layer and markers, "why we say this", the aid chart, no console errors, and no request to
any host but the test server. Screenshots go to artifacts/."""
from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

from livebrief.demo import load_demo
from livebrief.publish.app import create_app
from livebrief.settings import Options
from livebrief.store import Store

from .conftest import ROOT, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
                                reason="Debian chromium is not installed (scripts/test installs it)")
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "demo.db"
    store = Store(str(db))
    load_demo(store, Options(db=str(db)))
    with serving(create_app(store, demo=True)) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, demo_site):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = ctx.new_page()
    pg.console_errors = []
    pg.foreign = []
    host = urlsplit(demo_site).netloc
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("request", lambda r: pg.foreign.append(r.url) if urlsplit(r.url).netloc not in (host, "") else None)
    yield pg
    ctx.close()


def shot(pg, name):
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_briefing_has_four_sections_and_why_links_highlight(page, demo_site):
    page.goto(demo_site + "/")
    headings = page.locator("main h2").all_inner_texts()
    for h in ("Latest developments", "Western military aid", "The plight of civilians", "Territorial control"):
        assert h in headings
    shot(page, "briefing.png")
    page.locator("a.why").first.click()
    page.wait_for_load_state()
    hl = page.locator("#hl")
    assert hl.count() == 1 and hl.is_visible()
    assert len(" ".join(page.locator(".f-highlight").all_inner_texts())) > 20
    assert page.console_errors == [] and page.foreign == []


def test_map_draws_base_layer_and_markers(page, demo_site):
    page.goto(demo_site + "/map")
    page.wait_for_selector("#map[data-basemap='loaded']", timeout=15000)
    page.wait_for_selector("#map[data-markers]", timeout=15000)
    assert int(page.get_attribute("#map", "data-markers")) > 0
    assert page.locator(".leaflet-overlay-pane path").count() > 100   # countries, admin-1 units and markers
    assert "internationally recognised borders" in page.inner_text("#border-policy")
    page.wait_for_selector("#map[data-control='illustrative']", timeout=15000)   # the demo's control layer
    page.select_option("#f-type", "diplomacy")
    n_dip = int(page.get_attribute("#map", "data-markers"))
    page.select_option("#f-type", "")
    assert 0 < n_dip < int(page.get_attribute("#map", "data-markers"))
    page.select_option("#f-diff", "2022-09-01")   # change since the first demo layer, up to the latest date
    page.wait_for_selector("#map[data-diff]", timeout=15000)
    assert int(page.get_attribute("#map", "data-diff")) > 0
    assert "Kherson" in page.inner_text("#diff-settlements")
    assert page.locator("#diff-settlements a.why").count() > 0
    shot(page, "map.png")
    assert page.console_errors == [] and page.foreign == []


def test_aid_page_draws_its_chart(page, demo_site):
    page.goto(demo_site + "/aid")
    page.wait_for_selector("#aid-chart[data-drawn='yes']", timeout=15000)
    # the Kiel Tracker's commitments and deliveries, then by donor, status and category
    assert page.locator("table.tbl").count() == 4
    assert page.locator("table.tbl").first.locator("tbody tr").count() > 0
    shot(page, "aid.png")
    assert page.console_errors == [] and page.foreign == []


def test_civilians_people_and_search_filters(page, demo_site):
    page.goto(demo_site + "/civilians")
    page.wait_for_selector("#map[data-markers]", timeout=15000)
    assert int(page.get_attribute("#map", "data-markers")) > 0
    assert page.locator("table.tbl tr").count() > 2
    page.goto(demo_site + "/people")
    page.locator("main a").first.click()
    page.wait_for_load_state()
    assert page.locator("ul.quotes li").count() > 0
    page.goto(demo_site + "/search?q=&place=Kyiv&topic=civilians")
    titles = page.locator("ul.list li a").all_inner_texts()
    assert titles and all(t for t in titles)
    assert page.console_errors == [] and page.foreign == []


def phone(browser):
    """A 375 px wide phone's context and page, and the list of the page's errors."""
    ctx = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return ctx, pg, errors


@pytest.mark.parametrize("path", ["/", "/aid", "/civilians", "/map", "/search?q=strike", "/articles/1", "/developments/1"])
def test_pages_fit_a_phone(browser, demo_site, path):
    """On a 375 px wide phone screen nothing runs off the side, text stays readable, and the
    navigation and links are large enough to tap."""
    ctx, pg, errors = phone(browser)
    pg.goto(demo_site + path)
    pg.wait_for_load_state("networkidle")
    width = pg.evaluate("window.innerWidth")
    overflow = pg.evaluate("""() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter(e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                         return r.width > 0 && r.right > w + 1 && s.position !== 'fixed'
                                && !e.closest('.leaflet-container, pre, table, .scroll-x'); })
          .map(e => e.tagName + '.' + e.className).slice(0, 5); }""")
    assert pg.evaluate("document.documentElement.scrollWidth") <= width + 1, overflow
    assert overflow == []
    font = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('main') || document.body).fontSize)")
    assert font >= 14
    meta = pg.evaluate("document.querySelector('meta[name=viewport]')?.content || ''")
    assert "width=device-width" in meta
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"phone{path.replace('/', '_').replace('?', '_') or '_index'}.png"), full_page=False)
    assert errors == []
    ctx.close()
