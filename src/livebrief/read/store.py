"""Reading stored articles and writing what was read: facts with offsets, and the speakers
registry (one person or organisation, with the aliases and roles each article gives them)."""
from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update

from ..store import Store
from ..store import schema as t
from .entities import HONORIFICS, named_speaker
from .genre import classify
from .pipeline import Reading, read_many
from .spellings import same_person

BATCH = 50


def place_key(p: dict) -> str:
    """A stable key for a place across articles: its GeoNames id, else country and name."""
    return f"g:{p['geonameid']}" if p.get("geonameid") else f"n:{p.get('country') or ''}:{p['name']}"


def _same_person(a: str, b: str) -> bool:
    """Two spellings of one person's name (``spellings.same_person``), a courtesy title or a rank
    being no first name: "Ms Sandu" is "Maia Sandu"."""
    wa, wb = (" ".join([w for w in n.split() if w.lower().rstrip(".") not in HONORIFICS] or n.split()) for n in (a, b))
    return same_person(wa, wb)


def _spelled_otherwise(conn, name: str) -> int | None:
    """The registry's person that ``name`` spells otherwise, when exactly one is."""
    last = name.split()[-1]
    # (the surname's first two letters narrow the search; transliterations agree on them)
    stem = unicodedata.normalize("NFKD", last.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode().lower()[:2]
    if len(stem) < 2:
        return None
    rows = conn.execute(select(t.speakers.c.id, t.speakers.c.name).where(
        t.speakers.c.kind == "PERSON", func.lower(t.speakers.c.name).like(f"%{stem}%"))).all()
    ids = {sid for sid, other in rows if other != name and _same_person(name, other)}
    return ids.pop() if len(ids) == 1 else None


def _speaker_id(conn, cache: dict[str, int], name: str, kind: str | None) -> int:
    """One registry row per person across articles: "Zelenskyy" in one article and "Volodymyr
    Zelenskyy" in another are one speaker, named by the fullest form seen."""
    if name in cache:
        return cache[name]
    row = conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == name)).first()
    if row is None and " " not in name and name[:1].isupper():
        # a bare surname, whatever the model called it here, is the person named in full elsewhere
        rows = conn.execute(select(t.speakers.c.id).where(t.speakers.c.kind == "PERSON",
                                                          t.speakers.c.name.like(f"% {name}"))).all()
        row = rows[0] if len(rows) == 1 else None
    if row is None and kind == "PERSON":
        surname = name.split()[-1]
        if " " not in name:
            rows = conn.execute(select(t.speakers.c.id).where(t.speakers.c.kind == "PERSON",
                                                              t.speakers.c.name.like(f"% {surname}"))).all()
            row = rows[0] if len(rows) == 1 else None
        else:
            short = conn.execute(select(t.speakers.c.id).where(t.speakers.c.kind == "PERSON",
                                                               t.speakers.c.name == surname)).first()
            if short is not None:
                conn.execute(update(t.speakers).where(t.speakers.c.id == short[0]).values(name=name))
                row = short
    if row is None and kind == "PERSON":
        # the same person spelt another way in another article ("Zelenskiy", "Zelenskyy")
        other = _spelled_otherwise(conn, name)
        row = (other,) if other is not None else None
    sid = row[0] if row else conn.execute(insert(t.speakers).values(name=name, kind=kind)).inserted_primary_key[0]
    cache[name] = sid
    return sid


def write_reading(conn, article_id: int, reading: Reading, text: str, cache: dict[str, int], *,
                  fresh: bool = False, genre: str | None = None) -> None:
    """Replace an article's facts with ``reading`` (reading again never duplicates). ``fresh``:
    the article was inserted in this transaction, so it has no facts to delete (nine round trips
    fewer per article on a database server). ``genre``: what kind of piece it is (``genre.classify``)."""
    if not fresh:
        for table in t.FACT_TABLES:
            conn.execute(delete(table).where(table.c.article_id == article_id))
    ents = reading.entities
    if ents:
        conn.execute(insert(t.entities), [{"article_id": article_id, **{k: e[k] for k in
                      ("text", "label", "start", "end", "canonical")}} for e in ents])
    if reading.places:
        conn.execute(insert(t.places), [{"article_id": article_id, "place_key": place_key(p), **{k: p[k] for k in
                      ("text", "start", "end", "name", "geonameid", "feature", "lat", "lon")}, "country": p["country"]}
                      for p in reading.places])
    if reading.aid:
        conn.execute(insert(t.aid), [{"article_id": article_id, "items": json.dumps(a["items"]), **{k: a[k] for k in
                      ("donor", "donor_country", "recipient", "amount", "currency", "category", "status", "cumulative",
                       "start", "end")}} for a in reading.aid])
    if reading.events:
        cols = [c.name for c in t.events.c if c.name not in ("id", "article_id")]
        conn.execute(insert(t.events), [{"article_id": article_id, **{k: e.get(k) for k in cols}} for e in reading.events])
    if reading.topics:
        conn.execute(insert(t.topics), [{"article_id": article_id, "topic": x} for x in reading.topics])
    if reading.dates:
        conn.execute(insert(t.dates), [{"article_id": article_id, **{k: d[k] for k in
                      ("text", "start", "end", "value", "granularity")}} for d in reading.dates])
    if reading.quantities:
        conn.execute(insert(t.quantities), [{"article_id": article_id, **{k: q[k] for k in
                      ("text", "start", "end", "value", "unit", "kind", "category", "vague", "cumulative")}}
                      for q in reading.quantities])
    person_names = {e["canonical"] for e in ents if e["label"] == "PERSON"}
    roles = {e["canonical"]: e["role"] for e in ents if e["label"] == "PERSON" and e.get("role")}
    rows = []
    aliases: dict[tuple[int, str], str | None] = {}
    # the registry holds who the article names; a description ("a senior official") or a document
    # stays on its quote, unregistered
    known = {e["canonical"] for e in ents if e["label"] in ("PERSON", "ORG", "GPE", "NORP")}
    for q in reading.quotes:
        sid = None
        if q["speaker"] and named_speaker(q["speaker"], known):
            kind = "PERSON" if q["speaker"] in person_names else "ORG"
            sid = _speaker_id(conn, cache, q["speaker"], kind)
            if q.get("speaker_start") is not None:
                alias = text[q["speaker_start"]:q["speaker_end"]]
                if alias.lower() not in ("he", "she", "him", "her"):
                    aliases.setdefault((sid, alias), None)
        rows.append({"article_id": article_id, "speaker_id": sid, **{k: q[k] for k in
                     ("text", "kind", "start", "end", "speaker", "speaker_start", "speaker_end", "cue")}})
    if rows:
        conn.execute(insert(t.quotes), rows)
    if aliases:
        names = {sid: name for name, sid in cache.items()}
        conn.execute(insert(t.speaker_aliases), [{"speaker_id": sid, "alias": alias, "role": roles.get(names.get(sid, "")),
                                                  "article_id": article_id} for (sid, alias) in aliases])
    # to the microsecond: what a development shows is kept per reading of its articles, and a
    # second reading within the same second must still count as new
    read_at = datetime.now(UTC).isoformat()
    conn.execute(update(t.articles).where(t.articles.c.id == article_id).values(
        read_at=read_at, read_status=reading.status, language=reading.language or None,
        genre=genre or classify(text=text)))
    conn.execute(update(t.development_articles).where(t.development_articles.c.article_id == article_id)
                 .values(read_at=read_at))


def _articles(store: Store, ids: list[int] | None) -> Iterator:
    """Stream rows (id, text, published, title, url, author) in id order, a page at a time
    (bounded memory)."""
    last = 0
    a = t.articles.c
    while True:
        with store.read() as conn:
            q = select(a.id, a.text, a.published, a.title, a.url, a.author).where(a.id > last)
            if ids is not None:
                chunk = [i for i in ids if i > last][:500]
                if not chunk:
                    return
                q = q.where(t.articles.c.id.in_(chunk))
            rows = conn.execute(q.order_by(t.articles.c.id).limit(500)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def read_articles(store: Store, ids: list[int] | None, *, workers: int = 1, progress: bool = False) -> int:
    """Read the given articles (all when ``ids`` is None) and store their facts. Returns the count."""
    total = len(ids) if ids is not None else None
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=total, unit=" articles", desc="read", file=sys.stderr)
    texts: dict[int, str] = {}
    genres: dict[int, str] = {}

    def tasks():
        for r in _articles(store, sorted(ids) if ids is not None else None):
            texts[r.id] = r.text
            genres[r.id] = classify(title=r.title, url=r.url, author=r.author, text=r.text)
            yield r.id, r.text, r.published

    done = 0
    cache: dict[str, int] = {}
    pending: list[tuple[int, Reading]] = []

    def flush():
        with store.write() as conn:
            for aid, reading in pending:
                write_reading(conn, aid, reading, texts.pop(aid), cache, genre=genres.pop(aid))
        pending.clear()

    try:
        for aid, reading in read_many(tasks(), workers=workers):
            pending.append((aid, reading))
            done += 1
            if bar is not None:
                bar.update(1)
            if len(pending) >= BATCH:
                flush()
        if pending:
            flush()
    finally:
        if bar is not None:
            bar.close()
    return done
