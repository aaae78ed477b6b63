"""Editors' decisions on facts: recorded with their audit entry, in force by their pin, applied to
what the readers found.

Decisions are rows added, never changed: the latest on a pin is in force. A reading replaces an
article's fact rows, so nothing points at a row: ``apply`` finds each row's decision by its pin
(``match``), which is why a reread, or a new version of the readers, keeps every decision.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection

from .. import __version__
from ..errors import ReviewError
from ..records import FactKind, ReviewAction, ReviewState
from ..store import Store, now_iso
from ..store import schema as t
from ..store.audit import append as log_event
from .facts import FIELDS, TABLES, contract, corrected, find, key_of

_STATE = {ReviewAction.APPROVE: ReviewState.APPROVED, ReviewAction.CORRECT: ReviewState.CORRECTED}


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    article_id: int
    start: int
    end: int
    key: str
    action: str
    before: dict
    after: dict | None
    by: str
    at: str

    @property
    def state(self) -> str | None:
        """What the fact shows: approved or corrected; None when it was rejected."""
        return _STATE.get(self.action)

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "article_id": self.article_id, "start": self.start,
                "end": self.end, "key": self.key, "action": self.action, "before": self.before, "after": self.after,
                "by": self.by, "at": self.at}


def _decision(r) -> Decision:
    return Decision(r.id, r.kind, r.article_id, r.start, r.end, r.key, r.action, json.loads(r.before),
                    json.loads(r.after) if r.after else None, r.by, r.at)


def decide(store: Store, *, kind: str, article_id: int, start: int, end: int, key: str, action: str,
           changes: dict | None = None, by: str) -> Decision:
    """Record an editor's decision on the fact pinned by (kind, article_id, start, end, key), with
    its audit entry. A correction that changes nothing is an approval."""
    if action not in ReviewAction.values():
        raise ReviewError(f"action must be one of {', '.join(ReviewAction.values())}")
    if action == ReviewAction.CORRECT and not changes:
        raise ReviewError("a correction needs the fields it changes")
    with store.write() as conn:
        row = find(conn, kind, article_id, start, end, key)
        before = contract(kind, row)
        after = corrected(conn, kind, before, changes or {}) if action == ReviewAction.CORRECT else None
        if action == ReviewAction.CORRECT and after == before:
            action = ReviewAction.APPROVE
        if action == ReviewAction.APPROVE:
            after = before
        previous = _latest(conn, kind, [article_id]).get(article_id, [])
        was = next((d for d in previous if (d.start, d.end, d.key) == (start, end, key)), None)
        at = now_iso()
        did = conn.execute(insert(t.fact_decisions).values(
            kind=kind, article_id=article_id, start=start, end=end, key=key, action=action,
            before=json.dumps(before, ensure_ascii=False), after=None if after is None else json.dumps(after, ensure_ascii=False),
            by=by, at=at)).inserted_primary_key[0]
        changed = {f: {"before": before.get(f), "after": after.get(f)} for f in FIELDS[kind]
                   if after is not None and after.get(f) != before.get(f)}
        log_event(conn, by, action, f"{kind} {article_id}:{start}-{end}",
                  {"decision": did, "key": key, "before": before, "after": after, "changed": changed,
                   "replaces": was.id if was else None, "readers": __version__})
    return Decision(did, kind, article_id, start, end, key, action, before, after, by, at)


def _latest(conn: Connection, kind: str, article_ids: list[int] | None = None, since: str | None = None) -> dict[int, list[Decision]]:
    """The decisions in force of one kind (the latest per pin), by article."""
    d = t.fact_decisions
    q = select(d).where(d.c.kind == kind)
    if since:
        q = q.where(d.c.at >= since)
    rows = []
    if article_ids is None:
        rows = conn.execute(q.order_by(d.c.id)).all()
    else:
        ids = sorted(set(article_ids))
        for i in range(0, len(ids), 5000):
            rows += conn.execute(q.where(d.c.article_id.in_(ids[i:i + 5000])).order_by(d.c.id)).all()
        rows.sort(key=lambda r: r.id)
    pins: dict[tuple, Decision] = {}
    for r in rows:
        pins[(r.article_id, r.start, r.end, r.key)] = _decision(r)   # a later one replaces an earlier
    out: dict[int, list[Decision]] = defaultdict(list)
    for dec in pins.values():
        out[dec.article_id].append(dec)
    return out


def current(conn: Connection, kind: str | None = None, *, since: str | None = None) -> list[Decision]:
    """The decisions in force (of one kind, or all), oldest first."""
    kinds = [kind] if kind else FactKind.values()
    return sorted((dec for k in kinds for decs in _latest(conn, k, since=since).values() for dec in decs),
                  key=lambda dec: dec.id)


def version(conn: Connection) -> int:
    """Changes with every decision: what the read side keeps (digests, aid summaries) is kept per it."""
    return conn.execute(select(func.coalesce(func.max(t.fact_decisions.c.id), 0))).scalar_one()


def match(decisions: list[Decision], kind: str, row: dict) -> Decision | None:
    """The decision in force on ``row``: 1. the same span and key; 2. the same key on a span that
    overlaps the pinned one (a new version of the readers moved the span); 3. the one decision
    on the same span (the new version reads the fact another way)."""
    if not decisions:
        return None
    key, start, end = key_of(kind, row), row["start"], row["end"]
    for dec in decisions:                                            # 1
        if (dec.start, dec.end, dec.key) == (start, end, key):
            return dec
    for dec in decisions:                                            # 2
        if dec.key == key and dec.start < end and start < dec.end:
            return dec
    same = [dec for dec in decisions if (dec.start, dec.end) == (start, end)]
    return same[0] if len(same) == 1 else None                       # 3


def apply(conn: Connection, kind: str, rows: list[dict], *, approved_only: bool = False) -> list[dict]:
    """``rows`` as the desk has them: rejected facts left out, corrected fields replacing the
    machine's (with what they bring: ``_follow``), each row marked ``review`` (records.ReviewState);
    with ``approved_only`` the unreviewed are left out too. Rows need article_id, start, end and
    their key's field."""
    decided = _latest(conn, kind, [r["article_id"] for r in rows]) if rows else {}
    out: list[dict] = []
    speakers: dict[str, int | None] = {}
    for row in rows:
        dec = match(decided.get(row["article_id"], []), kind, row)
        if dec is None:
            if not approved_only:
                out.append({**row, "review": ReviewState.UNREVIEWED.value})
            continue
        if dec.state is None:
            continue
        fixed = {**row, "review": dec.state.value}
        if dec.action == ReviewAction.CORRECT:
            fixed.update({f: v for f, v in dec.after.items() if f in row and f not in ("text", "kind")})
            _follow(conn, kind, fixed, dec.after, speakers)
        out.append(fixed)
    return out


def _follow(conn: Connection, kind: str, row: dict, after: dict, speakers: dict[str, int | None]) -> None:
    """What a corrected field brings with it, where ``row`` has it: a place its key (the one its
    GeoNames id gives, as reading keys places), a speaker the registry's person of that name
    (looked up by name: a reread renumbers the registry)."""
    if kind == FactKind.PLACE and "place_key" in row and after.get("geonameid"):
        row["place_key"] = f"g:{after['geonameid']}"
    if kind == FactKind.QUOTE and "speaker_id" in row:
        name = after.get("speaker")
        if name not in speakers:
            speakers[name] = conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == name)).scalar() if name else None
        row["speaker_id"] = speakers[name]


def review_of(conn: Connection, kind: str, rows: list[dict]) -> list[dict]:
    """Each row with the decision in force on it (None where there is none): the desk's queue."""
    decided = _latest(conn, kind, [r["article_id"] for r in rows]) if rows else {}
    return [{**row, "decision": (lambda d: d.as_dict() if d else None)(match(decided.get(row["article_id"], []), kind, row))}
            for row in rows]


def check_pins(store: Store) -> dict:
    """After a reread: how many decisions in force still find their fact, and which do not."""
    kept, lost = 0, []
    with store.read() as conn:
        for kind, table in TABLES.items():
            decided = _latest(conn, kind)
            if not decided:
                continue
            for article_id, decs in decided.items():
                rows = [dict(r._mapping) for r in conn.execute(select(table).where(table.c.article_id == article_id))]
                found = {id(match(decs, kind, row)) for row in rows}
                for dec in decs:
                    if id(dec) in found:
                        kept += 1
                    else:
                        lost.append(dec.as_dict())
    return {"kept": kept, "lost": lost}
