"""The audit log: what the editors' desk did, in order (sign-ins, sign-outs, revocations,
passwords set, decisions on facts). Rows are only added; the store refuses to change one."""
from __future__ import annotations

import json

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from . import schema as t
from .db import now_iso


def append(conn: Connection, by: str | None, action: str, subject: str | None = None, detail: dict | None = None) -> None:
    """One entry, in the caller's write transaction."""
    conn.execute(insert(t.audit_log).values(at=now_iso(), by=by, action=action, subject=subject,
                                            detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else None))


def entries(conn: Connection, *, limit: int = 200, since: str | None = None) -> list[dict]:
    """The log, newest first."""
    a = t.audit_log
    q = select(a).order_by(a.c.id.desc()).limit(limit)
    if since:
        q = q.where(a.c.at >= since)
    return [{**dict(r._mapping), "detail": json.loads(r.detail) if r.detail else None} for r in conn.execute(q)]
