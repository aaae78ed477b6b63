"""Ingesting files and folders: every item ends stored, duplicate or failed, with counts that match."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from livebrief.flow import ingest
from livebrief.store import schema as t

from .conftest import FIXTURES, run_cli

MIXED = FIXTURES / "mixed"


def count(store, table):
    with store.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_mixed_folder_counts_match_contents(store, options):
    report = ingest(store, [str(MIXED)], options, progress=False)
    reasons = {f.item.split("/")[-1]: f.reason for f in report.failed}
    assert (report.stored, report.duplicates, len(report.failed)) == (8, 0, 5), reasons
    assert count(store, t.articles) == 8
    assert count(store, t.failures) == 5
    assert reasons["a.jsonl:3"] == "'text' must be a string, not int"
    assert reasons["a.jsonl:4"].startswith("invalid JSON")
    assert reasons["a.jsonl:5"] == "'published' is not an ISO 8601 date: '2023-13-45'"
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.html"] == "binary data, not an HTML page"


def test_second_ingest_stores_nothing_and_reports_duplicates(store, options):
    first = ingest(store, [str(MIXED)], options, progress=False)
    second = ingest(store, [str(MIXED)], options, progress=False)
    assert first.stored == 8
    assert (second.stored, second.duplicates) == (0, 8)
    assert count(store, t.articles) == 8
    with store.read() as conn:
        methods = dict(conn.execute(select(t.duplicates.c.method, func.count()).group_by(t.duplicates.c.method)).all())
    # items with a URL are caught by it; the rest by content hash
    assert methods == {"url": 5, "hash": 3}


def test_html_metadata_comes_from_trafilatura(store, options):
    ingest(store, [str(MIXED / "sub" / "page.html")], options, progress=False)
    with store.read() as conn:
        row = conn.execute(select(t.articles)).one()
    assert row.title == "Farmers plant again near the river"
    assert row.outlet == "Fixture Herald"
    assert row.published.startswith("2023-04-18")
    assert "sunflowers" in row.text and "Copyright" not in row.text
    assert row.raw_type == "html" and row.raw  # raw kept, compressed


def test_feeds_keep_entry_metadata(store, options):
    ingest(store, [str(MIXED / "sub" / "feed.xml")], options, progress=False)
    with store.read() as conn:
        rows = conn.execute(select(t.articles).order_by(t.articles.c.published)).all()
    assert [(r.title, r.outlet, r.published, r.input_id) for r in rows] == [
        ("Schools open with shelters", "Fixture Wire", "2023-09-01T07:00:00+00:00", "wire-2"),
        ("Trains resume on the eastern line", "Fixture Wire", "2023-09-05T10:00:00+00:00", "wire-1"),
    ]
    assert rows[1].text.split("\n")[1] == "The railway company said the first train carried about four hundred passengers."


def test_tracking_parameters_do_not_make_a_new_article(store, options, tmp_path):
    art = {"text": "Engineers restored the water supply to the eastern districts on Monday evening.",
           "url": "https://example.org/a?id=7&utm_source=feed"}
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(art) + "\n" + json.dumps({**art, "url": "https://EXAMPLE.org/a?id=7&fbclid=zz#top",
                                                      "text": art["text"] + " More details followed."}) + "\n")
    rep = ingest(store, [str(f)], options, progress=False)
    assert (rep.stored, rep.duplicates) == (1, 1)
    assert rep.duplicate_of[0][2] == "url"


def test_near_duplicate_is_recorded_against_the_first_copy(store, options, tmp_path):
    words = ("Officials in the southern region said on Tuesday that repair crews had reconnected "
             "the hospital, two schools and several apartment blocks to the grid after a night of "
             "strikes on substations, while generators kept water pumps running in the outer districts "
             "and volunteers handed out blankets and hot tea at heating points set up in the city center. "
             "The regional governor said the work would continue for several days.")
    f = tmp_path / "near.jsonl"
    f.write_text(json.dumps({"id": "first", "text": words}) + "\n" +
                 json.dumps({"id": "edited", "text": words.replace("several days", "several more days")}) + "\n" +
                 json.dumps({"id": "other", "text": "An unrelated report about a football match in the capital "
                                                    "that ended in a draw after extra time."}) + "\n")
    rep = ingest(store, [str(f)], options, progress=False)
    assert (rep.stored, rep.duplicates) == (2, 1)
    item, dup_of, method = rep.duplicate_of[0]
    assert item.endswith(":2") and method == "near"
    with store.read() as conn:
        first_id = conn.execute(select(t.articles.c.id).where(t.articles.c.input_id == "first")).scalar_one()
        sim = conn.execute(select(t.duplicates.c.similarity)).scalar_one()
    assert dup_of == first_id and sim >= 0.9


def test_near_duplicates_found_across_runs(store, options, tmp_path):
    base = " ".join(f"word{i}" for i in range(300))
    (tmp_path / "one.jsonl").write_text(json.dumps({"text": base}) + "\n")
    (tmp_path / "two.jsonl").write_text(json.dumps({"text": base + " extra"}) + "\n")
    assert ingest(store, [str(tmp_path / "one.jsonl")], options, progress=False).stored == 1
    rep = ingest(store, [str(tmp_path / "two.jsonl")], options, progress=False)
    assert (rep.stored, rep.duplicates) == (0, 1)


def test_control_and_zero_width_characters_are_removed(store, options, tmp_path):
    f = tmp_path / "ctl.jsonl"
    f.write_text(json.dumps({"text": "Kyiv\u200b said\u202e on\x07 Monday\ufeff that talks had stalled."}) + "\n")
    ingest(store, [str(f)], options, progress=False)
    with store.read() as conn:
        assert conn.execute(select(t.articles.c.text)).scalar_one() == "Kyiv said on Monday that talks had stalled."


def test_cli_ingest_json_and_stdin(tmp_path):
    db = str(tmp_path / "cli.db")
    proc = run_cli("ingest", str(MIXED), "--json", "--no-read", db=db)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["stored"], out["duplicates"], len(out["failed"])) == (8, 0, 5)
    assert set(out["failed"][0]) == {"item", "stage", "reason"}
    line = json.dumps({"id": "in-1", "text": "A short report read from standard input about a ceasefire proposal."})
    proc = run_cli("ingest", "-", "--json", "--no-read", db=db, input=line + "\n")
    assert json.loads(proc.stdout) == {"stored": 1, "duplicates": 0, "failed": []}


def test_cli_exit_codes(tmp_path):
    db = str(tmp_path / "cli.db")
    assert run_cli("ingest", str(tmp_path / "missing.jsonl"), "--no-read", db=db).returncode == 1
    assert run_cli("ingest", db=db).returncode == 2  # usage: no input
    empty = tmp_path / "e.jsonl"
    empty.write_text("not json\n")
    proc = run_cli("ingest", str(empty), "--no-read", db=db)
    assert proc.returncode == 1 and "failed [parse]" in proc.stdout
