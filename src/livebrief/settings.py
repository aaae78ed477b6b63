"""The one settings table: name, default, help.

Each setting can be overridden by an environment variable ``LIVEBRIEF_<NAME upper>``.
The README's configuration section and the CLI help are checked against this table by a test.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "livebrief.db", "Store: a SQLite path or a SQLAlchemy URL (postgresql://...)."),
    Setting("user_agent", "livebrief/0.1 (news briefing reader; set LIVEBRIEF_USER_AGENT to add a contact)",
            "User-Agent sent with every fetch."),
    Setting("timeout_s", 20.0, "Connect/read timeout of one fetch, in seconds."),
    Setting("max_body_bytes", 10_000_000, "Largest response body or input file read, in bytes."),
    Setting("max_parse_s", 20.0, "Longest time one HTML page or feed may take to parse, in seconds (0: no limit)."),
    Setting("max_redirects", 5, "Most redirects followed for one fetch."),
    Setting("host_interval_s", 1.0, "Least time between two requests to the same host, in seconds."),
    Setting("allow_private", False, "Allow fetching loopback/private/reserved addresses (tests, intranets)."),
    Setting("respect_robots", True, "Obey robots.txt for article page fetches."),
    Setting("follow_links", "auto",
            "Fetch the page of a feed entry: auto (when the feed gives only a summary), always, never."),
    Setting("near_dup_threshold", 0.9, "Jaccard similarity at or above which an article is a near-duplicate."),
    Setting("max_feed_items", 10_000, "Most entries read from one feed."),
    Setting("read", True, "Read articles (entities, quotes, dates...) as they are ingested."),
    Setting("batch_size", 200, "Articles written per transaction during ingest."),
    Setting("poll_lease_s", 600, "How long a poller's claim on a due source lasts before another poller may take it, in seconds."),
    Setting("poll_min_s", 60, "Shortest interval a source's polling adapts down to after a gap, in seconds."),
    Setting("poll_max_s", 3600,
            "Longest interval a quiet source's polling adapts up to, in seconds (never below its --every)."),
    Setting("rate_limit_per_min", 1200, "Requests per minute per client to /search and /api (0: no limit)."),
    Setting("briefing_min_confidence", 0.5, "Least confidence (the reader's calibrated probability that an editor "
            "would publish the event as read; for Ukrainian and Russian text, that the sentence reports a current "
            "event) of an event the front page briefs; the rest stay in the archive, the map and the exports."),
    Setting("briefing_days", 30, "Days before the store's newest article within which the front page briefs civilian "
            "harm and changes of control (0: any age; the demo, which spans the war's years, briefs every age); older "
            "ones stay on /civilians, the map and the exports."),
    Setting("publish_approved_only", False, "Publish only the facts an editor approved or corrected on the front page, the "
            "digest and the Atom feed (by default unreviewed facts are shown too, marked as unreviewed)."),
    Setting("session_ttl_s", 28_800, "How long an editor's browser session lasts after signing in, in seconds."),
    Setting("attribution_threshold", 1.0,
            "Probability at which the attribution model adds reported statements beyond speech verbs "
            "(intentions, beliefs, announcements, as PolNeAR annotates them); 1: speech verbs only."),
    Setting("quote_units", "quotations",
            "What one quote record is: quotations (the desk's: a quotation its attribution interrupts is two, a "
            "quoted fragment inside reported speech is one of its own) or attributions (PolNeAR's: one cue's "
            "content, its quoted parts joined, a fragment inside the reported clause part of it)."),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Options:
    """Options built once (from defaults, environment, then flags) and passed through."""

    db: str = _DEFAULTS["db"]
    user_agent: str = _DEFAULTS["user_agent"]
    timeout_s: float = _DEFAULTS["timeout_s"]
    max_body_bytes: int = _DEFAULTS["max_body_bytes"]
    max_parse_s: float = _DEFAULTS["max_parse_s"]
    max_redirects: int = _DEFAULTS["max_redirects"]
    host_interval_s: float = _DEFAULTS["host_interval_s"]
    allow_private: bool = _DEFAULTS["allow_private"]
    respect_robots: bool = _DEFAULTS["respect_robots"]
    follow_links: str = _DEFAULTS["follow_links"]
    near_dup_threshold: float = _DEFAULTS["near_dup_threshold"]
    max_feed_items: int = _DEFAULTS["max_feed_items"]
    read: bool = _DEFAULTS["read"]
    batch_size: int = _DEFAULTS["batch_size"]
    poll_lease_s: int = _DEFAULTS["poll_lease_s"]
    poll_min_s: int = _DEFAULTS["poll_min_s"]
    poll_max_s: int = _DEFAULTS["poll_max_s"]
    rate_limit_per_min: int = _DEFAULTS["rate_limit_per_min"]
    briefing_min_confidence: float = _DEFAULTS["briefing_min_confidence"]
    briefing_days: int = _DEFAULTS["briefing_days"]
    attribution_threshold: float = _DEFAULTS["attribution_threshold"]
    publish_approved_only: bool = _DEFAULTS["publish_approved_only"]
    session_ttl_s: int = _DEFAULTS["session_ttl_s"]
    quote_units: str = _DEFAULTS["quote_units"]

    def with_(self, **changes) -> Options:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def from_env(environ: dict[str, str] | None = None) -> Options:
    env = os.environ if environ is None else environ
    values = {}
    for f in fields(Options):
        key = "LIVEBRIEF_" + f.name.upper()
        if key in env:
            values[f.name] = _coerce(env[key], _DEFAULTS[f.name])
    return Options(**values)
