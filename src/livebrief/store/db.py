"""Opening the store, the single writer, and recorded migrations."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from ..errors import StoreError
from . import schema

log = logging.getLogger(__name__)


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def row_id(text: str) -> int | None:
    """The row id a user's string names, or None when it names none: not all ASCII digits ("²"
    is a digit to str.isdigit but no number to int), or longer than a 64-bit integer column
    holds (a query for it is a miss, never a database overflow)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def to_url(db: str) -> str:
    """A plain path means a SQLite file; anything with '://' is a SQLAlchemy URL."""
    if "://" in db:
        # psycopg 3 (the `postgres` extra) is the driver for a plain postgresql:// URL;
        # SQLAlchemy would otherwise look for psycopg2
        if db.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def redact_url(db: str) -> str:
    """The store URL without credentials, for display."""
    try:
        return make_url(db if "://" in db else to_url(db)).render_as_string(hide_password=True).replace(":***", "")
    except Exception:
        return "<unparseable store url>"


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    # readers: as many pooled connections as the web server has worker threads, so that requests
    # never queue for a connection; the writer needs one
    eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                        pool_size=1 if immediate else 32, max_overflow=0 if immediate else 16)

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see "begin" below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn):
        # The writer takes the write lock up front, so two writers queue on busy_timeout
        # instead of failing with "database is locked" when a read lock is upgraded.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return eng


# ---------------------------------------------------------------- migrations

def _m001_core(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[t for t in schema.CORE_TABLES if t is not schema.migrations])


def _add_column(conn: Connection, table: str, column: str, type_: str) -> None:
    """For stores created before the column was part of the table's first migration."""
    if column not in {c["name"] for c in sa_inspect(conn).get_columns(table)}:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {type_}")


def _m007_duplicate_ids(conn: Connection) -> None:
    _add_column(conn, "duplicates", "input_id", "TEXT")


def _m002_fts(conn: Connection) -> None:
    from .search import adapter_for
    adapter_for(conn.dialect.name).create(conn)


def _m003_reading(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.READING_TABLES))


def _m004_places(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.PLACES_TABLES))


def _m005_facts(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.FACTS2_TABLES))


def _m006_developments(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.DEVELOPMENT_TABLES))


def _m008_control(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.CONTROL_TABLES))


def _m009_backfill(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.BACKFILL_TABLES))


def _m010_duplicate_texts(conn: Connection) -> None:
    _add_column(conn, "duplicates", "text", "TEXT")


def _m011_listing(conn: Connection) -> None:
    """Development listing without wide rows: each membership carries its article's publication
    time, outlet, input id and reading time; duplicates are found by their original, and events' harm by their
    article, through covering indexes."""
    da, a = schema.development_articles, schema.articles
    copied = ("published", "outlet", "input_id", "read_at")
    for column in copied:
        _add_column(conn, "development_articles", column, "TEXT")
    conn.execute(da.update().values(**{
        column: select(a.c[column]).where(a.c.id == da.c.article_id).scalar_subquery() for column in copied}))
    for index in (*schema.development_articles.indexes, *schema.duplicates.indexes, *schema.events.indexes):
        index.create(conn, checkfirst=True)


def _m012_term_developments(conn: Connection) -> None:
    """The rarity of clustering terms across developments. The table is created empty: the
    clusterer, which owns it, counts a store's existing developments on its first run."""
    schema.metadata.create_all(conn, tables=list(schema.TERM_TABLES))


def _m013_article_genre(conn: Connection) -> None:
    """What kind of piece each article is (news, opinion, letters ...): filled by reading, so
    null for the articles a store holds until they are read again."""
    _add_column(conn, "articles", "genre", "VARCHAR(20)")


def _m014_source_entries(conn: Connection) -> None:
    """What each source has offered (known entries cost no fetch and no row), each poll's counts
    and gap, and each source's adapted interval and gap count."""
    schema.metadata.create_all(conn, tables=list(schema.SOURCE_ENTRY_TABLES))
    for column, type_ in (("interval_s", "INTEGER"), ("newest_entry_at", "VARCHAR(40)"), ("gaps", "INTEGER"),
                          ("last_gap_at", "VARCHAR(40)")):
        _add_column(conn, "sources", column, type_)
    for column in ("entries_new", "entries_updated", "entries_duplicate", "entries_known", "entries_failed"):
        _add_column(conn, "fetch_attempts", column, "INTEGER")
    _add_column(conn, "fetch_attempts", "gap", "BOOLEAN")


def _m015_desk(conn: Connection) -> None:
    """The editors' desk: decisions on facts, editors with passwords, browser sessions, and an
    audit log the store itself keeps append-only."""
    schema.metadata.create_all(conn, tables=list(schema.DESK_TABLES))
    if conn.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                                 "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql("CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                             "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$")
        conn.exec_driver_sql("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                             "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")


def _m016_article_outlet(conn: Connection) -> None:
    """An outlet's latest articles found by index: its furniture is learned from them whenever its
    articles are clustered or a development is shown."""
    next(i for i in schema.articles.indexes if i.name == "ix_articles_outlet").create(conn, checkfirst=True)


def _m017_term_stems(conn: Connection) -> None:
    """The clusterer's stems changed (an inflection and then what it leaves is cut): the rarities
    counted under the old stems are emptied, and the clusterer, which owns them, counts them again
    from the store's developments on its first run (see migration 012)."""
    conn.execute(schema.term_developments.delete())


def _m018_term_folds(conn: Connection) -> None:
    """The clusterer's terms changed again (accents taken off, romanised spellings folded together,
    see clustering.fold): the rarities are emptied and counted again, as in migration 017."""
    conn.execute(schema.term_developments.delete())


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("001_core", _m001_core),
    ("002_fulltext", _m002_fts),
    ("003_reading", _m003_reading),
    ("004_places", _m004_places),
    ("005_aid_events_topics", _m005_facts),
    ("006_developments", _m006_developments),
    ("007_duplicate_input_ids", _m007_duplicate_ids),
    ("008_control_layers", _m008_control),
    ("009_backfill_partitions", _m009_backfill),
    ("010_duplicate_texts", _m010_duplicate_texts),
    ("011_development_listing", _m011_listing),
    ("012_term_developments", _m012_term_developments),
    ("013_article_genre", _m013_article_genre),
    ("014_source_entries", _m014_source_entries),
    ("015_desk", _m015_desk),
    ("016_article_outlet", _m016_article_outlet),
    ("017_term_stems", _m017_term_stems),
    ("018_term_folds", _m018_term_folds),
]


# the advisory-lock key of the single writer on PostgreSQL ("livebrf" in ASCII)
WRITER_LOCK_KEY = 0x6C697665627266


@contextmanager
def _gone_is_store_error(db: str) -> Iterator[None]:
    """A server that went away (or never answered) is a StoreError with a plain reason, not a
    driver traceback; the transaction it interrupted is rolled back, so a re-run is safe."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise StoreError(f"store {redact_url(db)} unavailable: {_first_line(exc)}") from exc


def _first_line(exc: SQLAlchemyError) -> str:
    """The driver's own message, without SQLAlchemy's statement dump and help link."""
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["unknown error"])[0]


class Store:
    """A livebrief database. Cheap to construct; connects and migrates on first use."""

    def __init__(self, db: str, *, migrate: bool = True):
        self.db = db
        self.url = to_url(db)
        self._lock = threading.RLock()
        self._engine: Engine | None = None
        self._writer: Engine | None = None
        self._migrate = migrate
        self._migrated = False

    # engines are created lazily so that `import livebrief` and `--help` stay instant
    @property
    def engine(self) -> Engine:
        if self._engine is None or (self._migrate and not self._migrated):
            # under the lock: a second thread (the server's cache warmer and its first request)
            # must not read the store while the first is still migrating it
            with self._lock:
                if self._engine is None:
                    self._open()
                if self._migrate and not self._migrated:
                    self.migrate()
        return self._engine

    def _open(self) -> None:
        try:
            if self.url.startswith("sqlite"):
                path = make_url(self.url).database
                if path and path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                self._writer = _sqlite_engine(self.url, immediate=True)
                self._engine = _sqlite_engine(self.url, immediate=False)
            else:
                # a server: one pool for readers and the writer; pre-ping replaces
                # connections the server dropped (restarts, idle timeouts)
                self._engine = self._writer = create_engine(self.url, pool_pre_ping=True, pool_size=10,
                                                            max_overflow=30)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"cannot open store {redact_url(self.db)}: {exc}") from exc

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, each in its own transaction."""
        applied: list[str] = []
        with self._lock:
            if self._writer is None:
                # open the engines without their automatic migration, so that this call applies
                # (and reports) what is pending
                self._open()
            try:
                with self._writer.begin() as conn:
                    schema.metadata.create_all(conn, tables=[schema.migrations])
                    done = set(conn.execute(select(schema.migrations.c.name)).scalars())
                for name, fn in MIGRATIONS:
                    if name in done:
                        continue
                    with self._writer.begin() as conn:
                        fn(conn)
                        conn.execute(insert(schema.migrations).values(name=name, applied_at=now_iso()))
                    applied.append(name)
                    log.info("applied migration %s", name)
            except (OperationalError, InterfaceError) as exc:
                raise StoreError(f"store {redact_url(self.db)} unavailable: {_first_line(exc)}") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot migrate store {redact_url(self.db)}: {_first_line(exc)}") from exc
            self._migrated = True
        return applied

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _gone_is_store_error(self.db), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """The single writer: one write transaction at a time, across processes too.

        SQLite gets this from BEGIN IMMEDIATE. On PostgreSQL every process takes one
        transaction-scoped advisory lock first, so that deduplication (look up, then insert) and
        the numbering of developments see every earlier write, as they do on SQLite.
        """
        self.engine  # noqa: B018
        with _gone_is_store_error(self.db), self._lock, self._writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction without the writer lock, for work that locks its own rows
        (pollers claiming sources with FOR UPDATE SKIP LOCKED)."""
        self.engine  # noqa: B018
        if self.dialect == "sqlite":
            with self.write() as conn:  # SQLite has one lock for everything anyway
                yield conn
            return
        with _gone_is_store_error(self.db), self._writer.begin() as conn:
            yield conn

    def applied_migrations(self) -> list[str]:
        with self.read() as conn:
            return list(conn.execute(select(schema.migrations.c.name).order_by(schema.migrations.c.name)).scalars())

    def close(self) -> None:
        for eng in {id(e): e for e in (self._engine, self._writer) if e is not None}.values():
            eng.dispose()
        self._engine = self._writer = None
        self._migrated = False
