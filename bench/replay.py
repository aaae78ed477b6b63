#!/usr/bin/env python3
"""Replay a month of headlines as live feeds on loopback and poll them (issue 31).

    python bench/replay.py [CORPUS] [--minutes 4] [--poll-s 3] [--window 50] [--full-text]

Each outlet of CORPUS (default corpus/ruwa_2022-05.jsonl of the shared folder: bench/shared.py) becomes one RSS feed on
127.0.0.1 showing its latest --window entries (ETag/304 honoured). The month is replayed in
--minutes of wall time: an entry is released at its place in its day (the corpus has dates only;
entries of a day are spread over it in file order), and every --poll-s seconds one poll cycle
(`livebrief.flow.poll`, reading off, clustering on) takes what the feeds show. Entries are
summary-only (a teaser and a link to the article's page on the same server, which follow_links
fetches) unless --full-text. Prints one JSON object:

- offered (entries released), served (entries some poll saw), missed (released and rolled out
  of their feed's window before any poll saw them), stored, duplicate rows, known (entry
  offerings skipped as seen), gaps recorded, page fetches per new entry;
- freshness: release -> stored and clustered (the poll cycle that took it returned), median and
  p95 in seconds of wall time, next to the poll interval;
- developments: B-cubed F between the replay's partition and a one-shot ingest of the same
  stored items (title, text, date) in corpus order, into a fresh store; and, where the corpus has
  a labels file beside it, ../shared/eval/stream_precision.py's figures for both.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from shared import shared_path


class Feeds:
    """The outlets' feeds over a replayed clock: what each shows at a given wall time."""

    def __init__(self, items: list[dict], *, start: float, seconds: float, window: int, full_text: bool):
        self.window, self.full_text = window, full_text
        days = sorted({it["published"][:10] for it in items})
        per_day: dict[str, list[dict]] = defaultdict(list)
        for it in items:
            per_day[it["published"][:10]].append(it)
        day_s = seconds / len(days)
        self.by_outlet: dict[str, list[tuple[float, dict]]] = defaultdict(list)
        for d, day in enumerate(days):
            for k, it in enumerate(per_day[day]):
                self.by_outlet[it["outlet"]].append((start + day_s * (d + (k + 0.5) / len(per_day[day])), it))
        self.slugs = {outlet: f"f{n}" for n, outlet in enumerate(sorted(self.by_outlet))}
        self.pages = {it["id"]: it for it in items}
        self.released: dict[str, float] = {it["id"]: t for rows in self.by_outlet.values() for t, it in rows}
        self.served: set[str] = set()
        self.page_hits = 0
        self.lock = threading.Lock()

    def showing(self, outlet: str, now: float) -> list[dict]:
        out = [it for t, it in self.by_outlet[outlet] if t <= now]
        return out[-self.window:][::-1]

    def render(self, outlet: str, base: str, entries: list[dict]) -> bytes:
        parts = []
        for it in entries:
            date = format_datetime(datetime.fromisoformat(it["published"][:10]).replace(tzinfo=UTC), usegmt=True)
            if self.full_text:
                body = f"<description>{html.escape(it['text'])}</description>"
            else:
                body = f"<description>{html.escape(it['title'][:80])}</description>"
            parts.append(f"<item><title>{html.escape(it['title'])}</title><link>{base}/a/{it['id']}</link>"
                         f"<guid>{it['id']}</guid><pubDate>{date}</pubDate>{body}</item>")
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{html.escape(outlet)}</title>'
                f'{"".join(parts)}</channel></rss>').encode()

    def page(self, item_id: str) -> bytes | None:
        it = self.pages.get(item_id)
        if it is None:
            return None
        return (f"<html><head><title>{html.escape(it['title'])}</title></head><body><article>"
                f"<h1>{html.escape(it['title'])}</h1><p>{html.escape(it['text'])}</p></article></body></html>").encode()


def serve(feeds: Feeds) -> tuple[ThreadingHTTPServer, str]:
    by_slug = {slug: outlet for outlet, slug in feeds.slugs.items()}

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def reply(self, status: int, headers: dict, body: bytes = b"") -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def do_GET(self):
            if self.path.startswith("/a/"):
                body = feeds.page(self.path[3:])
                with feeds.lock:
                    feeds.page_hits += 1
                return self.reply(200, {"Content-Type": "text/html"}, body) if body else self.reply(404, {})
            outlet = by_slug.get(self.path.strip("/").removesuffix(".xml"))
            if outlet is None:
                return self.reply(404, {})
            entries = feeds.showing(outlet, time.time())
            etag = '"' + hashlib.sha1(",".join(e["id"] for e in entries).encode()).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self.reply(304, {"ETag": etag})
            with feeds.lock:
                feeds.served.update(e["id"] for e in entries)
            self.reply(200, {"ETag": etag, "Content-Type": "application/rss+xml"}, feeds.render(outlet, base, entries))

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, base


def partition(store) -> dict[str, int]:
    from sqlalchemy import select

    from livebrief.store import schema as t

    with store.read() as conn:
        rows = conn.execute(select(t.articles.c.input_id, t.development_articles.c.development_id)
                            .join(t.development_articles, t.development_articles.c.article_id == t.articles.c.id)).all()
    return {input_id: dev for input_id, dev in rows}


def bcubed_f(a: dict[str, int], b: dict[str, int]) -> float:
    common = sorted(set(a) & set(b))
    if not common:
        return 0.0
    ga, gb = defaultdict(set), defaultdict(set)
    for x in common:
        ga[a[x]].add(x)
        gb[b[x]].add(x)
    p = sum(len(ga[a[x]] & gb[b[x]]) / len(ga[a[x]]) for x in common) / len(common)
    r = sum(len(ga[a[x]] & gb[b[x]]) / len(gb[b[x]]) for x in common) / len(common)
    return round(2 * p * r / (p + r), 4)


def stream_precision(part: dict[str, int], db: str, labels: Path) -> dict | None:
    scorer = labels.parent.parent / "eval" / "stream_precision.py"
    if not (labels.exists() and scorer.exists()):
        return None
    groups: dict[int, list[str]] = defaultdict(list)
    for input_id, dev in part.items():
        groups[dev].append(input_id)
    path = Path(db).with_suffix(".devs.json")
    path.write_text(json.dumps([{"articles": ids} for ids in groups.values()]))
    out = subprocess.run([sys.executable, str(scorer), str(path), str(labels)], capture_output=True, text=True)
    return json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr[-300:]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", help="default: corpus/ruwa_2022-05.jsonl of the shared folder")
    ap.add_argument("--minutes", type=float, default=4.0, help="wall time the month is replayed in")
    ap.add_argument("--poll-s", type=float, default=3.0, help="seconds between poll cycles")
    ap.add_argument("--window", type=int, default=50, help="entries each feed shows")
    ap.add_argument("--full-text", action="store_true", help="feeds carry the whole text (no page fetches)")
    args = ap.parse_args()
    args.corpus = args.corpus or str(shared_path("corpus", "ruwa_2022-05.jsonl"))

    from sqlalchemy import func, select

    from livebrief import flow
    from livebrief.ingest import sources
    from livebrief.settings import Options
    from livebrief.store import Store
    from livebrief.store import schema as t

    with open(args.corpus, encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh]
    tmp = Path(tempfile.mkdtemp(prefix="replay-"))
    seconds = args.minutes * 60
    start = time.time() + 2
    feeds = Feeds(items, start=start, seconds=seconds, window=args.window, full_text=args.full_text)
    srv, base = serve(feeds)
    db = str(tmp / "replay.db")
    store = Store(db)
    opts = Options(db=db, read=False, host_interval_s=0.0, allow_private=True)
    for outlet, slug in feeds.slugs.items():
        sources.add_source(store, f"{base}/{slug}.xml", name=outlet, every="1m")
    stored_at: dict[str, float] = {}
    totals = defaultdict(int)
    polls = []
    seen_ids: set[str] = set()
    while True:
        t0 = time.time()
        result = flow.poll(store, opts, force=True)
        done = time.time()
        polls.append(done - t0)
        for key in ("new", "updated", "duplicates", "known", "gaps", "stored"):
            totals[key] += result.get(key, 0)   # (an older livebrief counts fewer)
        with store.read() as conn:
            ids = set(conn.execute(select(t.articles.c.input_id)).scalars())
        for i in ids - seen_ids:
            stored_at[i] = done
        seen_ids = ids
        if t0 > start + seconds + args.poll_s:
            break
        time.sleep(max(0.0, args.poll_s - (time.time() - t0)))
    with store.read() as conn:
        dup_rows = conn.execute(select(func.count()).select_from(t.duplicates)).scalar_one()
        rows = conn.execute(select(t.articles.c.input_id, t.articles.c.title, t.articles.c.text,
                                   t.articles.c.published)).all()
    srv.shutdown()
    fresh = sorted(stored_at[i] - feeds.released[i] for i in stored_at if i in feeds.released)

    # the one-shot ingest: the same stored items, in corpus order, at once
    order = {it["id"]: n for n, it in enumerate(items)}
    one = tmp / "oneshot.jsonl"
    with open(one, "w", encoding="utf-8") as fh:
        for r in sorted(rows, key=lambda r: order.get(r.input_id, 0)):
            fh.write(json.dumps({"id": r.input_id, "title": r.title, "text": r.text, "published": r.published}) + "\n")
    db2 = str(tmp / "oneshot.db")
    store2 = Store(db2)
    flow.ingest(store2, [str(one)], opts.with_(db=db2), progress=False)
    labels = Path(args.corpus).with_suffix(".labels.jsonl")
    replayed, one_shot = partition(store), partition(store2)
    new = totals["new"] or 1
    print(json.dumps({
        "offered": len(feeds.released), "served": len(feeds.served & set(feeds.released)),
        "missed": len(set(feeds.released) - feeds.served), "stored": len(seen_ids), "duplicate_rows": dup_rows,
        "known_skipped": totals["known"], "updated": totals["updated"], "gaps": totals["gaps"],
        "page_fetches": feeds.page_hits, "page_fetches_per_new_entry": round(feeds.page_hits / new, 3),
        "polls": len(polls), "poll_s": args.poll_s, "poll_cycle_s_median": round(statistics.median(polls), 3),
        "poll_cycle_s_max": round(max(polls), 3),
        "freshness_s_median": round(statistics.median(fresh), 2) if fresh else None,
        "freshness_s_p95": round(fresh[int(0.95 * (len(fresh) - 1))], 2) if fresh else None,
        "developments_bcubed_f_vs_one_shot": bcubed_f(replayed, one_shot),
        "stream_precision_replay": stream_precision(replayed, db, labels),
        "stream_precision_one_shot": stream_precision(one_shot, db2, labels),
    }, indent=1))
    store.close()
    store2.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
