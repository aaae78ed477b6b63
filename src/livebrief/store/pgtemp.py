"""A throwaway PostgreSQL cluster on loopback, for the test suite, the benchmarks and trying
livebrief on PostgreSQL without administering a server.

It runs Debian's (or any) PostgreSQL binaries from a temporary folder: ``initdb`` there, a
server listening on 127.0.0.1 only with trust authentication for one user, stopped and deleted
on ``stop()``. PostgreSQL refuses to run as root, so when we are root the cluster belongs to the
unprivileged ``nobody`` account.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import StoreError

USER = "livebrief"


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl live: $PG_BINDIR, the PATH, then Debian's versioned folders."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """``with TempPostgres() as pg: url = pg.create_database("x")``."""

    def __init__(self, *, durable: bool = False):
        # durable=False turns fsync off: right for tests, wrong for a benchmark against SQLite
        self.durable = durable
        self.bindir = find_bindir()
        self.root: Path | None = None
        self.port: int | None = None
        self._as: dict = {}

    def __enter__(self) -> TempPostgres:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, "LC_ALL": "C.UTF-8"}, **self._as)
        if proc.returncode != 0:
            log = ""
            if self.root and (self.root / "server.log").exists():
                log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise StoreError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]} {log}")

    def start(self) -> str:
        if self.bindir is None or not (self.bindir / "initdb").exists():
            raise StoreError("PostgreSQL is not installed (no initdb); on Debian: apt-get install postgresql")
        # /tmp rather than pytest's private folder: the cluster's owner must be able to reach it
        self.root = Path(tempfile.mkdtemp(prefix="livebrief-pg-"))
        self.root.chmod(0o755)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)
            self._as = {"user": nobody.pw_uid, "group": nobody.pw_gid}
        self._run("initdb", "-D", str(self.root / "data"), "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")
        self.port = _free_port()
        self.resume()
        return self.url("postgres")

    def resume(self) -> None:
        """Start (again, after ``halt``) the server on its port."""
        opts = [f"-p {self.port}", f"-k {self.root}", "-c listen_addresses=127.0.0.1", "-c max_connections=200"]
        if not self.durable:
            opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "server.log"),
                  "-o", " ".join(opts), "-w", "-t", "60", "start")

    def halt(self) -> None:
        """Stop the server abruptly, keeping its data: a database that goes away mid-run."""
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop", timeout=60)

    def url(self, dbname: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres",
                             autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if self.port is not None:
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop", timeout=60)
        except (StoreError, subprocess.TimeoutExpired):
            pass
        finally:
            deadline = time.time() + 5
            while time.time() < deadline:
                shutil.rmtree(self.root, ignore_errors=True)
                if not self.root.exists():
                    break
                time.sleep(0.1)
            self.root = None
