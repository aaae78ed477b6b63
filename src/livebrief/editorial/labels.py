"""What the editors' decisions teach about the readers: every decision as a labelled record
(``livebrief export corrections``), and the readers' precision per kind of fact
(``livebrief accuracy``).

Precision counts the decisions in force: an approved fact was read right; a rejected or a
corrected one was read wrong. Per field, over the facts an editor kept (approved or corrected),
a field is right where the editor left it as the machine read it.
"""
from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..records import FactKind, ReviewAction
from ..store import schema as t
from ..text import sentence_bounds
from .decisions import _decision, current
from .facts import FIELDS


def corrections(conn: Connection, since: str | None = None) -> list[dict]:
    """Every decision ever taken (not only those in force), oldest first, as a labelled record:
    the CONTRACT fields before (the machine's) and after (the editor's), the fields changed, the
    article and the sentence the fact was read in."""
    d, a = t.fact_decisions, t.articles
    q = select(d, a.c.input_id, a.c.url, a.c.published, a.c.text).join(a, a.c.id == d.c.article_id).order_by(d.c.id)
    if since:
        q = q.where(d.c.at >= since)
    out = []
    for r in conn.execute(q):
        dec = _decision(r)
        s, e = sentence_bounds(r.text, dec.start)
        after = dec.after
        out.append({"decision": dec.id, "kind": dec.kind, "action": dec.action,
                    "label": "right" if dec.action == ReviewAction.APPROVE else "wrong",
                    "article_id": dec.article_id, "input_id": r.input_id, "url": r.url, "published": r.published,
                    "start": dec.start, "end": dec.end, "span": r.text[dec.start:dec.end],
                    "sentence": r.text[s:max(e, dec.end)].strip(),
                    "key": dec.key, "before": dec.before, "after": after,
                    "changed": [f for f in FIELDS[dec.kind] if after is not None and after.get(f) != dec.before.get(f)],
                    "by": dec.by, "at": dec.at})
    return out


def corrections_jsonl(conn: Connection, since: str | None = None) -> str:
    return "".join(json.dumps(rec, ensure_ascii=False, default=str) + "\n" for rec in corrections(conn, since))


def _ratio(right: int, n: int) -> float | None:
    return round(right / n, 4) if n else None


def accuracy(conn: Connection, since: str | None = None) -> dict:
    """The readers' precision per kind of fact against the decisions in force taken since ``since``
    (all with None), per field, and per month of the decisions."""
    kinds = {}
    for kind in FactKind.values():
        decs = current(conn, kind, since=since)
        counts = {a: sum(1 for dec in decs if dec.action == a) for a in ReviewAction.values()}
        fields = {}
        kept = [dec for dec in decs if dec.after is not None]
        for f in FIELDS[kind]:
            right = sum(1 for dec in kept if dec.after.get(f) == dec.before.get(f))
            fields[f] = {"checked": len(kept), "right": right, "precision": _ratio(right, len(kept))}
        months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for dec in decs:
            m = months[dec.at[:7]]
            m[0] += dec.action == ReviewAction.APPROVE
            m[1] += 1
        kinds[kind] = {"decisions": len(decs), "approved": counts[ReviewAction.APPROVE],
                       "corrected": counts[ReviewAction.CORRECT], "rejected": counts[ReviewAction.REJECT],
                       "precision": _ratio(counts[ReviewAction.APPROVE], len(decs)), "fields": fields,
                       "by_month": {k: {"decisions": n, "right": r, "precision": _ratio(r, n)}
                                    for k, (r, n) in sorted(months.items())}}
    n = sum(k["decisions"] for k in kinds.values())
    right = sum(k["approved"] for k in kinds.values())
    return {"since": since, "kinds": kinds, "total": {"decisions": n, "right": right, "precision": _ratio(right, n)}}
