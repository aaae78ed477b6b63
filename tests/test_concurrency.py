"""The poller, the web server and a CLI ingest at once on one SQLite file: no "database is
locked", nothing lost."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import httpx

from .conftest import ROOT, wait_for

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>{items}</channel></rss>"""


def test_poller_server_and_ingest_share_one_store(tmp_path, site):
    items = "".join(f"<item><title>Feed report {i}</title><guid>f{i}</guid><description>Feed report {i}: crews repaired "
                    f"line {i * 11} and substation {i * 13} in district {i}.</description></item>" for i in range(300))
    site.add("/feed.xml", FEED.format(items=items), headers={"Content-Type": "application/rss+xml"})
    db = str(tmp_path / "shared.db")
    jsonl = tmp_path / "bulk.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"b{i}", "text": f"Bulk report {i}: officials said crews fixed {i * 7} "
                                         f"pipes and {i * 3} bridges in region {i}."}) + "\n" for i in range(1500)))
    py = [sys.executable, "-m", "livebrief"]
    subprocess.run(py + ["migrate", "--db", db], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(py + ["sources", "add", site.base + "/feed.xml", "--db", db], cwd=ROOT, check=True, capture_output=True)
    import os

    server = subprocess.Popen(py + ["serve", "--db", db, "--port", "8791"], cwd=ROOT,
                              env={**os.environ, "LIVEBRIEF_RATE_LIMIT_PER_MIN": "0"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for("http://127.0.0.1:8791/healthz")
        ingest = subprocess.Popen(py + ["ingest", str(jsonl), "--no-read", "--db", db], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        poll = subprocess.Popen(py + ["poll", "--force", "--allow-private", "--no-read", "--follow-links", "never", "--db", db],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        codes = []
        while ingest.poll() is None or poll.poll() is None:
            for path in ("/", "/articles.json", "/search.json?q=report", "/api/developments"):
                codes.append(httpx.get("http://127.0.0.1:8791" + path, timeout=30).status_code)
            time.sleep(0.05)
        out_i, err_i = ingest.communicate()
        out_p, err_p = poll.communicate()
    finally:
        server.terminate()
        _o, err_s = server.communicate(timeout=20)
    assert ingest.returncode == 0 and poll.returncode == 0, (err_i, err_p)
    for err in (err_i, err_p, err_s):
        assert "database is locked" not in err
    assert codes and set(codes) == {200}
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 1800
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
