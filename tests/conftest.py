"""Shared fixtures: real SQLite files in temporary folders, a real HTTP server on 127.0.0.1, and
the CLI through its real entry point."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from livebrief.settings import Options
from livebrief.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def postgres():
    """One throwaway PostgreSQL cluster on loopback for the whole run (``LIVEBRIEF_TEST_PG`` may
    name an existing server instead: a URL whose user can create databases)."""
    from livebrief.store.pgtemp import TempPostgres, find_bindir

    if os.environ.get("LIVEBRIEF_TEST_PG"):
        yield os.environ["LIVEBRIEF_TEST_PG"]
        return
    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed (scripts/test installs it when run as root)")
    with TempPostgres() as pg:
        yield pg


_db_counter = iter(range(1, 1_000_000))


def new_pg_database(postgres) -> str:
    """A fresh, empty database on the test server."""
    name = f"t{os.getpid()}_{next(_db_counter)}"
    if isinstance(postgres, str):
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(postgres)
        with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                             dbname=u.database or "postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return u.set(database=name).render_as_string(hide_password=False)
    return postgres.create_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """Every test that uses the store runs on both backends: a SQLite file and a PostgreSQL
    database of its own."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return new_pg_database(request.getfixturevalue("postgres"))


@pytest.fixture
def store(db_url) -> Store:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def options(db_url) -> Options:
    return Options(db=db_url, read=False, host_interval_s=0.0, timeout_s=3.0, allow_private=True)


def run_cli(*args: str, db: str | None = None, input: str | None = None, timeout: float = 300,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``livebrief`` as a user would: the console script installed with the package."""
    exe = Path(sys.executable).with_name("livebrief")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "livebrief"]
    cmd += list(args)
    if db:
        cmd += ["--db", db]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout, env=full_env)


def run_json(*args: str, db: str | None = None, **kw) -> dict:
    proc = run_cli(*args, db=db, **kw)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ----------------------------------------------------------------- a real local web server

class Site:
    """Routes for the test server: path -> (status, headers, body) or a callable."""

    def __init__(self):
        self.routes: dict[str, object] = {}
        self.hits: list[tuple[str, dict]] = []

    def add(self, path, body=b"", status=200, headers=None):
        if callable(body):
            self.routes[path] = body
            return
        self.routes[path] = (status, headers or {}, body if isinstance(body, bytes) else body.encode("utf-8"))


def _handler(site: Site):
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):  # keep test output clean
            pass

        def do_GET(self):
            site.hits.append((self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if callable(route):
                route = route(self)
                if route is None:
                    return
            status, headers, body = route
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and status != 304:
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
    return H


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield s
    server.shutdown()
    server.server_close()


def wait_for(url: str, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


@contextmanager
def serving(app):
    """A real uvicorn server for ``app`` on a free loopback port; yields its base URL."""
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/healthz")
    try:
        yield base
    finally:
        srv.should_exit = True
        th.join(10)
