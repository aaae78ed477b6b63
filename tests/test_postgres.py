"""PostgreSQL as a newsroom's store: the CLI on a server URL, pollers that share the work
(each due source fetched exactly once per cycle), errors when the server is not there.

The rest of the store suite runs on PostgreSQL through the ``db_url`` fixture."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

from sqlalchemy import func, select

from livebrief.ingest.sources import add_source, claim_sources
from livebrief.store import Store
from livebrief.store import schema as t

from .conftest import ROOT, new_pg_database, run_cli


def _feed(i: int) -> str:
    items = "".join(f"<item><title>Desk {i} report {k}</title><guid>d{i}-{k}</guid><description>Desk {i} filed report "
                    f"{k}: crews restored power to {k * 37 + i} homes in district {i * 5 + k}.</description></item>"
                    for k in range(3))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>desk {i}</title>{items}</channel></rss>'


def test_migrate_and_info_on_a_server(postgres):
    url = new_pg_database(postgres)
    proc = run_cli("migrate", db=url)
    assert proc.returncode == 0, proc.stderr
    assert "009_backfill_partitions" in proc.stdout
    info = run_cli("info", "--json", db=url)
    assert '"store": "postgresql://livebrief@127.0.0.1' in info.stdout
    with Store(url).read() as conn:
        assert conn.exec_driver_sql(
            "select count(*) from pg_indexes where indexname = 'ix_articles_fts' and indexdef like '%%gin%%'").scalar_one() == 1


def test_two_pollers_fetch_each_due_source_exactly_once(postgres, site):
    url = new_pg_database(postgres)
    store = Store(url)
    n = 16

    def slow(i):
        def handler(_req):
            time.sleep(0.3)        # long enough for the pollers' cycles to overlap
            return 200, {"Content-Type": "application/rss+xml"}, _feed(i).encode()
        return handler

    for i in range(n):
        site.add(f"/desk{i}.xml", slow(i))
        add_source(store, f"{site.base}/desk{i}.xml", every="1h")
    cmd = [sys.executable, "-m", "livebrief", "poll", "--db", url, "--allow-private", "--no-read", "--follow-links",
           "never", "--json"]
    env = {**os.environ, "LIVEBRIEF_HOST_INTERVAL_S": "0"}
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    shares = [len(json.loads(out)["sources"]) for out, _err in outs]
    assert sum(shares) == n and min(shares) >= 1, shares     # the cycle's work was shared
    fetched = [path for path, _ in site.hits if path.startswith("/desk")]
    assert sorted(fetched) == sorted(f"/desk{i}.xml" for i in range(n))     # every source once, none twice
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.fetch_attempts)).scalar_one() == n
        assert conn.execute(select(func.count()).select_from(t.articles)).scalar_one() == 3 * n
    # a second cycle right away finds nothing due: the sources are due again in an hour
    site.hits.clear()
    assert run_cli("poll", "--allow-private", "--no-read", db=url).returncode == 0
    assert site.hits == []
    store.close()


def test_claims_skip_locked_rows_and_lapse(postgres):
    url = new_pg_database(postgres)
    store = Store(url)
    for i in range(6):
        add_source(store, f"https://feeds.example/{i}.xml")
    taken: list[list[int]] = []
    barrier = threading.Barrier(2)

    def claim():
        barrier.wait()
        taken.append([s.id for s in claim_sources(store, lease_s=2)])

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(taken[0] + taken[1]) == list(range(1, 7))     # disjoint, and all of them
    assert claim_sources(store, lease_s=2) == []                 # all claimed
    time.sleep(2.2)
    assert len(claim_sources(store, lease_s=2)) == 6             # a dead poller's claims lapse
    store.close()


def test_a_server_that_is_not_there_is_a_clear_error():
    proc = run_cli("info", "--json", db="postgresql://nobody@127.0.0.1:9/none")
    assert proc.returncode == 0     # info reports, it does not need the store
    proc = run_cli("sources", "list", db="postgresql://nobody@127.0.0.1:9/none")
    assert proc.returncode == 3
    assert "livebrief: store postgresql://nobody@127.0.0.1:9/none unavailable: connection failed" in proc.stderr
    assert "Traceback" not in proc.stderr
