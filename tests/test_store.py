"""The store: migrations recorded, WAL, plain table names, full-text search behind its adapter."""
from __future__ import annotations

import sqlite3

from sqlalchemy import insert

from livebrief.store import Store, redact_url
from livebrief.store import schema as t
from livebrief.store.db import MIGRATIONS
from livebrief.store.search import SQLiteFTS, search


def test_migrations_are_recorded_once(db_url):
    s = Store(db_url)
    assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert s.migrate() == []  # nothing left to apply
    s.close()
    again = Store(db_url)
    assert again.migrate() == []
    again.close()


def test_sqlite_file_is_plain_and_in_wal_mode(tmp_path):
    store = Store(str(tmp_path / "plain.db"))
    store.migrate()
    path = store.url.replace("sqlite:///", "")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"articles", "sources", "fetch_attempts", "duplicates", "failures", "migrations",
            "entities", "quotes", "dates", "quantities", "speakers"} <= tables
    cols = {r[1] for r in con.execute("PRAGMA table_info(articles)")}
    assert {"id", "canonical_url", "content_hash", "title", "outlet", "published", "language", "text", "raw"} <= cols
    con.close()
    store.close()


def _add(conn, i, title, text):
    conn.execute(insert(t.articles).values(id=i, content_hash=f"h{i}", title=title, text=text, ingested_at="x"))


def test_full_text_search_ranks_and_stems(store):
    with store.write() as conn:
        _add(conn, 1, "Strikes on power plants", "Missiles hit power stations overnight.")
        _add(conn, 2, "Grain corridor", "Ships carrying grain left the port.")
        _add(conn, 3, "Talks", "Diplomats said the strikes were discussed.")
    with store.read() as conn:
        assert [h.article_id for h in search(conn, "strike")] == [1, 3]   # title weighs more; porter stems
        assert [h.article_id for h in search(conn, "grain ships")] == [2]
        assert search(conn, '"; DROP TABLE articles; --') == []             # user text is never FTS syntax
        assert search(conn, "   ") == []


def test_fts_follows_updates_and_deletes(store):
    with store.write() as conn:
        _add(conn, 1, "Old title", "alpha text")
        conn.exec_driver_sql("UPDATE articles SET text='bravo text' WHERE id=1")
    with store.read() as conn:
        assert search(conn, "alpha") == [] and [h.article_id for h in search(conn, "bravo")] == [1]
    with store.write() as conn:
        conn.exec_driver_sql("DELETE FROM articles WHERE id=1")
    with store.read() as conn:
        assert search(conn, "bravo") == []


def test_match_expression_quotes_every_word():
    assert SQLiteFTS.to_match('kyiv OR "x" NEAR(a b)') == '"kyiv"* AND "OR"* AND "x"* AND "NEAR"* AND "a"* AND "b"*'


def test_redacted_url_hides_credentials():
    assert redact_url("postgresql://editor:secret@db.internal/livebrief") == "postgresql://editor@db.internal/livebrief"
    assert redact_url("/tmp/x.db") == "sqlite:////tmp/x.db"


def test_a_listing_until_a_day_takes_in_the_whole_day_and_since_leaves_out_the_days_before(store):
    from sqlalchemy import insert

    from livebrief.publish.queries import search
    from livebrief.store import schema as t

    with store.write() as conn:
        for i, published in enumerate(("2024-03-01T23:59:00+00:00", "2024-03-02T08:00:00+00:00", "2024-03-03T00:00:00+00:00"), 1):
            conn.execute(insert(t.articles).values(id=i, content_hash=f"h{i}", title=f"Shelling report {i}",
                                                   text="Shelling hit the city.", ingested_at="x", published=published))
    with store.read() as conn:
        assert [h["id"] for h in search(conn, "", since="2024-03-02", until="2024-03-02")["results"]] == [2]
        assert {h["id"] for h in search(conn, "shelling", until="2024-03-02")["results"]} == {1, 2}
        assert {h["id"] for h in search(conn, "shelling", since="2024-03-02T09:00")["results"]} == {3}
