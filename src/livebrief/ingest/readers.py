"""Readers: files, JSONL, HTML pages and feeds become ``Item``s, or ``Failure``s with a reason.

Every reader is a generator of ``Item | Failure``, so one bad line or entry never stops the rest.
"""
from __future__ import annotations

import calendar
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import InputError
from ..records import Failure, Item
from ..settings import Options
from .limits import bounded

FEED_EXTS = {".xml", ".rss", ".atom", ".rdf", ".feed"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
TEXT_EXTS = {".txt", ".text"}
JSONL_EXTS = {".jsonl", ".ndjson"}
JSON_EXTS = {".json"}
KNOWN_EXTS = FEED_EXTS | HTML_EXTS | TEXT_EXTS | JSONL_EXTS | JSON_EXTS


def parse_published(value) -> str | None:
    """ISO 8601 date or date-time -> normalised ISO string (UTC for aware times); None if absent.

    Raises InputError for a value that is present but not a date."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"'published' must be an ISO 8601 string, not {type(value).__name__}")
    v = value.strip()
    try:
        if len(v) == 10:
            return date.fromisoformat(v).isoformat()
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"'published' is not an ISO 8601 date: {value!r}") from exc
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.replace(microsecond=0).isoformat()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the encoding charset_normalizer finds, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        # news comes in a handful of legacy encodings; limiting the guess to them keeps a short
        # French text from being read as Mac Central European
        best = from_bytes(data[:200_000], cp_isolation=["cp1252", "cp1251", "iso8859_2", "koi8_r", "utf_16",
                                                        "iso8859_15", "cp1250"]).best()
        if best is not None:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # noqa: BLE001 - detection is a best effort; fall back below
        pass
    return data.decode("cp1252", errors="replace")


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head


def _str_field(obj: dict, key: str, origin: str) -> str | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, (str, int)) or isinstance(v, bool):
        raise InputError(f"field {key!r} must be a string, not {type(v).__name__}")
    return str(v)


def item_from_object(obj, origin: str, raw: bytes | None = None) -> Item:
    """The JSONL input format of CONTRACT.md: id, text, and optionally url, title, outlet, published."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("missing 'text'" if text is None else f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError("empty text")
    return Item(
        origin=origin,
        text=text,
        input_id=_str_field(obj, "id", origin),
        url=_str_field(obj, "url", origin) or None,
        title=_str_field(obj, "title", origin),
        outlet=_str_field(obj, "outlet", origin),
        author=_str_field(obj, "author", origin),
        published=parse_published(obj.get("published")),
        raw=raw,
        raw_type="jsonl",
    )


def read_jsonl(lines: Iterable[bytes | str], name: str, first_line: int = 1) -> Iterator[Item | Failure]:
    for n, line in enumerate(lines, first_line):
        origin = f"{name}:{n}"
        raw = line.encode("utf-8") if isinstance(line, str) else line
        if not raw.strip() or not raw.decode("utf-8", "replace").strip():
            continue  # blank, including Unicode whitespace such as NEL
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            yield Failure(origin, "parse", f"invalid JSON: {exc}"[:300])
            continue
        try:
            yield item_from_object(obj, origin, raw)
        except InputError as exc:
            yield Failure(origin, exc.stage, exc.reason)


def read_text(data: bytes, origin: str) -> Item:
    text = decode(data)
    if not text.strip():
        raise InputError("empty text")
    first = text.strip().split("\n", 1)[0].strip()
    title = first if 0 < len(first) <= 200 else None
    return Item(origin=origin, text=text, input_id=Path(origin).stem if "://" not in origin else None,
                title=title, raw=data, raw_type="txt")


def read_html(data: bytes, origin: str, url: str | None = None, options: Options | None = None) -> Item:
    """A saved or fetched article page, through trafilatura (text, title, date, author, site),
    within the parse-time limit."""
    limit = (options or Options()).max_parse_s
    return bounded(_read_html, data, origin, url, timeout_s=limit)


def _read_html(data: bytes, origin: str, url: str | None = None) -> Item:
    if looks_binary(data):
        raise InputError("binary data, not an HTML page")
    import trafilatura

    html = decode(data)
    if not html.strip():
        raise InputError("empty document")
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds; record the reason
        raise InputError(f"HTML extraction failed: {exc.__class__.__name__}: {exc}", stage="extract") from exc
    if doc is None:
        raise InputError("no article text found in the page", stage="extract")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = meta.get("text") or ""
    if not text.strip():
        raise InputError("no article text found in the page", stage="extract")
    try:
        published = parse_published(meta.get("date"))
    except InputError:
        published = None
    return Item(origin=origin, text=text, input_id=Path(origin).stem if "://" not in origin else None,
                url=url or meta.get("url"), title=meta.get("title"), outlet=meta.get("sitename"),
                author=meta.get("author"), published=published, raw=data, raw_type="html")


def _struct_to_iso(st) -> str | None:
    if not st:
        return None
    return datetime.fromtimestamp(calendar.timegm(st), tz=UTC).isoformat()


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # noqa: BLE001 - fall back to the raw fragment
        return fragment
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "blockquote"):
        el.tail = "\n" + (el.tail or "")
    blocks.append(root.text_content())
    return "\n".join(blocks)


def is_feed(data: bytes, content_type: str = "") -> bool:
    head = data[:2048].lstrip().lower()
    if content_type in ("application/rss+xml", "application/atom+xml", "application/feed+json",
                        "application/rdf+xml"):
        return True
    if head.startswith(b"{"):
        return b"jsonfeed.org" in data[:4096]
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<rdf"))
    return False


def read_feed(data: bytes, origin: str, options: Options) -> tuple[dict, list[Item | Failure]]:
    """Parse RSS 0.9x/1.0/2.0, Atom or JSON Feed with feedparser, within the parse-time limit.

    Returns the feed's title and its entries; an entry whose feed gives only a summary is
    marked ``needs_page`` (the pipeline decides whether to fetch it)."""
    if data[:2048].lstrip().startswith(b"{"):
        return read_json_feed(data, origin, options)
    return bounded(_read_feed, data, origin, options, timeout_s=options.max_parse_s)


def _read_feed(data: bytes, origin: str, options: Options) -> tuple[dict, list[Item | Failure]]:
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        exc = parsed.get("bozo_exception")
        raise InputError(f"not a readable feed: {exc.__class__.__name__ if exc else 'parse error'}: {exc}"[:300])
    if not parsed.entries and not parsed.feed:
        raise InputError("not a feed: no channel and no entries")
    if not parsed.version and not parsed.entries:
        # feedparser reads any markup leniently: an HTML error page saved as .xml gives a "feed"
        # with a summary and no entries, which would otherwise vanish without an outcome
        raise InputError(f"not a feed: {_what_it_is(data)}")
    feed_title = parsed.feed.get("title")
    out: list[Item | Failure] = []
    for i, entry in enumerate(parsed.entries[: options.max_feed_items], 1):
        eorigin = f"{origin}#{entry.get('id') or entry.get('link') or i}"
        content = ""
        for c in entry.get("content", []) or []:
            if len(c.get("value", "")) > len(content):
                content = c.get("value", "")
        summary = entry.get("summary", "") or ""
        body = _html_to_text(content or summary).strip()
        link = entry.get("link")
        needs_page = not content and len(body) < 600
        item = Item(origin=eorigin, text=body, input_id=entry.get("id"), url=link,
                    title=entry.get("title"), outlet=feed_title,
                    author=entry.get("author"),
                    published=_struct_to_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                    raw=json.dumps(dict(entry), default=str).encode("utf-8"), raw_type="feed")
        item.needs_page = needs_page  # type: ignore[attr-defined]
        out.append(item)
    if len(parsed.entries) > options.max_feed_items:
        out.append(Failure(origin, "limits",
                           f"feed has {len(parsed.entries)} entries; read the first {options.max_feed_items}"))
    return {"title": feed_title}, out


def _what_it_is(data: bytes) -> str:
    """A short description of a document that should have been a feed, for the failure reason."""
    head = decode(data[:4096])
    m = re.search(r"<title[^>]*>([^<]{1,120})", head, re.I)
    if re.search(r"<(!doctype html|html|body)\b", head, re.I):
        return f"an HTML page titled {m.group(1).strip()!r}" if m else "an HTML page"
    start = " ".join(re.sub(r"<[^>]*>", " ", head).split())[:80]
    return f"no RSS, Atom or RDF root element (starts {start!r})" if start else "no RSS, Atom or RDF root element"


def read_json_feed(data: bytes, origin: str, options: Options) -> tuple[dict, list[Item | Failure]]:
    """JSON Feed 1.0/1.1 (feedparser reads only XML feeds)."""
    try:
        feed = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"invalid JSON Feed: {exc}"[:300]) from exc
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise InputError("not a JSON Feed: no 'items' list")
    out: list[Item | Failure] = []
    for i, entry in enumerate(feed["items"][: options.max_feed_items], 1):
        eorigin = f"{origin}#{i}"
        if not isinstance(entry, dict):
            out.append(Failure(eorigin, "parse", f"feed item is a {type(entry).__name__}, not an object"))
            continue
        eorigin = f"{origin}#{entry.get('id') or entry.get('url') or i}"
        try:
            content = entry.get("content_text") or _html_to_text(entry.get("content_html") or "")
            summary = entry.get("summary") or ""
            body = (content or summary or "").strip()
            authors = entry.get("authors") or ([entry["author"]] if isinstance(entry.get("author"), dict) else [])
            item = Item(origin=eorigin, text=body, input_id=str(entry["id"]) if entry.get("id") else None,
                        url=entry.get("url"), title=entry.get("title"), outlet=feed.get("title"),
                        author=(authors[0] or {}).get("name") if authors and isinstance(authors[0], dict) else None,
                        published=parse_published(entry.get("date_published") or entry.get("date_modified")),
                        raw=json.dumps(entry).encode("utf-8"), raw_type="feed")
        except (InputError, TypeError, AttributeError) as exc:
            out.append(Failure(eorigin, "parse", f"bad feed item: {exc}"))
            continue
        item.needs_page = not content and len(body) < 600  # type: ignore[attr-defined]
        out.append(item)
    return {"title": feed.get("title")}, out


def read_bytes(data: bytes, origin: str, options: Options, *, kind: str | None = None,
               url: str | None = None, content_type: str = "") -> Iterator[Item | Failure]:
    """Read one document whose kind is known from its extension (``kind``) or sniffed."""
    if kind is None:
        if is_feed(data, content_type):
            kind = "feed"
        elif content_type in ("text/plain",):
            kind = "txt"
        else:
            kind = "html"
    try:
        if kind == "jsonl":
            yield from _or_failure(read_jsonl(data.splitlines(), origin), origin, "no JSON lines, only blank ones")
        elif kind == "feed" or (kind == "json" and is_feed(data)):
            _meta, entries = read_feed(data, origin, options)
            if not entries:
                raise InputError("feed has no entries")
            yield from entries
        elif kind == "json":
            try:
                obj = json.loads(data)
            except (ValueError, RecursionError) as exc:
                raise InputError(f"invalid JSON: {exc}"[:300]) from exc
            if obj == []:
                raise InputError("empty JSON list")
            objs = obj if isinstance(obj, list) else [obj]
            for i, o in enumerate(objs, 1):
                try:
                    yield item_from_object(o, f"{origin}[{i}]" if isinstance(obj, list) else origin)
                except InputError as exc:
                    yield Failure(f"{origin}[{i}]", exc.stage, exc.reason)
        elif kind == "txt":
            yield read_text(data, origin)
        else:
            yield read_html(data, origin, url=url, options=options)
    except InputError as exc:
        yield Failure(origin, exc.stage, exc.reason)


def _or_failure(outs: Iterator[Item | Failure], origin: str, reason: str) -> Iterator[Item | Failure]:
    """The outcomes of one document, or one parse failure when it held no item at all: a
    document never vanishes from the report."""
    empty = True
    for out in outs:
        empty = False
        yield out
    if empty:
        yield Failure(origin, "parse", reason)


def kind_of(path: Path) -> str | None:
    ext = path.suffix.lower()
    if ext in JSONL_EXTS:
        return "jsonl"
    if ext in FEED_EXTS:
        return "feed"
    if ext in HTML_EXTS:
        return "html"
    if ext in TEXT_EXTS:
        return "txt"
    if ext in JSON_EXTS:
        return "json"
    return None


def iter_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    yield Path(root) / f
    else:
        yield path


def read_path(path: Path, options: Options) -> Iterator[Item | Failure]:
    """A file or a directory (recursively); unknown extensions in a directory are skipped."""
    if not path.exists():
        yield Failure(str(path), "read", "no such file or directory")
        return
    explicit = not path.is_dir()
    for f in iter_files(path):
        kind = kind_of(f)
        if kind is None:
            if explicit:
                yield Failure(str(f), "read", f"unsupported file type {f.suffix or '(none)'!r}")
            continue
        try:
            size = f.stat().st_size
            if kind == "jsonl":
                # streamed line by line: a JSONL archive may be far larger than memory
                with open(f, "rb") as fh:
                    yield from _or_failure(read_jsonl(fh, str(f)), str(f), "no JSON lines, only blank ones")
                continue
            if size > options.max_body_bytes:
                yield Failure(str(f), "limits", f"{size} bytes, over the {options.max_body_bytes}-byte limit")
                continue
            data = f.read_bytes()
        except OSError as exc:
            yield Failure(str(f), "read", f"cannot read: {exc.strerror or exc}")
            continue
        if not data.strip():
            yield Failure(str(f), "parse", "empty file")
            continue
        yield from read_bytes(data, str(f), options, kind=kind)


def read_stdin(stream=None) -> Iterator[Item | Failure]:
    stream = stream if stream is not None else sys.stdin.buffer
    yield from read_jsonl(stream, "<stdin>")


def read_input(arg: str, options: Options, stdin=None) -> Iterator[Item | Failure]:
    """A command-line input that is not a URL: ``-`` (JSONL on stdin), a file or a folder."""
    if arg == "-":
        yield from read_stdin(stdin)
    else:
        yield from read_path(Path(arg), options)
