#!/usr/bin/env python3
"""Loopback load: a fixed request rate over the briefing, search, the developments API and
article pages, while a poll cycle writes to the same store.

    python bench/load.py [--seconds 60] [--rate 200]

Starts `livebrief demo` at 127.0.0.1 (a subprocess), a local feed server, and a poller writing
new articles during the run. The load comes from Debian's wrk when installed (a closed loop over
the same paths, at whatever rate the server sustains), else from an asyncio client at --rate. Prints requests sent, errors, p50/p95/p99 latency
and the server's RSS at start and end (issue 9: 0 errors, p99 <= 500 ms, memory stable). The
baseline in the same run is /healthz latency (the server's floor).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/", "/index.json", "/search?q=Kherson", "/search.json?q=missile", "/api/developments", "/articles/3",
         "/articles/17", "/articles/25.json"]


def rss_mb(pid: int) -> float:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def feed_server() -> tuple[ThreadingHTTPServer, str]:
    n = {"i": 0}

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            n["i"] += 1
            items = "".join(f"<item><title>Load report {n['i']}-{k}</title><guid>l{n['i']}-{k}</guid><description>"
                            f"Report {n['i']}-{k}: repair crews restored line {k * 7} in district {n['i']}.</description></item>"
                            for k in range(20))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>load</title>{items}</channel></rss>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}/feed.xml"


async def drive(base: str, seconds: float, rate: float) -> tuple[list[float], int, list[float]]:
    lat, errors, health = [], 0, []
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        async def one(path: str, sink: list[float]):
            nonlocal errors
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                if r.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            sink.append(time.perf_counter() - t0)

        tasks = []
        start = time.perf_counter()
        i = 0
        while time.perf_counter() - start < seconds:
            target = start + i / rate
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            path = PATHS[i % len(PATHS)]
            tasks.append(asyncio.create_task(one(path, lat)))
            if i % 50 == 0:
                tasks.append(asyncio.create_task(one("/healthz", health)))
            i += 1
        await asyncio.gather(*tasks)
    return lat, errors, health


WRK_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
response = function(status, headers, body)
  if status >= 400 then errors = (errors or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%d %%d %%.0f %%.0f %%.0f %%.0f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.duration))
end
"""


def drive_wrk(base: str, seconds: float, connections: int) -> tuple[int, int, float, float, float, float]:
    """wrk (Debian's, C): a closed loop over the same paths; returns requests, errors, p50/p95/p99 (us), duration."""
    import shutil

    lua = WRK_LUA % ", ".join(f'"{p}"' for p in PATHS)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    out = subprocess.run([shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{int(seconds)}s", "-s", fh.name, base],
                         capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    n, err, p50, p95, p99, dur = (float(v) for v in line.split()[1:])
    return int(n), int(err), p50, p95, p99, dur


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--no-poll", action="store_true", help="no concurrent writes (to see the read path alone)")
    a = ap.parse_args()
    py = [sys.executable, "-m", "livebrief"]
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/load.db"
        feed, feed_url = feed_server()
        env = {**os.environ, "LIVEBRIEF_RATE_LIMIT_PER_MIN": "0"}  # one loopback client is the whole load
        port = 8797
        server = subprocess.Popen(py + ["demo", "--db", db, "--port", str(port)], cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        subprocess.run(py + ["sources", "add", feed_url, "--every", "1m", "--db", db], cwd=ROOT, capture_output=True)
        rss0 = rss_mb(server.pid)
        stop = threading.Event()

        def poller():
            while not stop.is_set():
                subprocess.run(py + ["poll", "--force", "--allow-private", "--follow-links", "never", "--db", db],
                               cwd=ROOT, capture_output=True)
                stop.wait(5)

        th = threading.Thread(target=poller, daemon=True)
        if not a.no_poll:
            th.start()
        import shutil

        if shutil.which("wrk"):
            n, errors, p50, p95, p99, dur = drive_wrk(base, a.seconds, 4)
            lat, health = None, None
        else:
            lat, errors, health = asyncio.run(drive(base, a.seconds, a.rate))
        stop.set()
        if th.is_alive():
            th.join(60)
        rss1 = rss_mb(server.pid)
        server.terminate()
        server.wait(20)
        feed.shutdown()
    if lat is None:
        print(f"wrk, 4 connections, closed loop: {n} requests in {dur / 1e6:.0f} s = {n / (dur / 1e6):.0f}/s "
              f"(target 200/s), errors {errors}")
        print(f"latency p50 {p50 / 1000:.0f} ms, p95 {p95 / 1000:.0f} ms, p99 {p99 / 1000:.0f} ms (ceiling p99 500 ms)")
    else:
        q = statistics.quantiles(lat, n=100)
        print(f"{len(lat)} requests in {a.seconds:.0f} s at {a.rate:.0f}/s target ({len(lat) / a.seconds:.0f}/s sent), errors {errors}")
        print(f"latency p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms "
              f"(ceiling p99 500 ms); /healthz median {statistics.median(health) * 1000:.0f} ms (baseline)")
    print(f"server RSS {rss0:.0f} MB at start, {rss1:.0f} MB at end")


if __name__ == "__main__":
    main()
