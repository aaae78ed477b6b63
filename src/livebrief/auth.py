"""Tokens and roles: anonymous users read; writes need a token. Tokens are shown once, stored
as SHA-256 hashes, and can be revoked."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import insert, select, update

from .errors import ConfigError
from .records import Role
from .store import Store, now_iso
from .store import schema as t

ROLES = Role.values()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, role: str, name: str | None = None) -> tuple[int, str]:
    if role not in ROLES:
        raise ConfigError(f"role must be one of {', '.join(ROLES)}")
    token = "lb_" + secrets.token_urlsafe(32)
    with store.write() as conn:
        tid = conn.execute(insert(t.tokens).values(name=name, role=role, hash=_hash(token),
                                                   created_at=now_iso())).inserted_primary_key[0]
    return tid, token


def list_tokens(store: Store) -> list[dict]:
    with store.read() as conn:
        rows = conn.execute(select(t.tokens.c.id, t.tokens.c.name, t.tokens.c.role, t.tokens.c.created_at,
                                   t.tokens.c.revoked_at).order_by(t.tokens.c.id)).all()
    return [dict(r._mapping) for r in rows]


def revoke_token(store: Store, token_id: int) -> bool:
    with store.write() as conn:
        return conn.execute(update(t.tokens).where(t.tokens.c.id == token_id, t.tokens.c.revoked_at.is_(None))
                            .values(revoked_at=now_iso())).rowcount > 0


def role_of(store: Store, token: str | None) -> tuple[int, str] | None:
    """(token id, role) of a valid, unrevoked token; None otherwise."""
    if not token:
        return None
    with store.read() as conn:
        row = conn.execute(select(t.tokens.c.id, t.tokens.c.role).where(
            t.tokens.c.hash == _hash(token), t.tokens.c.revoked_at.is_(None))).first()
    return (row.id, row.role) if row else None
