"""Ingest reads by default and stores facts with offsets; reread replaces them; extract prints
the contract record."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from livebrief.flow import ingest, reread
from livebrief.store import schema as t

from .conftest import run_cli

ARTICLE = {"id": "t-1", "published": "2022-11-11", "title": "Troops enter Kherson",
           "text": "Ukrainian troops entered Kherson on Friday. \"Today is a historic day,\" President "
                   "Volodymyr Zelenskyy said. Zelenskyy added that demining would take months. "
                   "At least 12 civilians were killed in shelling, and the U.S. pledged $400 million."}


def _read_in(store, options, tmp_path, arts: list[dict]) -> None:
    """Ingest and read these articles into the store."""
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in arts))
    ingest(store, [str(f)], options.with_(read=True), progress=False)


def test_ingest_reads_and_stores_facts_with_offsets(store, options, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(ARTICLE) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        art = conn.execute(select(t.articles)).one()
        assert art.read_status == "ok" and art.read_at
        quotes = conn.execute(select(t.quotes)).all()
        for table in (t.entities, t.quotes, t.dates, t.quantities):
            for row in conn.execute(select(table)).all():
                assert art.text[row.start:row.end] == row.text
        dates = {r.value for r in conn.execute(select(t.dates))}
        speakers = set(conn.execute(select(t.speakers.c.name)).scalars())
    assert "2022-11-11" in dates
    assert {q.speaker for q in quotes} == {"Volodymyr Zelenskyy"} and speakers == {"Volodymyr Zelenskyy"}


def test_reread_replaces_facts(store, options, tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(ARTICLE) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        before = conn.execute(select(func.count()).select_from(t.quotes)).scalar_one()
    assert reread(store) == 1
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(t.quotes)).scalar_one() == before > 0


def test_extract_prints_the_contract_record(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps(ARTICLE) + "\n" + "not json\n" + json.dumps({"id": "e", "text": ""}) + "\n")
    proc = run_cli("extract", "--format", "jsonl", str(f))
    assert proc.returncode == 0
    recs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(recs) == 1 and "invalid JSON" in proc.stderr and "empty text" in proc.stderr
    r = recs[0]
    assert set(r) >= {"id", "url", "title", "outlet", "published", "language", "text", "entities", "quotes",
                      "places", "dates", "quantities", "aid", "events", "topics"}
    assert r["id"] == "t-1" and r["text"] == ARTICLE["text"] and r["language"] == "en"
    for kind in ("entities", "quotes", "dates", "quantities"):
        for fact in r[kind]:
            assert r["text"][fact["start"]:fact["end"]] == fact["text"]
    assert {"text", "kind", "start", "end", "speaker", "speaker_start", "speaker_end", "cue"} <= set(r["quotes"][0])


def test_extract_workers_give_the_same_records(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps({**ARTICLE, "id": f"t-{i}"}) + "\n" for i in range(4)))
    one = run_cli("extract", str(f)).stdout
    two = run_cli("extract", "--workers", "2", str(f)).stdout
    assert one == two and len(one.splitlines()) == 4


def test_speakers_registry_keeps_aliases_and_roles(store, options, tmp_path):
    arts = [{"id": "r1", "published": "2023-01-01", "text": "NATO chief Jens Stoltenberg spoke in Brussels. "
             "\"We will not waver,\" Stoltenberg said."},
            {"id": "r2", "published": "2023-01-02", "text": "Stoltenberg told reporters that allies would send more "
             "air defense. \"This is urgent,\" he said."}]
    _read_in(store, options, tmp_path, arts)
    with store.read() as conn:
        speakers = conn.execute(select(t.speakers.c.name)).scalars().all()
        aliases = conn.execute(select(t.speaker_aliases.c.alias, t.speaker_aliases.c.role)).all()
    assert speakers == ["Jens Stoltenberg"]
    assert ("Stoltenberg", "NATO chief") in [tuple(a) for a in aliases]


def test_workers_fail_fast_when_the_model_cannot_load(tmp_path):
    # a process pool whose initializer raises starts new workers forever: the reader must fail in
    # the calling process with the model's error instead of hanging
    import subprocess
    import sys

    code = ("import livebrief.read.nlp as n\n"
            "def broken():\n    raise RuntimeError('model missing')\n"
            "n.get_nlp = broken\n"
            "from livebrief.read.pipeline import read_many\n"
            "try:\n    list(read_many([('a', 'Kyiv was shelled.', None)] * 8, workers=2))\n"
            "except RuntimeError as e:\n    print('raised:', e)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "raised: model missing" in done.stdout, done.stderr


def test_a_described_speaker_keeps_its_quote_but_neither_the_registry_nor_the_front_page(store, options, tmp_path):
    from livebrief.publish.queries import latest_quotes

    art = {"id": "d1", "published": "2023-02-01", "text": "A senior Western official said on Tuesday that the "
           "offensive had stalled. \"The shells they were promised in the autumn have still not reached the "
           "front, and every week of waiting costs ground,\" the official told reporters."}
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps(art) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        quotes = conn.execute(select(t.quotes.c.speaker, t.quotes.c.speaker_id)).all()
        speakers = conn.execute(select(t.speakers.c.name)).scalars().all()
        front = latest_quotes(conn)
    assert {q.speaker for q in quotes} == {"senior Western official"} and {q.speaker_id for q in quotes} == {None}
    assert speakers == [] and front == []



def test_the_front_pages_quotes_take_one_from_an_article_and_one_of_a_speaker(store, options, tmp_path):
    from livebrief.publish.queries import latest_quotes

    talk = ("\"The depots along the river were emptied before the frost came, and the crews moved east,\" said "
            "Mayor Ivan Petrenko. \"We rebuilt the pumping station twice this winter and we will do it again if the "
            "shelling returns,\" Petrenko said. \"Nobody in this town expects the convoys to stop before the spring "
            "thaw turns the roads to mud,\" Petrenko added.")
    arts = [{"id": "i1", "published": "2023-02-02", "text": talk},
            {"id": "i2", "published": "2023-02-01", "text": "Governor Olena Marchuk spoke on Tuesday. \"The evacuation "
             "trains will keep running from the station every morning until the last family has left,\" Marchuk said."}]
    _read_in(store, options, tmp_path, arts)
    with store.read() as conn:
        every = conn.execute(select(t.quotes.c.speaker).where(t.quotes.c.kind == "direct")).scalars().all()
        front = latest_quotes(conn)
    assert every.count("Ivan Petrenko") == 3
    assert [q["speaker"] for q in front] == ["Ivan Petrenko", "Olena Marchuk"]


def test_one_person_across_spellings_and_no_group_in_the_registry(store, options, tmp_path):
    from livebrief.publish.queries import top_speakers

    arts = [{"id": "v1", "published": "2023-03-01", "text": "President Volodymyr Zelenskiy visited the front on "
             "Monday. \"We will hold every village,\" Zelenskiy said."},
            {"id": "v2", "published": "2023-03-02", "text": "President Volodymyr Zelenskyy met Polish farmers on "
             "Tuesday. \"Our grain must move,\" Zelenskyy said. Experts said the dispute would last for months."},
            {"id": "v4", "published": "2023-03-04", "text": "President Volodymyr Zelenskyy spoke in Lviv. \"The "
             "trains will run,\" Zelenskyy said."},
            {"id": "v3", "published": "2023-03-03", "text": "Hillary Clinton spoke in Ohio. \"We are close,\" "
             "Hillary Clinton said. Bill Clinton toured Iowa. \"The turnout looks strong,\" Bill Clinton said."}]
    _read_in(store, options, tmp_path, arts)
    with store.read() as conn:
        speakers = sorted(conn.execute(select(t.speakers.c.name)).scalars().all())
    assert speakers == ["Bill Clinton", "Hillary Clinton", "Volodymyr Zelenskiy"]
    with store.read() as conn:
        top = {s["speaker"]: s["quotes"] for s in top_speakers(conn)}
    assert top["Volodymyr Zelenskyy"] == 3   # named as the articles spell the person most


def test_spellings_of_one_name_and_names_of_two_people():
    from livebrief.read.store import _same_person

    assert _same_person("Volodymyr Zelensky", "Volodymyr Zelenskiy")
    assert _same_person("Aleksandr Lukashenko", "Alexander Lukashenko")
    assert _same_person("Sergei Ławrow", "Sergei Lavrov")
    assert _same_person("Ms Sandu", "Maia Sandu")
    assert not _same_person("Bill Clinton", "Hillary Clinton")
    assert not _same_person("Andrew Johnson", "Alan Johnson")
