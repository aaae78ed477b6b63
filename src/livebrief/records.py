"""Typed records passed between stages."""
from __future__ import annotations

from dataclasses import dataclass, field


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

    def merge(self, other: "IngestReport") -> None:
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
