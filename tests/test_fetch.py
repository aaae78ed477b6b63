"""Fetching: the address policy, conditional GET, redirects, limits, robots.txt, polling sources.
All traffic goes to a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from livebrief import flow
from livebrief.errors import FetchError, HTTPStatusError, PolicyError, TooLargeError
from livebrief.flow import ingest
from livebrief.ingest import sources
from livebrief.ingest.fetch import Fetcher, check_url
from livebrief.store import schema as t

from .conftest import ROOT, run_cli, wait_for

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Summary only</title><link>{base}/story-1</link><guid>s1</guid>
<pubDate>Mon, 10 Oct 2022 08:00:00 GMT</pubDate><description>Short teaser.</description></item>
</channel></rss>"""

PAGE = """<html><head><title>Night of strikes</title></head><body><article><h1>Night of strikes</h1>
<p>Explosions were heard in the capital before dawn as missiles struck energy facilities in several regions,
officials said, and power was cut in many districts for hours.</p>
<p>The air force said most of the missiles had been shot down, and engineers began repairs in the morning.</p>
</article></body></html>"""


def no_connect(*_a, **_k):
    raise AssertionError("the policy must refuse before resolving or connecting")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://127.1/", "http://0x7f000001/", "http://2130706433/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://localhost/", "http://10.0.0.5/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data", "http://0.0.0.0/", "http://[fe80::1]/",
])
def test_policy_refuses_internal_addresses(url):
    with pytest.raises(PolicyError, match="refused"):
        check_url(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "data:text/html,hi", "javascript:alert(1)",
                                 "ftp://example.org/x"])
def test_policy_refuses_other_schemes_without_resolving(url):
    with pytest.raises(PolicyError, match="scheme"):
        check_url(url, resolver=no_connect)


def test_policy_checks_the_resolved_address_not_the_name():
    def rebinding(host, port, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
    with pytest.raises(PolicyError, match="resolves to 127.0.0.1"):
        check_url("http://innocent.example.com/", resolver=rebinding)

    def public(host, port, **kw):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
    target = check_url("https://innocent.example.com/a", resolver=public)
    assert (target.host, target.address, target.port) == ("innocent.example.com", "93.184.216.34", 443)


def test_redirect_to_a_private_address_is_refused(site, options):
    site.add("/go", status=302, headers={"Location": "http://10.1.2.3/secret"})
    # loopback allowed for the test server only: every other private range stays refused
    def resolver(host, port, **kw):
        return socket.getaddrinfo(host, port, **kw)
    with Fetcher(options.with_(allow_private=False), resolver=resolver) as f:
        with pytest.raises(PolicyError):
            f.get(site.base + "/go")
    assert site.hits == []  # refused before connecting


def test_fetch_follows_redirects_within_limit(site, options):
    site.add("/a", status=301, headers={"Location": "/b"})
    site.add("/b", status=302, headers={"Location": site.base + "/c"})
    site.add("/c", "final", headers={"Content-Type": "text/plain"})
    with Fetcher(options) as f:
        r = f.get(site.base + "/a")
    assert (r.status, r.body, r.url) == (200, b"final", site.base + "/c")
    assert r.history == [site.base + "/a", site.base + "/b"]
    for i in range(10):
        site.add(f"/loop{i}", status=302, headers={"Location": f"/loop{i + 1}"})
    with Fetcher(options.with_(max_redirects=3)) as f, pytest.raises(FetchError, match="more than 3 redirects"):
        f.get(site.base + "/loop0")


def test_fetch_sends_user_agent_and_caps_body(site, options):
    site.add("/big", b"x" * 5000)
    site.add("/liar", lambda h: (200, {"Content-Length": "999999999"}, b""))
    with Fetcher(options.with_(max_body_bytes=1000)) as f:
        with pytest.raises(TooLargeError, match="1000-byte limit"):
            f.get(site.base + "/big")
        with pytest.raises(TooLargeError, match="declares 999999999"):
            f.get(site.base + "/liar")
    assert site.hits[0][1]["User-Agent"].startswith("livebrief/")


def test_slow_server_times_out(site, options):
    def slow(handler):
        time.sleep(2.5)
        return 200, {}, b"late"
    site.add("/slow", slow)
    with Fetcher(options.with_(timeout_s=0.5)) as f, pytest.raises(FetchError, match="timed out"):
        f.get(site.base + "/slow")


def test_error_status_is_reported(site, options):
    site.add("/gone", "no", status=410)
    with Fetcher(options) as f, pytest.raises(HTTPStatusError) as err:
        f.get(site.base + "/gone")
    assert err.value.status == 410


def test_per_host_interval_is_respected(site, options):
    site.add("/x", "ok")
    with Fetcher(options.with_(host_interval_s=0.4)) as f:
        t0 = time.monotonic()
        for _ in range(3):
            f.get(site.base + "/x")
        assert time.monotonic() - t0 >= 0.8


def test_robots_txt_is_obeyed_for_pages(site, options):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    site.add("/private/p", PAGE)
    site.add("/public/p", PAGE)
    with Fetcher(options) as f:
        assert f.get(site.base + "/public/p", check_robots=True).status == 200
        with pytest.raises(PolicyError, match="robots.txt"):
            f.get(site.base + "/private/p", check_robots=True)


def test_feed_with_summaries_follows_entry_pages(site, options, store):
    site.add("/feed.xml", FEED.format(base=site.base), headers={"Content-Type": "application/rss+xml"})
    site.add("/story-1", PAGE, headers={"Content-Type": "text/html"})
    rep = ingest(store, [site.base + "/feed.xml"], options, progress=False)
    assert (rep.stored, rep.failed) == (1, [])
    with store.read() as conn:
        row = conn.execute(select(t.articles)).one()
    assert row.title == "Summary only" and "energy facilities" in row.text and row.input_id == "s1"
    never = ingest(store, [site.base + "/feed.xml"], options.with_(follow_links="never"), progress=False)
    assert never.duplicates == 1  # same link: a duplicate, not a new article


def test_poll_uses_conditional_get_and_records_attempts(site, options, store):
    state = {"etag": '"v1"'}

    def feed(handler):
        if handler.headers.get("If-None-Match") == state["etag"]:
            return 304, {"ETag": state["etag"]}, b""
        return 200, {"ETag": state["etag"], "Content-Type": "application/rss+xml"}, FEED.format(base=site.base).encode()
    site.add("/feed.xml", feed)
    site.add("/story-1", PAGE)
    sources.add_source(store, site.base + "/feed.xml", name="local", every="15m")
    first = flow.poll(store, options)
    assert first["sources"][0]["status"] == "ok" and first["stored"] == 1
    assert flow.poll(store, options)["sources"] == []            # not due yet
    second = flow.poll(store, options, force=True)
    assert second["sources"][0]["status"] == "not_modified" and second["stored"] == 0
    with store.read() as conn:
        attempts = conn.execute(select(t.fetch_attempts.c.status, t.fetch_attempts.c.http_status,
                                       t.fetch_attempts.c.etag).order_by(t.fetch_attempts.c.id)).all()
    assert [tuple(a) for a in attempts] == [("ok", 200, '"v1"'), ("not_modified", 304, '"v1"')]


def test_poll_records_refusal_when_private_not_allowed(site, options, store):
    site.add("/feed.xml", FEED.format(base=site.base))
    sources.add_source(store, site.base + "/feed.xml")
    out = flow.poll(store, options.with_(allow_private=False))
    assert out["sources"][0]["status"] == "refused"
    assert out["failed"][0]["stage"] == "policy"
    assert site.hits == []


def test_sources_cli_roundtrip(site, tmp_path):
    db = str(tmp_path / "s.db")
    site.add("/feed.xml", FEED.format(base=site.base), headers={"Content-Type": "application/rss+xml"})
    site.add("/story-1", PAGE)
    assert run_cli("sources", "add", site.base + "/feed.xml", "--name", "Local", "--every", "30m", db=db).returncode == 0
    listed = json.loads(run_cli("sources", "list", "--json", db=db).stdout)
    assert [(s["name"], s["every_s"]) for s in listed] == [("Local", 1800)]
    polled = run_cli("poll", "--json", "--allow-private", "--no-read", db=db)
    assert json.loads(polled.stdout)["stored"] == 1, polled.stderr
    # a number longer than any row id is no source (a usage error, not an overflow)
    too_long = run_cli("sources", "remove", "9" * 30, db=db)
    assert too_long.returncode == 2 and "no source" in too_long.stderr
    assert run_cli("sources", "remove", site.base + "/feed.xml", db=db).returncode == 0
    assert json.loads(run_cli("sources", "list", "--json", db=db).stdout) == []
    assert run_cli("sources", "add", "ftp://x/y", db=db).returncode == 2


# --- polling a rolling feed: known entries, gaps, the adaptive interval

STORIES = {
    "s1": "Engineers restored power to the eastern districts of the city after a night of repairs at two substations.",
    "s2": "The regional governor said that a convoy of grain lorries crossed the river bridge under police escort.",
    "s3": "A court in the capital opened the trial of three officials accused of selling fuel meant for hospitals.",
    "s4": "Farmers in the south began the barley harvest early this year because the spring was unusually dry.",
    "s5": "The railway company added two night trains to the western border to carry families returning home.",
    "s6": "Teachers in the frontline town moved their lessons into a basement library fitted with heaters.",
}


def rss(base: str, entries: list[tuple[str, str]], summaries: dict[str, str] | None = None) -> str:
    """A summary-only RSS feed: (guid, pubDate) per entry, newest first, each linking to its page."""
    items = "".join(
        f"<item><title>Story {guid}</title><link>{base}/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate><description>{(summaries or {}).get(guid, 'Teaser ' + guid)}</description></item>"
        for guid, date in entries)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Rolling Wire</title>{items}</channel></rss>'


class RollingFeed:
    """A feed whose content the test replaces; ETag/304 honoured, every page request counted."""

    def __init__(self, site):
        self.site, self.version, self.body = site, 0, ""
        site.add("/feed.xml", self._serve)
        for guid, text in STORIES.items():
            site.add(f"/{guid}", f"<html><head><title>Story {guid}</title></head><body><article><h1>Story {guid}"
                                 f"</h1><p>{text}</p><p>{text} Officials gave no further details.</p></article>"
                                 f"</body></html>", headers={"Content-Type": "text/html"})

    def show(self, entries, summaries=None):
        self.version += 1
        self.body = rss(self.site.base, entries, summaries)

    def _serve(self, handler):
        etag = f'"v{self.version}"'
        if handler.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, self.body.encode()

    def pages_fetched(self) -> list[str]:
        return [path for path, _h in self.site.hits if path.startswith("/s")]


def _count(store, table) -> int:
    from sqlalchemy import func
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


DAY = "Mon, 10 Oct 2022"


def test_a_changed_feed_with_one_new_entry_costs_one_fetch_and_no_duplicate_row(site, options, store):
    feed = RollingFeed(site)
    feed.show([("s3", f"{DAY} 10:00:00 GMT"), ("s2", f"{DAY} 09:00:00 GMT"), ("s1", f"{DAY} 08:00:00 GMT")])
    sources.add_source(store, site.base + "/feed.xml", every="15m")
    first = flow.poll(store, options)
    assert (first["new"], first["known"], first["duplicates"], len(feed.pages_fetched())) == (3, 0, 0, 3)
    site.hits.clear()
    feed.show([("s4", f"{DAY} 11:00:00 GMT"), ("s3", f"{DAY} 10:00:00 GMT"), ("s2", f"{DAY} 09:00:00 GMT"),
               ("s1", f"{DAY} 08:00:00 GMT")])
    second = flow.poll(store, options, force=True)
    assert feed.pages_fetched() == ["/s4"]
    assert {k: second["sources"][0][k] for k in ("status", "entries", "new", "updated", "duplicates", "known",
                                                  "failed", "stored", "gap")} == {
        "status": "ok", "entries": 4, "new": 1, "updated": 0, "duplicates": 0, "known": 3, "failed": 0,
        "stored": 1, "gap": False}
    assert (_count(store, t.articles), _count(store, t.duplicates)) == (4, 0)
    # the same feed again under a new ETag: nothing fetched, nothing written
    site.hits.clear()
    feed.show([("s4", f"{DAY} 11:00:00 GMT"), ("s3", f"{DAY} 10:00:00 GMT")])
    third = flow.poll(store, options, force=True)
    assert (third["known"], third["new"], feed.pages_fetched(), _count(store, t.duplicates)) == (2, 0, [], 0)


def test_a_store_polled_before_entries_were_remembered_knows_its_articles(site, options, store):
    feed = RollingFeed(site)
    feed.show([("s2", f"{DAY} 09:00:00 GMT"), ("s1", f"{DAY} 08:00:00 GMT")])
    sources.add_source(store, site.base + "/feed.xml")
    flow.poll(store, options)
    with store.write() as conn:   # as migration 013 finds a store: articles, no entries
        conn.execute(t.source_entries.delete())
    site.hits.clear()
    feed.show([("s3", f"{DAY} 10:00:00 GMT"), ("s2", f"{DAY} 09:00:00 GMT"), ("s1", f"{DAY} 08:00:00 GMT")])
    out = flow.poll(store, options, force=True)
    assert (out["new"], out["known"], out["gaps"], feed.pages_fetched()) == (1, 2, 0, ["/s3"])
    assert (_count(store, t.duplicates), _count(store, t.source_entries)) == (0, 3)


def test_a_known_entry_with_another_text_is_recorded_as_a_revision(site, options, store):
    feed = RollingFeed(site)
    feed.show([("s1", f"{DAY} 08:00:00 GMT")])
    sources.add_source(store, site.base + "/feed.xml")
    flow.poll(store, options)
    site.hits.clear()
    feed.show([("s1", f"{DAY} 08:00:00 GMT")], summaries={"s1": "A corrected teaser."})
    out = flow.poll(store, options, force=True)
    assert (out["updated"], out["new"], out["duplicates"], feed.pages_fetched()) == (1, 0, 0, ["/s1"])
    with store.read() as conn:
        assert conn.execute(select(t.duplicates.c.method)).scalars().all() == ["url"]


def test_a_copy_of_another_sources_article_counts_as_a_duplicate_once(site, options, store):
    feed = RollingFeed(site)
    site.add("/other.xml", rss(site.base, [("other-1", f"{DAY} 08:00:00 GMT")]).replace(
        f"{site.base}/other-1", f"{site.base}/s1"), headers={"Content-Type": "application/rss+xml"})
    feed.show([("s1", f"{DAY} 08:00:00 GMT")])
    sources.add_source(store, site.base + "/feed.xml")
    sources.add_source(store, site.base + "/other.xml")
    first = flow.poll(store, options)
    assert (first["new"], first["duplicates"]) == (1, 1)
    again = flow.poll(store, options, force=True)
    assert (again["new"], again["duplicates"], again["known"], _count(store, t.duplicates)) == (0, 0, 1, 1)


def test_a_feed_that_rolled_past_unseen_entries_records_a_gap_and_polls_sooner(site, options, store):
    feed = RollingFeed(site)
    feed.show([("s2", f"{DAY} 09:00:00 GMT"), ("s1", f"{DAY} 08:00:00 GMT")])
    src = sources.add_source(store, site.base + "/feed.xml", every="15m")
    assert flow.poll(store, options)["gaps"] == 0            # a first poll finds everything new: no gap
    feed.show([("s5", f"{DAY} 13:00:00 GMT"), ("s4", f"{DAY} 12:00:00 GMT")])   # s3 rolled past unseen
    out = flow.poll(store, options, force=True)
    assert (out["gaps"], out["sources"][0]["gap"], out["sources"][0]["interval_s"]) == (1, True, 450)
    listed = sources.get_source(store, src.id)
    assert (listed.gaps, listed.interval_s) == (1, 450) and listed.last_gap_at is not None
    feed.show([("s6", f"{DAY} 14:00:00 GMT"), ("s5", f"{DAY} 13:00:00 GMT")])   # overlaps: no gap
    assert flow.poll(store, options, force=True)["sources"][0]["interval_s"] == 450
    quiet = flow.poll(store, options, force=True)["sources"][0]            # 304: quiet, the interval grows
    assert (quiet["status"], quiet["interval_s"]) == ("not_modified", 675)
    with store.read() as conn:
        gaps = conn.execute(select(t.fetch_attempts.c.gap).order_by(t.fetch_attempts.c.id)).scalars().all()
    assert gaps == [False, True, False, False]


def test_the_interval_adapts_within_its_bounds(options):
    opts = options.with_(poll_min_s=60, poll_max_s=3600)
    assert sources.adapt_interval(900, 900, opts, gap=True, quiet=False) == 450
    assert sources.adapt_interval(90, 900, opts, gap=True, quiet=False) == 60
    assert sources.adapt_interval(3000, 900, opts, gap=False, quiet=True) == 3600
    assert sources.adapt_interval(3600, 900, opts, gap=False, quiet=False) == 900   # entries again
    assert sources.adapt_interval(7200, 7200, opts, gap=False, quiet=True) == 7200  # never below --every's


def test_run_stops_cleanly_on_sigterm(site, tmp_path):
    """SIGTERM stops the server and the poller: exit 0, no semaphore of the parse helper leaked."""
    site.add("/feed.xml", FEED.format(base=site.base), headers={"Content-Type": "application/rss+xml"})
    site.add("/story-1", PAGE)
    db = str(tmp_path / "run.db")
    assert run_cli("sources", "add", site.base + "/feed.xml", db=db).returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "livebrief", "run", "--db", db, "--port", str(port),
                             "--allow-private", "--no-read", "--interval", "1"], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        deadline = time.time() + 60
        while time.time() < deadline:
            with sqlite3.connect(db) as con:
                if con.execute("select count(*) from fetch_attempts").fetchone()[0]:
                    break
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "leaked" not in err and "Traceback" not in err
