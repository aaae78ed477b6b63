"""Full-text search: the one place with backend-specific SQL.

SQLite uses an FTS5 table kept in step with ``articles`` by triggers; other backends get their
own adapter behind the same two methods (``create`` and ``search``). A caller may give ``forms``, the
other forms of a query's word (a Ukrainian or Russian word's inflections): any of them matches.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

_WORD = re.compile(r"\w+", re.UNICODE)
Forms = Callable[[str], tuple[str, ...]]


def _terms(query: str, forms: Forms | None, term: str, alternatives: str) -> list[str] | None:
    """Each user word as a quoted prefix term (``term`` formats one), or as its forms' alternatives."""
    words = _WORD.findall(query)
    if not words:
        return None
    out = []
    for w in words[:20]:
        each = forms(w) if forms else (w,)
        out.append(term.format(each[0]) if len(each) == 1 else "(" + alternatives.join(term.format(f) for f in each) + ")")
    return out


@dataclass(frozen=True)
class Hit:
    article_id: int
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str


def _hits(conn: Connection, sql: str, order: str, params: dict, limit: int, offset: int,
          only: list[int] | None) -> list[Hit]:
    """Run an adapter's matching SELECT (id, title, published, outlet, snippet over ``articles a``),
    restricted to ``only`` when given, ranked by ``order`` and paged."""
    params = {**params, "l": limit, "o": offset}
    if only is not None:
        sql += " AND a.id IN :only"
        params["only"] = list(only)
    stmt = text(f"{sql} ORDER BY {order} LIMIT :l OFFSET :o")
    if only is not None:
        stmt = stmt.bindparams(bindparam("only", expanding=True))
    return [Hit(r[0], r[1], r[2], r[3], r[4]) for r in conn.execute(stmt, params)]


class _FullText:
    """What both adapters do with their SQL: match user words, rank, page, count. A snippet costs
    more than the match: it is asked for only for the rows shown."""
    PARAM = SNIPPET = SELECT = ORDER = COUNT = ""

    def parse(self, query: str, forms: Forms | None = None) -> str | None:
        raise NotImplementedError

    def search(self, conn: Connection, query: str, *, limit: int = 20, offset: int = 0,
               snippets: bool = True, only: list[int] | None = None, forms: Forms | None = None) -> list[Hit]:
        parsed = self.parse(query, forms)
        if parsed is None:
            return []
        sql = self.SELECT.format(snippet=self.SNIPPET if snippets else "''")
        return _hits(conn, sql, self.ORDER, {self.PARAM: parsed}, limit, offset, only)

    def count(self, conn: Connection, query: str, forms: Forms | None = None) -> int:
        parsed = self.parse(query, forms)
        if parsed is None:
            return 0
        return conn.execute(text(self.COUNT), {self.PARAM: parsed}).scalar_one()


class SQLiteFTS(_FullText):
    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content='articles', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END")
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")

    @staticmethod
    def to_match(query: str, forms: Forms | None = None) -> str | None:
        # User text never reaches FTS5 syntax: each word becomes a quoted prefix term.
        terms = _terms(query, forms, '"{}"*', " OR ")
        # (FTS5 joins phrases by an implicit AND, but not a phrase and a bracketed group: a word
        # with other forms next to another word was a syntax error)
        return None if terms is None else " AND ".join(terms)

    # the matching rows, their rank, their count; :m is the adapter's query string
    PARAM = "m"
    SNIPPET = "snippet(articles_fts, 1, '[', ']', ' … ', 24)"
    SELECT = ("SELECT a.id, a.title, a.published, a.outlet, {snippet} "
              "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH :m")
    ORDER = "bm25(articles_fts, 5.0, 1.0)"
    COUNT = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"

    def parse(self, query: str, forms: Forms | None = None) -> str | None:
        return self.to_match(query, forms)


class PostgresFTS(_FullText):
    """A generated tsvector column (title weighted above text) with a GIN index."""

    def create(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN IF NOT EXISTS fts tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', text), 'B')) STORED")
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN (fts)")

    @staticmethod
    def to_tsquery(query: str, forms: Forms | None = None) -> str | None:
        # as with FTS5, user text never reaches query syntax: each word becomes a prefix term
        terms = _terms(query, forms, "{}:*", " | ")
        return None if terms is None else " & ".join(terms)

    PARAM = "q"
    SNIPPET = "ts_headline('english', a.text, q, 'StartSel=[,StopSel=],MaxWords=30,MinWords=10')"
    SELECT = ("SELECT a.id, a.title, a.published, a.outlet, {snippet} FROM articles a, "
              "to_tsquery('english', :q) q WHERE a.fts @@ q")
    ORDER = "ts_rank(a.fts, q) DESC, a.id"
    COUNT = "SELECT count(*) FROM articles a WHERE a.fts @@ to_tsquery('english', :q)"

    def parse(self, query: str, forms: Forms | None = None) -> str | None:
        return self.to_tsquery(query, forms)


def adapter_for(dialect: str):
    return PostgresFTS() if dialect == "postgresql" else SQLiteFTS()


def search(conn: Connection, query: str, *, limit: int = 20, offset: int = 0, snippets: bool = True,
           only: list[int] | None = None, forms: Forms | None = None) -> list[Hit]:
    """Ranked hits (``only``: among these article ids); ``snippets=False`` when only ids are needed."""
    return adapter_for(conn.dialect.name).search(conn, query, limit=limit, offset=offset, snippets=snippets,
                                                 only=only, forms=forms)


def count(conn: Connection, query: str, forms: Forms | None = None) -> int:
    """How many articles match (for 'N results'), without ranking or snippets."""
    return adapter_for(conn.dialect.name).count(conn, query, forms)
