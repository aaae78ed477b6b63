"""Archives as partitions: JSONL (plain or gzip), folders of HTML files, and WARC files.

Planning reads each archive once, cheaply (line ends, file names, WARC record offsets), on the
machine that runs ``livebrief backfill``; workers then read only their own partition. Workers
must see the archives at the same paths (a LocalCluster does; a remote cluster needs shared
storage).
"""
from __future__ import annotations

import gzip
import hashlib
import itertools
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ingest import readers
from ..records import Failure, Item
from ..settings import Options

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Partition:
    archive: str            # the archive's resolved path
    fingerprint: str        # size and modification time: a changed archive is a new one
    kind: str               # jsonl | jsonl.gz | html | warc
    index: int
    start: int              # jsonl: byte offset (plain) or line number (gzip)
    count: int              # items (lines, files, records) in the partition
    first_line: int = 1     # jsonl: the line number of the first line, for origins
    members: tuple = ()     # html: file paths; warc: record offsets

    @property
    def key(self) -> str:
        return f"{self.archive}#{self.index}"


@dataclass
class Plan:
    partitions: list[Partition]
    failures: list[tuple[str, str, Failure]]   # (archive, fingerprint, failure) found while planning
    archives: int = 0


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    if path.is_dir():
        return "html"
    if name.endswith((".jsonl.gz", ".ndjson.gz", ".json.gz")):
        return "jsonl.gz"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    return None


def fingerprint(path: Path) -> str:
    if path.is_dir():
        h = hashlib.sha1()
        for f in _html_files(path):
            st = f.stat()
            h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        return "dir:" + h.hexdigest()[:16]
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def plan(paths: list[str], size: int) -> Plan:
    """Partitions of at most ``size`` items over every archive; unreadable archives and corrupt
    tails become failures instead of stopping the plan."""
    out = Plan([], [])
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            out.failures.append((str(path), "missing", Failure(str(path), "read", "no such file or directory")))
            continue
        path = path.resolve()
        kind = kind_of(path)
        if kind is None:
            out.failures.append((str(path), "unsupported", Failure(
                str(path), "read", "not an archive livebrief reads (.jsonl, .jsonl.gz, .warc, .warc.gz or a folder of HTML)")))
            continue
        fp = fingerprint(path)
        out.archives += 1
        try:
            if kind == "jsonl":
                parts = _plan_jsonl(path, fp, size)
            elif kind == "jsonl.gz":
                parts, bad = _plan_jsonl_gz(path, fp, size)
                if bad:
                    out.failures.append((str(path), fp, bad))
            elif kind == "html":
                files = _html_files(path)
                parts = [Partition(str(path), fp, "html", i, 0, len(chunk), members=tuple(str(f) for f in chunk))
                         for i, chunk in enumerate(_chunks(files, size))]
            else:
                parts, bad = _plan_warc(path, fp, size)
                if bad:
                    out.failures.append((str(path), fp, bad))
        except OSError as exc:
            out.failures.append((str(path), fp, Failure(str(path), "read", f"cannot read: {exc.strerror or exc}")))
            continue
        out.partitions.extend(parts)
    return out


def _chunks(seq, size):
    it = iter(seq)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _plan_jsonl(path: Path, fp: str, size: int) -> list[Partition]:
    parts = []
    offset = 0
    line = 1
    with open(path, "rb") as fh:
        while True:
            start, first = offset, line
            n = 0
            for raw in fh:
                offset += len(raw)
                line += 1
                n += 1
                if n == size:
                    break
            if n == 0:
                break
            parts.append(Partition(str(path), fp, "jsonl", len(parts), start, n, first_line=first))
            if n < size:
                break
    return parts


def _plan_jsonl_gz(path: Path, fp: str, size: int) -> tuple[list[Partition], Failure | None]:
    # gzip cannot be entered in the middle: partitions are line ranges, and a worker skips to its
    # range (decompression runs at hundreds of MB/s, far ahead of reading). A corrupt member ends
    # the readable part of the file: what comes before it is backfilled, the rest is a failure.
    lines = 0
    bad = None
    try:
        with gzip.open(path, "rb") as fh:
            for _ in fh:
                lines += 1
    except (OSError, EOFError, zlib.error) as exc:
        bad = Failure(str(path), "read", f"corrupt gzip data after line {lines}: {exc}"[:300])
    parts = [Partition(str(path), fp, "jsonl.gz", i, start, min(size, lines - start), first_line=start + 1)
             for i, start in enumerate(range(0, lines, size))]
    return parts, bad


def _plan_warc(path: Path, fp: str, size: int) -> tuple[list[Partition], Failure | None]:
    from warcio.archiveiterator import ArchiveIterator

    offsets: list[int] = []
    bad = None
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type in ("response", "resource"):
                    offsets.append(it.get_record_offset())
    except Exception as exc:  # noqa: BLE001 - warcio raises several kinds on damaged archives
        bad = Failure(str(path), "read", f"damaged WARC after {len(offsets)} records: {exc.__class__.__name__}: {exc}"[:300])
    parts = [Partition(str(path), fp, "warc", i, 0, len(chunk), members=tuple(chunk))
             for i, chunk in enumerate(_chunks(offsets, size))]
    return parts, bad


# ------------------------------------------------------------------ reading one partition

def items(part: Partition, options: Options) -> Iterator[Item | Failure]:
    if part.kind == "jsonl":
        with open(part.archive, "rb") as fh:
            fh.seek(part.start)
            yield from readers.read_jsonl(itertools.islice(fh, part.count), part.archive, part.first_line)
    elif part.kind == "jsonl.gz":
        with gzip.open(part.archive, "rb") as fh:
            lines = itertools.islice(fh, part.start, part.start + part.count)
            yield from readers.read_jsonl(lines, part.archive, part.first_line)
    elif part.kind == "html":
        for name in part.members:
            try:
                size = os.path.getsize(name)
                if size > options.max_body_bytes:
                    yield Failure(name, "limits", f"{size} bytes, over the {options.max_body_bytes}-byte limit")
                    continue
                with open(name, "rb") as fh:
                    data = fh.read()
                yield readers.read_html(data, name, options=options)
            except OSError as exc:
                yield Failure(name, "read", f"cannot read: {exc.strerror or exc}")
            except InputError as exc:
                yield Failure(name, exc.stage, exc.reason)
    elif part.kind == "warc":
        yield from _warc_items(part, options)
    else:  # pragma: no cover - plan() makes only the kinds above
        raise ValueError(part.kind)


def _warc_items(part: Partition, options: Options) -> Iterator[Item | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    with open(part.archive, "rb") as fh:
        for offset in part.members:
            origin = f"{part.archive}@{offset}"
            try:
                fh.seek(offset)
                record = next(iter(ArchiveIterator(fh)))
                uri = record.rec_headers.get_header("WARC-Target-URI")
                origin = uri or origin
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers
                         else record.rec_headers.get_header("Content-Type")) or ""
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if status and not str(status).startswith("2"):
                    yield Failure(origin, "read", f"WARC record is an HTTP {status} response, not an article")
                    continue
                if "html" not in ctype.lower():
                    yield Failure(origin, "read", f"WARC record is not HTML ({ctype.split(';')[0].strip() or 'no content type'})")
                    continue
                data = record.content_stream().read(options.max_body_bytes + 1)
                if len(data) > options.max_body_bytes:
                    yield Failure(origin, "limits", f"over the {options.max_body_bytes}-byte limit")
                    continue
                item = readers.read_html(data, origin, url=uri, options=options)
                date = record.rec_headers.get_header("WARC-Date")
                if not item.published and date:
                    try:
                        item.published = readers.parse_published(date)
                    except InputError:
                        pass
                yield item
            except InputError as exc:
                yield Failure(origin, exc.stage, exc.reason)
            except Exception as exc:  # noqa: BLE001 - a damaged record is one failure, not the end
                yield Failure(origin, "read", f"damaged WARC record: {exc.__class__.__name__}: {exc}"[:300])
