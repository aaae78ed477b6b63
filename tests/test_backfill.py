"""Archive backfills on a real Dask LocalCluster: every archive kind, bulk writes, resumption
after a killed run or a lost database, damaged archives, an unreachable scheduler."""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from livebrief.backfill import backfill
from livebrief.backfill.archives import plan
from livebrief.errors import ClusterError, StoreError
from livebrief.store import Store
from livebrief.store import schema as t

from .conftest import ROOT, new_pg_database

CITIES = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Sumy", "Poltava", "Kherson", "Mykolaiv", "Chernihiv", "Zhytomyr",
          "Vinnytsia", "Rivne", "Lutsk", "Uzhhorod", "Kropyvnytskyi", "Cherkasy", "Ternopil", "Izmail"]
WHAT = ["a school", "a power substation", "a grain silo", "a bridge", "an apartment block", "a railway depot",
        "a water pumping station", "a hospital annex", "a bakery", "a fuel depot"]
WHO = ["the regional governor", "the mayor", "emergency services", "the air force", "the energy ministry",
       "local police", "the state railway", "the health ministry"]


def article(i: int) -> dict:
    """A short, unique wire-style report (written for these tests)."""
    rnd = random.Random(i)
    city, what, who = rnd.choice(CITIES), rnd.choice(WHAT), rnd.choice(WHO)
    words = " ".join(rnd.choice(["repairs", "crews", "sirens", "debris", "shelter", "convoy", "generators",
                                 "volunteers", "evacuation", "inspection", "curfew", "drones"]) for _ in range(25))
    text = (f"Report {i}: an overnight strike damaged {what} in {city}, {who} said on Tuesday. "
            f"At least {rnd.randint(2, 40)} people were hurt and {rnd.randint(1, 9)} were killed, according to "
            f"officials, who counted {rnd.randint(3, 60)} drones. Notes {i * 7919}: {words}.")
    return {"id": f"bf-{i}", "title": f"Strike on {what} in {city} ({i})", "text": text,
            "published": f"2024-03-{1 + i % 28:02d}T0{i % 10}:00:00Z", "url": f"https://news.example/bf/{i}"}


def write_jsonl(path, items) -> None:
    path.write_text("".join(json.dumps(a) + "\n" for a in items), encoding="utf-8")


def html_page(a: dict) -> str:
    return (f"<html><head><title>{a['title']}</title><meta property='article:published_time' content='{a['published']}'>"
            f"</head><body><article><h1>{a['title']}</h1><p>{a['text']}</p><p>{a['text'][::-1][:0]}Filed from the "
            f"desk.</p></article></body></html>")


def write_warc(path, pages: list[dict], extra_image: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        for a in pages:
            uri = a["url"] + "/page"
            req = w.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            body = html_page(a).encode()
            hdrs = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hdrs))
        if extra_image:
            hdrs = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record("https://news.example/photo.jpg", "response",
                                                payload=io.BytesIO(b"\xff\xd8\xff\xe0" + b"\0" * 200), http_headers=hdrs))


def counts(store: Store) -> dict:
    with store.read() as conn:
        return {name: conn.execute(select(func.count()).select_from(tab)).scalar_one()
                for name, tab in (("articles", t.articles), ("duplicates", t.duplicates), ("failures", t.failures),
                                  ("partitions", t.backfill_partitions), ("quotes", t.quotes))}


def test_every_archive_kind_is_partitioned_read_and_written_once(tmp_path, options):
    arts = [article(i) for i in range(40)]
    write_jsonl(tmp_path / "a.jsonl", arts[:15])
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(a) + "\n" for a in arts[15:27]))
        fh.write("{not json\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    for a in arts[27:33]:
        (pages / f"{a['id']}.html").write_text(html_page(a), encoding="utf-8")
    write_warc(tmp_path / "c.warc.gz", arts[33:40])
    paths = [str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz"), str(pages), str(tmp_path / "c.warc.gz")]
    p = plan(paths, 4)
    assert [x.kind for x in p.partitions].count("jsonl") == 4 and p.failures == []
    assert sum(x.count for x in p.partitions) == 15 + 13 + 6 + 8   # the WARC's image counts; requests do not

    store = Store(options.db)
    rep = backfill(store, paths, options, local_workers=2, partition_size=4, progress=False)
    assert rep.lost == [] and rep.written == len(p.partitions) and rep.workers == 2
    assert (rep.stored, rep.duplicates) == (40, 0)
    assert rep.failed == 2      # the broken JSON line and the image
    c = counts(store)
    assert c["articles"] == 40 and c["partitions"] == len(p.partitions)
    with store.read() as conn:
        reasons = list(conn.execute(select(t.failures.c.reason)).scalars())
        origins = set(conn.execute(select(t.articles.c.origin)).scalars())
        placed = conn.execute(select(func.count()).select_from(t.development_articles)).scalar_one()
    assert any("invalid JSON" in r for r in reasons)
    assert any("WARC record is not HTML (image/jpeg)" in r for r in reasons)
    assert f"{tmp_path / 'b.jsonl.gz'}:13" not in origins and f"{tmp_path / 'b.jsonl.gz'}:12" in origins
    assert placed == 40         # every article joined a development

    # the same command again: every partition is recorded, nothing is written twice
    again = backfill(store, paths, options, local_workers=2, partition_size=4, progress=False)
    assert again.skipped == len(p.partitions) and again.written == 0
    assert counts(store) == c
    store.close()


@pytest.mark.model
def test_workers_read_with_the_model_loaded_once_each(tmp_path, options):
    items = [article(i) for i in range(12)]
    items[3]["text"] += ' "We will rebuild every house," Mayor Ihor Terekhov said.'
    write_jsonl(tmp_path / "q.jsonl", items)
    store = Store(options.db)
    rep = backfill(store, [str(tmp_path / "q.jsonl")], options.with_(read=True), local_workers=2,
                   partition_size=2, progress=False)
    assert rep.stored == 12 and len(rep.model_loads) == 2
    assert set(rep.model_loads.values()) == {1}     # six tasks over two workers, one load each
    with store.read() as conn:
        speakers = list(conn.execute(select(t.quotes.c.speaker)).scalars())
        unread = conn.execute(select(func.count()).select_from(t.articles).where(t.articles.c.read_at.is_(None))).scalar_one()
    assert any("Ihor Terekhov" in (s or "") for s in speakers) and unread == 0
    store.close()


def test_corrupt_gzip_member_keeps_what_precedes_it_and_is_recorded_once(tmp_path, options):
    good = gzip.compress("".join(json.dumps(article(i)) + "\n" for i in range(6)).encode())
    bad = bytearray(gzip.compress("".join(json.dumps(article(i)) + "\n" for i in range(6, 12)).encode()))
    bad[len(bad) // 2: len(bad) // 2 + 16] = b"\x00" * 16        # damage the second member's deflate stream
    (tmp_path / "d.jsonl.gz").write_bytes(good + bytes(bad))
    store = Store(options.db)
    rep = backfill(store, [str(tmp_path / "d.jsonl.gz")], options, local_workers=1, partition_size=4, progress=False)
    assert rep.stored >= 6 and rep.lost == []
    first = counts(store)
    with store.read() as conn:
        reasons = list(conn.execute(select(t.failures.c.reason)).scalars())
    assert len([r for r in reasons if "corrupt gzip data after line" in r]) == 1
    backfill(store, [str(tmp_path / "d.jsonl.gz")], options, local_workers=1, partition_size=4, progress=False)
    assert counts(store) == first
    store.close()


def test_unreachable_scheduler_is_a_clear_error(tmp_path, options):
    write_jsonl(tmp_path / "e.jsonl", [article(1)])
    store = Store(options.db)
    t0 = time.time()
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        backfill(store, [str(tmp_path / "e.jsonl")], options, scheduler="tcp://127.0.0.1:9", connect_timeout_s=2)
    assert time.time() - t0 < 30
    assert counts(store)["articles"] == 0
    store.close()


def _spawn_backfill(path, db, *extra):
    env = {**os.environ, "LIVEBRIEF_READ": "false"}
    return subprocess.Popen([sys.executable, "-m", "livebrief", "backfill", str(path), "--db", db, "--local-workers", "2",
                             "--partition-size", "25", "--dashboard", ":0", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_partitions(store: Store, n: int, proc, timeout: float = 120) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            done = counts(store)["partitions"]
        except StoreError:
            done = 0
        if done >= n:
            return done
        time.sleep(0.2)
    raise TimeoutError("no partition was written")


def test_killed_backfill_resumes_without_writing_anything_twice(tmp_path, db_url):
    n = 600
    write_jsonl(tmp_path / "big.jsonl", [article(i) for i in range(n)])
    store = Store(db_url)
    store.migrate()
    proc = _spawn_backfill(tmp_path / "big.jsonl", db_url)
    _wait_for_partitions(store, 2, proc)
    os.killpg(proc.pid, signal.SIGKILL)    # the client, its scheduler and its workers
    proc.wait()
    before = counts(store)
    assert 0 < before["articles"] < n and before["articles"] == 25 * before["partitions"]
    proc = _spawn_backfill(tmp_path / "big.jsonl", db_url, "--json")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    rep = json.loads(out)
    assert rep["skipped"] == before["partitions"] and rep["stored"] == n - before["articles"]
    after = counts(store)
    assert after["articles"] == n and after["duplicates"] == 0 and after["partitions"] == n // 25
    with store.read() as conn:
        assert conn.execute(select(func.count(func.distinct(t.articles.c.input_id)))).scalar_one() == n
    store.close()


def test_database_that_goes_away_mid_run_is_a_clear_error_and_resumable(tmp_path):
    from livebrief.store.pgtemp import TempPostgres, find_bindir

    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed")
    n = 500
    write_jsonl(tmp_path / "big.jsonl", [article(i) for i in range(n)])
    with TempPostgres() as pg:         # a server of its own: this test stops it
        url = new_pg_database(pg)
        store = Store(url)
        store.migrate()
        proc = _spawn_backfill(tmp_path / "big.jsonl", url)
        _wait_for_partitions(store, 2, proc)
        store.close()
        pg.halt()
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 3, (out, err)
        assert "unavailable" in err and "Traceback" not in err
        pg.resume()
        store = Store(url)
        written = counts(store)
        assert written["articles"] == 25 * written["partitions"]    # whole partitions only
        proc = _spawn_backfill(tmp_path / "big.jsonl", url)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        after = counts(store)
        assert after["articles"] == n and after["duplicates"] == 0
        store.close()
