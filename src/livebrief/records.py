"""Typed records passed between stages, and the sets of allowed values they carry.

Each set of allowed values is defined once here, as an enumeration whose members are strings
(``EventType.BATTLES == "battles"``): the command line's choices, the web app's checks, the
OpenAPI description, the templates and the exports read it from here.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Values(enum.StrEnum):
    """A set of allowed values, each with a name; a member is its value as a string."""

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The values as plain strings, in order (argparse choices, messages, templates)."""
        return tuple(m.value for m in cls)


class EventType(Values):
    """Event types, compatible with ACLED's (read.events gives each a sub-type)."""

    STRATEGIC_DEVELOPMENT = "strategic_development"
    INFRASTRUCTURE = "infrastructure"
    EXPLOSIONS_REMOTE_VIOLENCE = "explosions_remote_violence"
    BATTLES = "battles"
    VIOLENCE_AGAINST_CIVILIANS = "violence_against_civilians"
    DISPLACEMENT = "displacement"
    DIPLOMACY = "diplomacy"
    AID = "aid"
    PROTESTS = "protests"


# how the pages name each type (ACLED's names where it has the type)
EVENT_TYPE_LABELS = {
    EventType.STRATEGIC_DEVELOPMENT: "Strategic developments", EventType.INFRASTRUCTURE: "Attacks on infrastructure",
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: "Explosions/Remote violence", EventType.BATTLES: "Battles",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "Violence against civilians", EventType.DISPLACEMENT: "Displacement",
    EventType.DIPLOMACY: "Diplomacy", EventType.AID: "Aid", EventType.PROTESTS: "Protests",
}

# what the civilians section shows: events that hurt or displaced people, or hit what they live on
HARM_TYPES = (EventType.INFRASTRUCTURE, EventType.VIOLENCE_AGAINST_CIVILIANS, EventType.DISPLACEMENT)


class Topic(Values):
    """The topics an article can be about (read.topics)."""

    BATTLEFIELD = "battlefield"
    DIPLOMACY = "diplomacy"
    AID = "aid"
    CIVILIANS = "civilians"


# the recipient the aid tracker follows (support to Russia by its allies is read and stored too)
TRACKED_RECIPIENT = "Ukraine"


class AidStatus(Values):
    """How far an aid pledge has gone, in order: a later status outranks an earlier one."""

    PLEDGED = "pledged"
    APPROVED = "approved"
    DELIVERED = "delivered"


class AidCategory(Values):
    MILITARY = "military"
    FINANCIAL = "financial"
    HUMANITARIAN = "humanitarian"
    UNSPECIFIED = "unspecified"


class QuoteKind(Values):
    DIRECT = "direct"
    INDIRECT = "indirect"


class ControlStatus(Values):
    """The statuses of an area in a territorial control layer."""

    OCCUPIED = "occupied"
    CONTESTED = "contested"
    LIBERATED = "liberated"
    CLAIMED = "claimed"


class ExportKind(Values):
    EVENTS = "events"
    AID = "aid"
    QUOTES = "quotes"
    CORRECTIONS = "corrections"   # the editors' decisions as labels: JSONL, never public
    HARM = "harm"     # civilian harm by month and oblast (aggregate/harm.py)
    AID_TOTALS = "aid_totals"   # commitments and deliveries per donor and category (the Kiel Tracker's)


# the exports anyone may download at /export/NAME (the editors' decisions name who took them)
PUBLIC_EXPORTS = (ExportKind.EVENTS, ExportKind.AID, ExportKind.AID_TOTALS, ExportKind.QUOTES, ExportKind.HARM)


class ExportFormat(Values):
    """Export formats; GeoJSON is for events only."""

    CSV = "csv"
    GEOJSON = "geojson"
    JSONL = "jsonl"


class DigestFormat(Values):
    MD = "md"
    HTML = "html"


class OutputFormat(Values):
    """How the command line prints a listing."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class Role(Values):
    """What an API token may do: editors write decisions and sources, admins too."""

    EDITOR = "editor"
    ADMIN = "admin"


class FactKind(Values):
    """The kinds of fact an editor reviews at the desk (each one tab of the review queue)."""

    EVENT = "event"
    AID = "aid"
    QUOTE = "quote"
    PLACE = "place"


class ReviewAction(Values):
    """What an editor decides on a fact: it is right, it is wrong, or it is right once corrected."""

    APPROVE = "approve"
    REJECT = "reject"
    CORRECT = "correct"


class ReviewState(Values):
    """How a fact stands with the desk, as pages and their JSON twins show it (a rejected fact is
    never shown)."""

    UNREVIEWED = "unreviewed"
    APPROVED = "approved"
    CORRECTED = "corrected"


class FollowLinks(Values):
    """When to fetch the page of a feed entry: when the feed gives only a summary, always, never."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass
class Item:
    """One input item as read from a file, feed or URL, before it is stored.

    ``origin`` says where it came from ("path:line", a URL, "feed URL#entry") and is what
    failures and duplicates are recorded under.
    """

    origin: str
    text: str
    input_id: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    raw: bytes | None = None
    raw_type: str | None = None
    source_id: int | None = None


@dataclass(frozen=True)
class Failure:
    item: str
    stage: str
    reason: str

    def as_dict(self) -> dict:
        return {"item": self.item, "stage": self.stage, "reason": self.reason}


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    failed: list[Failure] = field(default_factory=list)
    stored_ids: list[int] = field(default_factory=list)
    duplicate_of: list[tuple[str, int, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.stored + self.duplicates + len(self.failed)

    def as_dict(self) -> dict:
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "failed": [f.as_dict() for f in self.failed],
        }

    def merge(self, other: IngestReport) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.failed.extend(other.failed)
        self.stored_ids.extend(other.stored_ids)
        self.duplicate_of.extend(other.duplicate_of)


@dataclass
class PollReport(IngestReport):
    """A poll's outcome, entry by entry: each entry a source offered is exactly one of new (stored),
    updated (a known entry with another text, recorded as a revision), duplicate (first seen here,
    a copy of an article already stored), known (seen before, skipped) or failed."""

    new: int = 0
    updated: int = 0
    known: int = 0
    gaps: int = 0

    def as_dict(self) -> dict:
        return {**super().as_dict(), "new": self.new, "updated": self.updated, "known": self.known,
                "gaps": self.gaps}

    def merge(self, other: IngestReport) -> None:
        super().merge(other)
        if isinstance(other, PollReport):
            self.new += other.new
            self.updated += other.updated
            self.known += other.known
            self.gaps += other.gaps
