"""The store's tables. The schema is a documented interface (see README, "The store")."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

migrations = Table(
    "migrations", metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", String(40), nullable=False),
)

sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", Text),
    Column("every_s", Integer, nullable=False, default=900),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled_at", String(40)),
    Column("next_due_at", String(40)),
    Column("added_at", String(40), nullable=False),
    # the interval polling actually keeps (every_s adapted: shorter after a gap, longer while quiet)
    Column("interval_s", Integer),
    Column("newest_entry_at", String(40)),   # the newest entry date seen: the next poll's gap test
    Column("gaps", Integer),                 # polls that found every entry new and all newer than that
    Column("last_gap_at", String(40)),
)

fetch_attempts = Table(
    "fetch_attempts", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("url", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # ok | not_modified | error | refused
    Column("http_status", Integer),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("bytes", Integer),
    Column("reason", Text),
    # what the poll found, entry by entry (each entry is exactly one of these)
    Column("entries_new", Integer),
    Column("entries_updated", Integer),
    Column("entries_duplicate", Integer),
    Column("entries_known", Integer),
    Column("entries_failed", Integer),
    Column("gap", Boolean),
)

# every entry a source has offered, so that a poll recognises what it has seen before fetching a
# page or recording anything: an entry is its id in the feed (else its canonical URL), with a
# fingerprint of the title and text the feed gave (a changed one is a revision, stored as such)
source_entries = Table(
    "source_entries", metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_key", Text, primary_key=True),
    Column("canonical_url", Text),
    Column("fingerprint", String(40), nullable=False),
    Column("status", String(12), nullable=False),  # stored | duplicate | failed
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("tries", Integer, nullable=False, default=1),
    Column("published", String(40)),
    Column("first_seen", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Index("ix_source_entries_url", "source_id", "canonical_url"),
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("input_id", Text),
    Column("canonical_url", Text),
    Column("url", Text),
    Column("content_hash", String(40), nullable=False),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("published", String(40)),
    Column("language", String(12)),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary),          # the raw document, zlib-compressed
    Column("raw_type", String(40)),      # jsonl | txt | html | feed
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("origin", Text),
    Column("ingested_at", String(40), nullable=False),
    Column("read_at", String(40)),
    Column("read_status", Text),         # null until read; "ok" or why it was skipped
    Column("genre", String(20)),         # read.genre.GENRES (news, opinion, letters ...); null until read
    Index("ix_articles_canonical_url", "canonical_url", unique=True),
    Index("ix_articles_content_hash", "content_hash", unique=True),
    Index("ix_articles_published", "published"),
    Index("ix_articles_input_id", "input_id"),
    # an outlet's latest articles, from which its furniture is learned (aggregate.developments)
    Index("ix_articles_outlet", "outlet", "id"),
)

duplicates = Table(
    "duplicates", metadata,
    Column("id", Integer, primary_key=True),
    Column("item", Text, nullable=False),
    Column("input_id", Text),            # the duplicate's own id in its input, where it had one
    Column("url", Text),
    Column("duplicate_of", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("method", String(20), nullable=False),  # url | hash | near | id
    # the duplicate's own text where it differs from the article kept (a revised page at the same
    # URL, or the same input id with another text): the first version wins, nothing is lost
    Column("text", Text),
    Column("similarity", Float),
    Column("at", String(40), nullable=False),
    # a development lists its articles' copies by their own ids: covering, so the texts of the
    # copies are never read for it
    Index("ix_duplicates_of", "duplicate_of", "id", "input_id", "item"),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("item", Text, nullable=False),
    Column("stage", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
)

minhashes = Table(
    "minhashes", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

# --- what reading finds in each article (offsets are Python string indices into articles.text)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(20), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("canonical", Text),
    Index("ix_entities_article", "article_id"),
    Index("ix_entities_canonical", "canonical"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("speaker_id", Integer, ForeignKey("speakers.id", ondelete="SET NULL")),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker_id"),
)

dates = Table(
    "dates", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", String(10), nullable=False),
    Column("granularity", String(10), nullable=False),
    Index("ix_dates_article", "article_id"),
    Index("ix_dates_value", "value"),
)

quantities = Table(
    "quantities", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("unit", String(40)),
    Column("kind", String(20), nullable=False),   # money | people | equipment | count
    Column("category", String(40)),               # killed | wounded | displaced | refugees | ...
    Column("vague", Boolean, nullable=False, default=False),
    Column("cumulative", Boolean, nullable=False, default=False),
    Index("ix_quantities_article", "article_id"),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("place_key", Text, nullable=False),      # "g:<geonameid>" or "n:<cc>:<name>" where GeoNames has no id
    Column("geonameid", Integer),
    Column("feature", String(12), nullable=False),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Index("ix_places_article", "article_id"),
    Index("ix_places_key", "place_key"),
)

aid = Table(
    "aid", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("donor", Text, nullable=False),
    Column("donor_country", String(4)),
    Column("recipient", Text),
    Column("amount", Float),
    Column("currency", String(3)),
    Column("category", String(16), nullable=False),
    Column("status", String(12), nullable=False),
    Column("items", Text),                 # JSON list
    Column("cumulative", Boolean, nullable=False, default=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_aid_article", "article_id"),
    Index("ix_aid_donor", "donor_country", "donor"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(40), nullable=False),
    Column("sub_type", String(60), nullable=False),
    Column("actor", Text),
    Column("target", Text),
    Column("place", Integer),              # GeoNames id
    Column("place_name", Text),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("date", String(10)),
    Column("time_precision", Integer),
    Column("geo_precision", Integer),
    Column("killed", Float),
    Column("wounded", Float),
    Column("displaced", Float),
    Column("claim", String(12)),
    Column("source", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("confidence", Float),
    Index("ix_events_article", "article_id"),
    Index("ix_events_type_date", "type", "date"),
    # ranking developments asks, per article, whether an event hurt people or moved a front line:
    # answered from this index alone
    Index("ix_events_article_harm", "article_id", "type", "killed", "wounded"),
)

topics = Table(
    "topics", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("topic", String(16), primary_key=True),
)

developments = Table(
    "developments", metadata,
    Column("id", Integer, primary_key=True),
    Column("first_seen", String(40)),
    Column("last_seen", String(40)),
    Column("created_at", String(40)),                # when livebrief first saw it (wall clock)
    Column("updated_at", String(40), nullable=False),
)

development_articles = Table(
    "development_articles", metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("development_id", Integer, ForeignKey("developments.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float),
    Column("joined_at", String(40), nullable=False),
    Column("pinned", Boolean, nullable=False, default=False),   # placed by an editor: clustering leaves it
    # what a listing needs of the article, copied here (none of it ever changes) so that ranking,
    # member lists and the summary pool are read from this narrow table's covering index instead
    # of the wide articles rows (a long story has thousands of articles)
    Column("published", String(40)),
    Column("outlet", Text),
    Column("input_id", Text),
    Column("read_at", String(40)),     # kept equal to the article's: a new reading renews a digest
    Index("ix_devart_dev", "development_id"),
    Index("ix_devart_listing", "development_id", "published", "article_id", "outlet", "input_id", "read_at"),
)

# how many developments have used each clustering term, ever (the rarity clustering weighs shared
# terms by): kept here so that a store taking articles in small batches clusters as one long run
# does, not with rarities counted over the developments of the last hours only
term_developments = Table(
    "term_developments", metadata,
    Column("term", String(100), primary_key=True),
    Column("developments", Integer, nullable=False),
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),     # merge | split (an editor) | auto-merge (clustering)
    Column("payload", Text, nullable=False),        # JSON
    Column("at", String(40), nullable=False),
    Column("by", Text),
)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text),
    Column("role", String(10), nullable=False),     # editor | admin
    Column("hash", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
)

# --- the editors' desk: decisions on facts, who may sign in, and what happened (publish/desk.py)

# an editor's decision on one fact read in an article. A fact is pinned by what a new reading of
# the article finds again, never by its row id (rows are replaced at each reading): its kind, its
# article, its span (start, end) and a key from the machine's own reading (an event's type, an aid
# record's donor, a quotation's kind, a place's words). Rows are only ever added: the latest
# decision on a pin is the one in force, the earlier ones its history.
fact_decisions = Table(
    "fact_decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),      # records.FactKind
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("key", Text, nullable=False),
    Column("action", String(10), nullable=False),    # records.ReviewAction
    Column("before", Text, nullable=False),          # JSON: the machine's reading (CONTRACT fields)
    Column("after", Text),                           # JSON: the fact as the editor has it; null when rejected
    Column("by", Text, nullable=False),
    Column("at", String(40), nullable=False),
    Index("ix_fact_decisions_pin", "kind", "article_id"),
)

# everything the desk did, in order: sign-ins and their failures, sign-outs, revocations, passwords
# set, and every decision (before and after). Append-only: the store refuses to update or delete a row.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("by", Text),
    Column("action", String(40), nullable=False),
    Column("subject", Text),
    Column("detail", Text),                          # JSON
)

# people who sign in with a password an admin set (tokens sign in too, as themselves)
editors = Table(
    "editors", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("role", String(10), nullable=False),      # records.Role
    Column("password", Text, nullable=False),        # scrypt: salt and hash, hex
    Column("created_at", String(40), nullable=False),
    Column("disabled_at", String(40)),
)

# browser sessions: only the SHA-256 of the cookie's value is stored, with the CSRF token of its forms
sessions = Table(
    "sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("who", Text, nullable=False),             # token:ID or editor:NAME
    Column("role", String(10), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
)

control_layers = Table(
    "control_layers", metadata,
    Column("id", Integer, primary_key=True),
    Column("date", String(10), nullable=False),
    Column("source", Text, nullable=False),
    Column("format", String(20), nullable=False),
    Column("imported_at", String(40), nullable=False),
    Column("geojson", Text, nullable=False),      # FeatureCollection, a 'status' on every feature, WGS84
    Column("unions", Text),                       # JSON: status -> WKB (hex) of the union, for diffs
    Column("areas", Text, nullable=False),        # JSON: status -> km² (equal-area, = geodesic to <0.1%)
    Column("repairs", Text),                      # JSON list of geometry repairs made on import
    Index("ix_control_date", "date", "source"),
)

speakers = Table(
    "speakers", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", String(10)),  # PERSON | ORG
)

speaker_aliases = Table(
    "speaker_aliases", metadata,
    Column("id", Integer, primary_key=True),
    Column("speaker_id", Integer, ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("role", Text),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE")),
    Index("ix_speaker_aliases_speaker", "speaker_id"),
)

backfill_partitions = Table(
    "backfill_partitions", metadata,
    # one row per partition of an archive written by `livebrief backfill`: a re-run or a resumed
    # run skips these; part -1 records what planning found wrong with the archive itself
    Column("archive", Text, primary_key=True),
    Column("fingerprint", String(80), primary_key=True),
    Column("part", Integer, primary_key=True),
    Column("items", Integer, nullable=False),
    Column("stored", Integer, nullable=False),
    Column("duplicates", Integer, nullable=False),
    Column("failed", Integer, nullable=False),
    Column("seconds", Float),
    Column("done_at", String(40), nullable=False),
)

CORE_TABLES = (migrations, sources, fetch_attempts, articles, duplicates, failures, minhashes)
READING_TABLES = (speakers, entities, quotes, dates, quantities, speaker_aliases)
PLACES_TABLES = (places,)
FACTS2_TABLES = (aid, events, topics)
DEVELOPMENT_TABLES = (developments, development_articles, decisions, tokens)
CONTROL_TABLES = (control_layers,)
BACKFILL_TABLES = (backfill_partitions,)
TERM_TABLES = (term_developments,)
SOURCE_ENTRY_TABLES = (source_entries,)
DESK_TABLES = (fact_decisions, audit_log, editors, sessions)
FACT_TABLES = (entities, quotes, places, dates, quantities, aid, events, topics, speaker_aliases)
