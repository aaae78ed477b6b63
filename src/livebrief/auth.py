"""Tokens, editors and browser sessions: anonymous users read; writes need a token (the API) or
an editor's session (the desk). Tokens are shown once, stored as SHA-256 hashes, and can be
revoked; editors' passwords are stored as scrypt hashes; a session cookie's value is stored as
its SHA-256 only, and a session ends when it expires, is revoked, or what opened it is."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from .errors import ConfigError
from .records import Role
from .store import Store, audit, now_iso
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


# ------------------------------------------------------------------ editors with passwords

MIN_PASSWORD = 12
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}


def _scrypt(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)


def set_password(store: Store, name: str, password: str, *, role: str = Role.EDITOR, by: str | None = None) -> None:
    """Add an editor who signs in with ``password``, or set an editor's password and role (an
    admin's act: the CLI, or an admin's session). Their open sessions end."""
    name = (name or "").strip()
    if not name or len(name) > 200 or not name.isprintable():
        raise ConfigError("an editor's name is 1 to 200 printable characters")
    if role not in ROLES:
        raise ConfigError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"a password has at least {MIN_PASSWORD} characters")
    salt = secrets.token_bytes(16)
    stored = f"scrypt${salt.hex()}${_scrypt(password, salt).hex()}"
    with store.write() as conn:
        found = conn.execute(select(t.editors.c.id).where(t.editors.c.name == name)).first()
        if found is None:
            conn.execute(insert(t.editors).values(name=name, role=role, password=stored, created_at=now_iso()))
        else:
            conn.execute(update(t.editors).where(t.editors.c.id == found.id)
                         .values(role=role, password=stored, disabled_at=None))
        _end_sessions(conn, t.sessions.c.who == f"editor:{name}")
        audit.append(conn, by, "password-set", f"editor:{name}", {"role": role})


def list_editors(store: Store) -> list[dict]:
    e = t.editors.c
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(select(e.id, e.name, e.role, e.created_at, e.disabled_at).order_by(e.id))]


def disable_editor(store: Store, name: str, *, by: str | None = None) -> bool:
    with store.write() as conn:
        done = conn.execute(update(t.editors).where(t.editors.c.name == name, t.editors.c.disabled_at.is_(None))
                            .values(disabled_at=now_iso())).rowcount > 0
        if done:
            _end_sessions(conn, t.sessions.c.who == f"editor:{name}")
            audit.append(conn, by, "editor-disabled", f"editor:{name}")
    return done


def _editor(conn, name: str, password: str) -> tuple[str, str] | None:
    row = conn.execute(select(t.editors.c.role, t.editors.c.password).where(
        t.editors.c.name == name, t.editors.c.disabled_at.is_(None))).first()
    if row is None:
        _scrypt(password, b"\0" * 16)   # the same work as a real check: a name is not told by the time taken
        return None
    _scheme, salt, want = row.password.split("$")
    if not hmac.compare_digest(_scrypt(password, bytes.fromhex(salt)).hex(), want):
        return None
    return f"editor:{name}", row.role


# ------------------------------------------------------------------ browser sessions

@dataclass(frozen=True)
class Session:
    """A signed-in editor's browser session: who, with what role, and the CSRF token of its forms."""

    id: int
    who: str
    role: str
    csrf: str
    expires_at: str


def _principal_valid(conn, who: str) -> bool:
    """A session lasts no longer than what it was opened with: a revoked token, a disabled editor."""
    kind, _, ident = who.partition(":")
    if kind == "token":
        return conn.execute(select(t.tokens.c.id).where(t.tokens.c.id == int(ident),
                                                        t.tokens.c.revoked_at.is_(None))).first() is not None
    return conn.execute(select(t.editors.c.id).where(t.editors.c.name == ident,
                                                     t.editors.c.disabled_at.is_(None))).first() is not None


def sign_in(store: Store, *, token: str | None = None, name: str | None = None, password: str | None = None,
            ttl_s: int = 28_800, replaces: str | None = None, client: str | None = None) -> tuple[str, Session] | None:
    """Open a session for a valid token or an editor's name and password: (the cookie's value,
    the session). Always a new random session id, and the session the browser held before (if
    any) ends: nobody can plant an id to be signed in under (session fixation)."""
    found = None
    if token:
        tok = role_of(store, token)
        found = (f"token:{tok[0]}", tok[1]) if tok else None
    elif name and password:
        with store.read() as conn:
            found = _editor(conn, name, password)
    with store.write() as conn:
        if replaces:
            _end_sessions(conn, t.sessions.c.hash == _hash(replaces))
        if found is None:
            audit.append(conn, None, "signin-refused", f"editor:{name}" if name else "token", {"client": client})
            return None
        value = secrets.token_urlsafe(32)
        expires = (datetime.now(UTC) + timedelta(seconds=ttl_s)).replace(microsecond=0).isoformat()
        csrf = secrets.token_urlsafe(32)
        sid = conn.execute(insert(t.sessions).values(hash=_hash(value), who=found[0], role=found[1], csrf=csrf,
                                                     created_at=now_iso(), expires_at=expires)).inserted_primary_key[0]
        audit.append(conn, found[0], "signin", f"session:{sid}", {"client": client, "expires_at": expires})
    return value, Session(sid, found[0], found[1], csrf, expires)


def session_of(store: Store, value: str | None) -> Session | None:
    """The session a cookie's value opens: unrevoked, unexpired, its token or editor still valid."""
    if not value:
        return None
    with store.read() as conn:
        row = conn.execute(select(t.sessions).where(t.sessions.c.hash == _hash(value), t.sessions.c.revoked_at.is_(None),
                                                    t.sessions.c.expires_at > now_iso())).first()
        if row is None or not _principal_valid(conn, row.who):
            return None
    return Session(row.id, row.who, row.role, row.csrf, row.expires_at)


def _end_sessions(conn, where) -> int:
    return conn.execute(update(t.sessions).where(where, t.sessions.c.revoked_at.is_(None)).values(revoked_at=now_iso())).rowcount


def sign_out(store: Store, session: Session) -> None:
    with store.write() as conn:
        _end_sessions(conn, t.sessions.c.id == session.id)
        audit.append(conn, session.who, "signout", f"session:{session.id}")


def list_sessions(store: Store) -> list[dict]:
    s = t.sessions.c
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(s.id, s.who, s.role, s.created_at, s.expires_at, s.revoked_at).order_by(s.id))]


def revoke_session(store: Store, session_id: int, *, by: str | None = None) -> bool:
    with store.write() as conn:
        done = _end_sessions(conn, t.sessions.c.id == session_id) > 0
        if done:
            audit.append(conn, by, "session-revoked", f"session:{session_id}")
    return done


def revoke_sessions(store: Store, *, by: str | None = None) -> int:
    """End every open session (a desk's panic button)."""
    with store.write() as conn:
        n = _end_sessions(conn, t.sessions.c.id.is_not(None))
        audit.append(conn, by, "sessions-revoked", None, {"sessions": n})
    return n
