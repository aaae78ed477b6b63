"""The front page's Latest developments: what a desk leads with (reports of the day before plain
news, features and background last), and how an untitled development is titled (its opening's
most newsworthy sentence, cut like a headline)."""
from __future__ import annotations

import json

import pytest

from livebrief.flow import ingest
from livebrief.publish import front
from livebrief.publish.front import Mark, cut, official, read_opening
from livebrief.read.genre import lead


def test_a_long_sentence_is_cut_at_a_clause_boundary_like_a_headline():
    s = ("The defence ministers of four Baltic and Nordic states agreed on Friday to pool their air defence "
         "orders for the coming decade, as they warned that stocks built up since the last summit had run low.")
    assert cut(s) == ("The defence ministers of four Baltic and Nordic states agreed on Friday to pool their air "
                      "defence orders for the coming decade")


def test_a_cut_never_leaves_a_quotation_open_and_short_titles_stay_whole():
    s = ("The mayor of the river port told reporters that the city would “hold its ground, as it always has, "
         "whatever comes down the river this spring” and asked for more generators before the next cold spell.")
    title = cut(s)
    assert title.count("“") == title.count("”")
    assert cut("Ferries resume between the two islands.") == "Ferries resume between the two islands."


def test_a_title_loses_its_dateline_and_a_sentence_with_no_boundary_is_cut_at_a_word():
    assert cut("VILNIUS (Wire) – Lithuania closed two border crossings on Monday.") == \
        "Lithuania closed two border crossings on Monday."
    listed = ("The finance ministry on Thursday froze the accounts of dozens of shipping firms and traders tied to "
              "the shadow fleet, eleven registered in the Gulf, four in Hong Kong and the rest in offshore havens that "
              "the ministry did not name.")
    assert cut(listed) == ("The finance ministry on Thursday froze the accounts of dozens of shipping firms and traders "
                           "tied to the shadow fleet")
    long = " ".join(["word"] * 80) + "."
    assert cut(long).endswith("…") and len(cut(long)) <= front.TITLE_MAX_CHARS + 1


@pytest.mark.parametrize("speaker,kind,speaks", [
    ("Jane Roe", "PERSON", True), ("the Foreign Ministry", "ORG", True), ("Ukrinform", "ORG", False),
    ("the state news agency", "ORG", False), ("the regional governor", None, True), ("defence officials", None, True),
    ("rumors", None, False), ("Ukrainian forces", None, False), (None, None, False),
])
def test_who_speaks_for_someone(speaker, kind, speaks):
    assert official(speaker, kind) is speaks


def _opening(text: str, published: str, marks: list[Mark]):
    return read_opening(text, lead(text), published, marks)


def test_a_statement_in_the_opening_is_a_report_and_an_event_below_the_floor_is_not():
    text = "Grain exports will resume next week. The port's director gave the date to reporters. Ships wait."
    said = text.index("The port's")
    o = _opening(text, "2024-05-10T09:00:00Z", [Mark("statement", said, said + 20)])
    assert o.shape is None and o.statement and front.kind({"statement": o.statement}, 0.5) == "report"
    weak = _opening(text, "2024-05-10T09:00:00Z", [Mark("event", 0, 10, confidence=0.3)])
    assert front.kind({"event": weak.event}, 0.5) == "news"
    assert front.kind({"event": weak.event}, 0.2) == "report"


def test_a_lede_dated_days_before_its_article_is_no_news_of_the_day():
    text = "On Tuesday, the parliament elected a new speaker. The vote was close."
    tuesday = Mark("date", 3, 10, value="2024-05-07")
    assert _opening(text, "2024-05-13T12:00:00Z", [tuesday]).shape == "dated"
    same_week = _opening(text, "2024-05-08T12:00:00Z", [tuesday])
    assert same_week.shape is None and same_week.current


def test_a_feature_lede_gives_the_title_to_the_first_sentence_that_reports_and_stands_alone():
    text = ("At first sight the harbour town looks untouched by the war. It has lost half its fishermen. "
            "The regional governor ordered the evacuation of its school on Monday.")
    gov = text.index("The regional")
    it = text.index("It has")
    o = _opening(text, "2024-05-10T09:00:00Z", [Mark("statement", it, it + 5), Mark("statement", gov, gov + 20)])
    assert o.shape == "scene"
    assert text[slice(*front.title_line(lead(text), o))].startswith("The regional governor ordered")
    # a lede shaped like news keeps the title, though the reader found nothing in it
    plain = "A ferry ran aground off the cape. The regional governor said no one was hurt."
    o = _opening(plain, "2024-05-10T09:00:00Z", [Mark("statement", 34, 60)])
    assert front.title_line(lead(plain), o) == lead(plain)


def _dev(did, seen, importance, **lede):
    return {"id": did, "last_seen": seen, "importance": importance,
            "lede": {"shape": None, "event": 0.0, "statement": False, "current": False, **lede}}


def test_the_desk_leads_with_reports_then_dated_news_and_lists_them_newest_first():
    devs = [_dev(1, "2024-05-13", 1.5, shape="scene"), _dev(2, "2024-05-13", 1.0, shape="background"),
            _dev(3, "2024-05-12", 0.6), _dev(4, "2024-05-11", 0.4, statement=True),
            _dev(5, "2024-05-10", 0.3, event=0.9), _dev(6, "2024-05-09", 0.5, current=True)]
    assert [d["id"] for d in front.latest(devs, 0.5, limit=3)] == [4, 5, 6]
    # too few others: features and background fill the list, after them
    assert {d["id"] for d in front.latest(devs, 0.5, limit=5)} == {3, 4, 5, 6, 1}


# untitled articles with no URL, as many feeds bring them (texts written for this test)
UNTITLED = [
    {"id": "feat", "published": "2024-05-13T12:00:00+00:00",
     "text": "At first glance the quiet economist seems an odd choice to run an army at war. He prefers "
             "spreadsheets to parades, colleagues say."},
    {"id": "back", "published": "2024-05-13T11:00:00+00:00",
     "text": "Ever since the siege was lifted in 2022, the northern city has been held up as proof that the "
             "country can endure."},
    {"id": "said", "published": "2024-05-12T09:00:00+00:00",
     "text": "Norway will send two more air defence systems to Ukraine, Prime Minister Jonas Gahr Store said on "
             "Sunday. The systems will arrive before the summer, he told reporters in Oslo."},
]


def test_the_front_page_leads_with_the_report_and_keeps_the_archive_whole(store, options, tmp_path, monkeypatch):
    from livebrief.publish import queries

    f = tmp_path / "u.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in UNTITLED))
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    monkeypatch.setattr(queries, "LATEST", 1)
    with store.read() as conn:
        latest = queries.briefing(conn)["latest"]
        every = queries.list_developments(conn)
    assert [d["title"] for d in latest] == [
        "Norway will send two more air defence systems to Ukraine, Prime Minister Jonas Gahr Store said on Sunday."]
    assert latest[0]["lede"]["statement"] and latest[0]["line"]["article_id"] == latest[0]["title_article_id"]
    shapes = {d["articles"][0]: d["lede"]["shape"] for d in every}
    assert shapes == {"feat": "scene", "back": "background", "said": None}


@pytest.mark.parametrize("lede,after,who", [
    ("Moldova will close its airspace to military flights.",
     "Moldovan Prime Minister Dorin Recean made the statement at a briefing in Chisinau on Friday.", "Recean"),
    ("The offensive near the river has stalled for lack of shells.",
     "The Center for Defence Studies (CDS) said this in its weekly review.", "CDS"),
    # no name to give, or the lede names its own speaker
    ("Supplies will reach the city by Sunday.", "He said this after the meeting.", None),
    ("Supplies will reach the city by Sunday.", "The head of the regional council said this on air.", None),
    ("The mayor said supplies will reach the city by Sunday.",
     "Mayor Ivan Petrenko made the statement on television.", None),
])
def test_a_wire_lede_is_attributed_to_the_speaker_the_next_sentence_names(lede, after, who):
    from livebrief.publish.front import attribution

    assert attribution(lede, after) == who


def test_an_attributed_lede_is_titled_as_a_headline_quotes_its_speaker():
    text = ("RIGA, 3 June (Wire) – Latvia will build a second line of fortifications along its eastern border. "
            "Latvian Defence Minister Andris Spruds made the statement during a visit to Daugavpils.")
    o = _opening(text, "2024-06-03T10:00:00Z", [])
    assert o.speaker == "Spruds" and o.statement
    span = front.title_line(lead(text), o)
    assert front.title(text[slice(*span)], o, span == lead(text)) == \
        "Spruds: Latvia will build a second line of fortifications along its eastern border."
