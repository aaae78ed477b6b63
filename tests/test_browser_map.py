"""The map a reader can read, in a real headless Chromium: settlement and region names at two
zooms, the first view on the front, the legend, the scale and the layer's date and source, events
clustered and opening their sentences, the change between two layers naming the settlements that
changed hands with their evidence, the briefing's territorial section leading there, and a phone.
Screenshots go to artifacts/."""
from __future__ import annotations

import httpx

from .test_browser import ARTIFACTS, browser, demo_site, page, phone, pytestmark, shot  # noqa: F401 - fixtures

DIFF = "/map?from=2022-09-15&to=2022-11-15"


def _names(pg, cls: str) -> set[str]:
    return {t.strip() for t in pg.locator(f"#map .{cls}").all_text_contents()}


def _zoom_in(pg, to: int) -> None:
    while int(pg.get_attribute("#map", "data-zoom")) < to:
        z = int(pg.get_attribute("#map", "data-zoom"))
        pg.click(".leaflet-control-zoom-in")
        pg.wait_for_selector(f"#map[data-zoom='{z + 1}']", timeout=10000)
        pg.wait_for_timeout(400)


def test_the_map_names_settlements_and_regions_by_zoom_on_the_front(page, demo_site):  # noqa: F811
    page.goto(demo_site + "/map")
    page.wait_for_selector("#map[data-labels][data-markers]", timeout=15000)
    page.wait_for_timeout(500)
    assert int(page.get_attribute("#map", "data-zoom")) >= 6    # fitted to the front, not Europe
    wide = _names(page, "city-label")
    assert {"Kyiv", "Kharkiv", "Dnipro", "Donetsk", "Zaporizhzhia", "Odesa"} <= wide
    population: dict[str, int] = {}
    for c in httpx.get(demo_site + "/static/map-labels.json").json()["cities"]:
        population[c[0]] = max(c[3], population.get(c[0], 0))
    assert min(population[n] for n in wide) >= 50_000    # a town waits for a closer zoom
    assert {"Donetsk Oblast", "Kharkiv Oblast"} <= _names(page, "region-label")
    shot(page, "map-zoom6.png")
    _zoom_in(page, int(page.get_attribute("#map", "data-zoom")) + 2)
    close = _names(page, "city-label")
    assert len(close) >= 20 and min(population[n] for n in close) < min(population[n] for n in wide) / 2
    shot(page, "map-zoom8.png")
    assert page.console_errors == [] and page.foreign == []


def test_the_map_has_a_legend_a_scale_and_the_layers_date_and_source(page, demo_site):  # noqa: F811
    page.goto(demo_site + "/map")
    page.wait_for_selector("#map[data-control='illustrative']", timeout=15000)
    legend = page.locator("#map-legend")
    assert legend.is_visible() and legend.get_attribute("open") is not None
    for item in ("occupied", "contested", "liberated", "claimed", "gained", "lost", "event", "settlement"):
        assert item in legend.inner_text()
    assert "km" in page.inner_text(".leaflet-control-scale")
    info = page.inner_text("#map-layer-info")
    assert "2022-11-15" in info and "livebrief demo" in info
    assert page.console_errors == [] and page.foreign == []


def test_events_cluster_and_each_opens_its_sentence(page, demo_site):  # noqa: F811
    page.goto(demo_site + "/map")
    page.wait_for_selector("#map[data-clusters]", timeout=15000)
    assert int(page.get_attribute("#map", "data-clusters")) > 0
    page.locator("path.event-marker").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert popup.locator("q.sentence").inner_text().strip() and popup.locator("a", has_text="why we say this").count() == 1
    page.goto(demo_site + "/map")
    page.wait_for_selector("#map[data-clusters]", timeout=15000)
    zoom = int(page.get_attribute("#map", "data-zoom"))
    page.locator(".event-cluster").first.click()
    page.wait_for_timeout(800)
    opened = page.locator(".leaflet-popup-content .popup-list a").count()
    assert opened > 0 or int(page.get_attribute("#map", "data-zoom")) > zoom   # a list of sentences, or closer
    assert page.console_errors == [] and page.foreign == []


def test_the_change_names_the_settlements_that_changed_hands_with_evidence(page, demo_site):  # noqa: F811
    page.goto(demo_site + DIFF)
    page.wait_for_selector("#map[data-diff]", timeout=15000)
    page.wait_for_timeout(500)
    items = page.locator("#diff-settlements li")
    assert items.count() >= 1
    kherson = items.filter(has_text="Kherson").first
    assert "occupied → liberated" in kherson.inner_text()
    assert page.locator(".settlement-tip", has_text="Kherson").is_visible()   # named on the map too
    unreported = page.inner_text("#diff-unreported")
    assert "Beryslav" in unreported and "Oleshky" not in unreported   # the left bank did not change hands
    assert "liberated" in page.inner_text("#diff-areas") and "km²" in page.inner_text("#diff-areas")
    shot(page, "map-diff.png")
    kherson.locator("a.evidence").first.click()
    page.wait_for_load_state()
    assert "entered the southern city of Kherson" in " ".join("".join(page.locator(".f-highlight").all_text_contents()).split())
    assert page.console_errors == [] and page.foreign == []


def test_the_briefing_leads_its_territorial_section_with_the_layers(page, demo_site):  # noqa: F811
    page.goto(demo_site + "/")
    section = page.locator("#territory")
    text = section.inner_text()
    assert text.index("Latest change between control layers") < text.index("Reported claims from the coverage")
    assert "Kherson" in section.locator("ul.settlements").inner_text()
    for claim in section.locator("ul.claims li").all_inner_texts():
        assert "CLAIM" in claim.upper()
    section.screenshot(path=str(ARTIFACTS / "briefing-territory.png"))
    section.locator("a", has_text="See this change on the map").click()
    page.wait_for_selector("#map[data-diff]", timeout=15000)
    assert "Kherson" in page.inner_text("#diff-settlements")
    assert page.console_errors == [] and page.foreign == []


def test_the_map_and_its_change_fit_a_phone(browser, demo_site):  # noqa: F811
    ctx, pg, errors = phone(browser)
    pg.goto(demo_site + DIFF)
    pg.wait_for_selector("#map[data-diff][data-labels]", timeout=15000)
    pg.wait_for_timeout(500)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 376
    box = pg.locator("#map").bounding_box()
    assert box["width"] <= 375 and box["height"] >= 300
    assert pg.locator("#map-legend").get_attribute("open") is None    # folded on a phone, one tap opens it
    assert int(pg.get_attribute("#map", "data-labels")) > 0
    assert pg.locator("#diff-settlements li", has_text="Kherson").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "phone_map_diff.png"), full_page=True)
    pg.locator("#map-legend summary").tap()
    assert "occupied" in pg.locator("#map-legend").inner_text()
    assert errors == []
    ctx.close()
