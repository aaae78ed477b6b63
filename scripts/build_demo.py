#!/usr/bin/env python3
"""Build the bundled demo data from the team's source texts in scripts/demo_source/.

    python scripts/build_demo.py

Writes src/livebrief/demo/articles.jsonl (the input format of CONTRACT.md) and
src/livebrief/demo/feed.xml (an RSS 2.0 feed of the same articles, full text in
content:encoded, links on 127.0.0.1 -- never a real outlet's address).
Every sentence was written by the livebrief team about real, public, dated events.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "livebrief" / "demo"
OUTLET = "livebrief demo desk"


def parse(text: str) -> list[dict]:
    out = []
    for block in re.split(r"^=== ", text, flags=re.M)[1:]:
        head, _, rest = block.partition("\n")
        meta = {"id": head.strip()}
        lines = rest.split("\n")
        while lines and re.match(r"^(published|title|outlet): ", lines[0]):
            k, _, v = lines.pop(0).partition(": ")
            meta[k] = v.strip()
        body = "\n".join(lines).strip()
        body = re.sub(r"\n{2,}", "\n", body)
        meta["text"] = body
        out.append(meta)
    return out


def extra_paragraphs(text: str) -> dict[str, str]:
    """'+++ ID' blocks: paragraphs appended to the article ID (written after the first pass)."""
    out = {}
    for block in re.split(r"^\+\+\+ ", text, flags=re.M)[1:]:
        head, _, rest = block.partition("\n")
        out[head.strip()] = re.sub(r"\n{2,}", "\n", rest.strip())
    return out


def main() -> None:
    articles, extra = [], {}
    for f in sorted((HERE / "demo_source").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        articles.extend(parse(text))
        extra.update(extra_paragraphs(text))
    for a in articles:
        if a["id"] in extra:
            a["text"] = a["text"] + "\n" + extra.pop(a["id"])
    if extra:
        raise SystemExit(f"extra paragraphs for unknown articles: {sorted(extra)}")
    articles.sort(key=lambda a: a["published"])
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "articles.jsonl", "w", encoding="utf-8") as fh:
        for a in articles:
            rec = {"id": a["id"], "url": f"http://127.0.0.1:8000/demo/{a['id']}", "title": a["title"],
                   "outlet": a.get("outlet", OUTLET), "published": a["published"], "text": a["text"]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    items = []
    for a in reversed(articles):
        pub = format_datetime(datetime.fromisoformat(a["published"]))
        paras = "".join(f"<p>{escape(p)}</p>" for p in a["text"].split("\n"))
        items.append(
            "<item>"
            f"<title>{escape(a['title'])}</title>"
            f"<link>http://127.0.0.1:8000/demo/{a['id']}</link>"
            f"<guid isPermaLink=\"false\">{a['id']}</guid>"
            f"<pubDate>{pub}</pubDate>"
            f"<description>{escape(a['text'].split(chr(10))[0])}</description>"
            f"<content:encoded><![CDATA[{paras}]]></content:encoded>"
            "</item>")
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{OUTLET}</title><link>http://127.0.0.1:8000/</link>"
            "<description>Demo articles written by the livebrief team</description>"
            + "".join(items) + "</channel></rss>\n")
    (OUT / "feed.xml").write_text(feed, encoding="utf-8")
    words = [len(a["text"].split()) for a in articles]
    print(f"{len(articles)} articles, {min(words)}-{max(words)} words, {sum(words)} in all")


if __name__ == "__main__":
    main()
