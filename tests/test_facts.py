"""Facts across articles: one pledge reported three ways, cumulative totals apart, conflicting
tolls kept side by side, currency forms normalised, deliveries linked to pledges, API and CLI."""
from __future__ import annotations

import csv
import io
import json

from livebrief.aggregate.facts import announced_on, pledges
from livebrief.aggregate.rates import convert, usd_per_unit
from livebrief.flow import ingest
from livebrief.publish.queries import aid_summary, figures
from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one

from .conftest import run_cli

ARTICLES = [
    {"id": "a1", "published": "2023-01-25", "title": "US to send tanks",
     "text": "The United States pledged $400 million in military aid to Ukraine on Wednesday, including 31 Abrams tanks."},
    {"id": "a2", "published": "2023-01-26", "title": "Washington details package",
     "text": "Washington announced a $400m package of military assistance for Ukraine, officials said on Thursday."},
    {"id": "a3", "published": "2023-01-27", "title": "Allies react",
     "text": "Allies welcomed news that the U.S. pledged 400 million dollars in weapons to Ukraine this week."},
    {"id": "a4", "published": "2023-01-28", "title": "Totals",
     "text": "The new package brings the total U.S. military aid to Ukraine to $27 billion since February 2022, "
             "the Pentagon said. The United States has provided the aid in many tranches."},
    {"id": "a5", "published": "2023-02-20", "title": "Tanks arrive",
     "text": "The first Abrams tanks were delivered to Ukraine on Monday. The United States delivered the 31 Abrams tanks "
             "it had promised, Ukraine's defense minister said."},
    {"id": "a6", "published": "2023-01-28", "title": "EU loan",
     "text": "The European Union approved a €500m loan to Ukraine on Saturday to keep schools and hospitals running."},
    {"id": "s1", "published": "2023-03-11", "title": "Strike on Dnipro",
     "text": "A missile struck an apartment block in Dnipro on Friday, killing 12 people, regional officials said."},
    {"id": "s2", "published": "2023-03-12", "title": "Toll rises",
     "text": "A missile struck an apartment block in Dnipro on Friday, killing 19 people, the emergency service said."},
]


def _store_with(store, options, tmp_path):
    f = tmp_path / "facts.jsonl"
    f.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    rep = ingest(store, [str(f)], options.with_(read=True, near_dup_threshold=0.99), progress=False)
    assert rep.stored == len(ARTICLES)
    return store


def test_one_pledge_reported_three_ways_is_one_pledge_with_three_sources(store, options, tmp_path):
    _store_with(store, options, tmp_path)
    with store.read() as conn:
        summary = aid_summary(conn, donor="US")
    new = [p for p in summary["pledges"] if not p["cumulative"] and p["amount"] == 400e6]
    assert len(new) == 1 and len(new[0]["sources"]) == 3
    assert new[0]["donor"] == "United States" and new[0]["category"] == "military"
    assert summary["totals"]["by_donor"]["United States"]["usd"] == 400e6   # the $27bn total to date is not added
    cumulative = summary["cumulative"]
    assert [c["amount"] for c in cumulative] == [27e9]


def test_a_kept_summary_follows_new_aid(store, options, tmp_path):
    """Summaries are kept per aid version: new records show at once, other writes reuse it."""
    f = tmp_path / "first.jsonl"
    f.write_text(json.dumps(ARTICLES[5]) + "\n" + json.dumps(ARTICLES[6]) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        first = aid_summary(conn)
        assert aid_summary(conn) is first            # nothing changed: the kept one
    g = tmp_path / "second.jsonl"
    g.write_text(json.dumps(ARTICLES[0]) + "\n")
    ingest(store, [str(g)], options.with_(read=True), progress=False)
    with store.read() as conn:
        second = aid_summary(conn)
    assert [p["donor_country"] for p in first["pledges"]] == ["EU"]
    assert sorted(p["donor_country"] for p in second["pledges"]) == ["EU", "US"]


def test_delivery_is_linked_to_its_pledge(store, options, tmp_path):
    _store_with(store, options, tmp_path)
    with store.read() as conn:
        ps = aid_summary(conn, donor="US")["pledges"]
    delivered = [p for p in ps if p["status"] == "delivered" and "31 Abrams tanks" in p["items"]]
    pledge = next(p for p in ps if p["amount"] == 400e6)
    assert delivered and delivered[0]["delivery_of"] == pledge["id"]


def test_totals_are_normalised_to_eur_and_usd(store, options, tmp_path):
    _store_with(store, options, tmp_path)
    with store.read() as conn:
        eu = aid_summary(conn, donor="EU")
    p = eu["pledges"][0]
    assert (p["amount"], p["currency"], p["status"], p["category"]) == (500e6, "EUR", "approved", "financial")
    assert p["value_eur"] == 500e6 and p["value_usd"] == round(500e6 * usd_per_unit("EUR", "2023-01"), 2)


def test_conflicting_tolls_are_kept_and_flagged(store, options, tmp_path):
    _store_with(store, options, tmp_path)
    with store.read() as conn:
        series = figures(conn)["series"]
    dnipro = [s for s in series if s["place"] == "Dnipro" and s["date"] == "2023-03-10"]
    assert len(dnipro) == 1
    values = sorted(f["value"] for f in dnipro[0]["figures"]["killed"])
    assert values == [12, 19] and dnipro[0]["conflicting"] == ["killed"]


def test_currency_forms():
    nlp = get_nlp()
    for text, amount, cur in (("Britain pledged £2.3 billion in military aid to Ukraine on Monday.", 2.3e9, "GBP"),
                              ("Japan pledged 1.1 billion dollars in aid to Ukraine on Monday.", 1.1e9, "USD"),
                              # a bare "$" is the donor's own dollar; "US$" is the US dollar
                              ("Canada pledged $1.1bn in military aid to Ukraine on Monday.", 1.1e9, "CAD"),
                              ("Canada pledged US$1.1bn in military aid to Ukraine on Monday.", 1.1e9, "USD")):
        aid = read_one(nlp, text, "2023-05-01").aid
        assert [(a["amount"], a["currency"]) for a in aid] == [(amount, cur)], text


def test_refusals_and_arguments_are_not_pledges():
    nlp = get_nlp()
    for text in ("Germany refused to send Taurus missiles to Ukraine on Monday.",
                 "Critics argue that sending weapons to Ukraine prolongs the war.",
                 "Hungary blocked the release of EU funds for Ukraine."):
        assert read_one(nlp, text, "2023-05-01").aid == [], text


def test_a_dateline_is_where_the_story_was_filed_not_who_gives():
    nlp = get_nlp()
    for text, donor in (
            ("BARI, Italy -- Leaders of the Group of Seven agreed on Thursday to provide Ukraine with a $50 billion "
             "loan repaid from the profits of frozen Russian assets.", ("G7", None)),
            ("WARSAW, Poland -- Poland will send 14 Leopard tanks to Ukraine, the prime minister said.", ("Poland", "PL")),
            ("BERLIN -- Germany said on Wednesday it would send Leopard 2 battle tanks to Ukraine.", ("Germany", "DE"))):
        aid = read_one(nlp, text, "2024-06-13").aid
        assert [(a["donor"], a["donor_country"]) for a in aid] == [donor], text


def _record(n, published, amount, status, items=(), category="military"):
    return {"article_id": n, "input_id": f"r{n}", "title": "", "published": published, "sentence": "", "start": 0,
            "end": 1, "donor": "United States", "donor_country": "US", "recipient": "Ukraine", "amount": amount,
            "currency": "USD" if amount else None, "category": category, "status": status, "items": list(items),
            "cumulative": False}


def test_an_unpriced_approval_is_the_priced_approval_of_those_weeks():
    got = pledges([_record(1, "2024-04-20", 61e9, "approved"), _record(2, "2024-04-24", None, "approved"),
                   _record(3, "2024-04-25", None, "approved", category="unspecified")])
    assert [(p["amount"], len(p["sources"])) for p in got] == [(61e9, 3)]


def test_unpriced_pledges_of_different_things_stay_apart():
    got = pledges([_record(1, "2024-04-20", 1e9, "pledged"), _record(2, "2024-04-22", None, "pledged", ["31 Abrams"]),
                   _record(3, "2024-04-24", None, "pledged")])
    assert [(p["amount"], p["items"]) for p in got] == [(1e9, []), (None, ["31 Abrams"]), (None, [])]


def test_rates_table_covers_the_war_and_clamps_outside():
    assert usd_per_unit("USD", "2023-05") == 1.0
    assert usd_per_unit("EUR", "2019-01") == usd_per_unit("EUR", "2022-01")
    assert convert(None, "EUR", "2023-01") == (None, None)
    assert convert(100, "XXX", "2023-01") == (None, None)


def test_every_currency_the_reader_names_has_a_rate():
    from livebrief.lexicon import lexicon

    en = lexicon("en")
    named = (set(en.table("quantities", "symbols").values()) | set(en.table("quantities", "currency_words").values())
             | set(en.words("quantities", "codes_after")))
    assert sorted(c for c in named if usd_per_unit(c, "2023-06") is None) == []


def test_cli_and_api_forms(store, options, tmp_path):
    _store_with(store, options, tmp_path)
    db = store.db
    out = run_cli("aid", "--format", "csv", "--donor", "US", db=db).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"donor", "amount", "currency", "value_eur", "status", "sources"} <= set(rows[0])
    evs = json.loads(run_cli("events", "--format", "json", "--place", "Dnipro", db=db).stdout)
    assert evs and all(e["place_name"] == "Dnipro" for e in evs)
    table = run_cli("events", "--type", "explosions_remote_violence", db=db).stdout
    assert table.splitlines()[0].split()[:3] == ["id", "date", "type"]


def test_unpriced_reports_that_share_only_the_donor_join_within_days_not_a_month():
    got = pledges([_record(1, "2022-08-09", None, "pledged"), _record(2, "2022-08-12", None, "pledged"),
                   _record(3, "2022-09-08", None, "pledged")])
    assert [[s["article_id"] for s in p["sources"]] for p in got] == [[1, 2], [3]]


def test_the_tracker_counts_aid_to_ukraine_only():
    to_russia = dict(_record(2, "2024-04-21", None, "delivered"), donor="Belarus", donor_country="BY", recipient="Russia")
    assert [p["donor_country"] for p in pledges([_record(1, "2024-04-20", 1e9, "pledged"), to_russia])] == ["US"]


def test_a_tranche_delivered_of_a_package_is_that_packages_money_not_more(store, options, tmp_path):
    f = tmp_path / "tranche.jsonl"
    f.write_text(json.dumps({"id": "t1", "published": "2024-03-01", "text":
        "Canada pledged CAD 500 million in military aid to Ukraine on Monday, the defence minister said. "
        "The first tranche of CAD 100 million was delivered on Friday, the ministry added."}) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        summary = aid_summary(conn)
    package = next(p for p in summary["pledges"] if p["amount"] == 500e6)
    tranche = next(p for p in summary["pledges"] if p["amount"] == 100e6)
    assert tranche["delivery_of"] == package["id"]
    assert summary["totals"]["by_donor"]["Canada"]["original"] == {"CAD": 500e6}


def _said(sentence, published, dates=()):
    record = dict(_record(1, published, None, "pledged"), sentence=sentence, start=100, end=100 + len(sentence))
    return announced_on(record, [{"start": 100 + sentence.index(text), "value": value} for text, value in dates])


def test_a_pledge_is_dated_by_its_sentence_not_by_its_article():
    # a weekday the reader resolved
    assert _said("On Friday, Sweden pledged 10 tanks to Ukraine.", "2024-04-22T08:00:00Z",
                 [("Friday", "2024-04-19")]) == "2024-04-19"
    # an earlier month; words that count days back
    assert _said("Last month, Japan pledged $2bn to Ukraine.", "2024-04-22T08:00:00Z",
                 [("Last month", "2024-03")]) == "2024-03"
    # (by the last day of the week before: announced by then)
    assert _said("Last week, Italy pledged a battery to Ukraine.", "2024-04-24T08:00:00Z") == "2024-04-21"
    assert _said("Italy said yesterday it would send a battery to Ukraine.", "2024-04-24T08:00:00Z") == "2024-04-23"


def test_dates_that_do_not_date_the_announcement_leave_the_articles():
    published = "2024-04-22T08:00:00Z"
    # a delivery to come, a period's start, a recollection of long ago, the article's own month
    assert _said("Spain will deliver the tanks to Ukraine by June 15.", published, [("June 15", "2024-06-15")]) == published
    assert _said("Canada has given $2bn to Ukraine since February 24.", published, [("February 24", "2024-02-24")]) == published
    assert _said("Belgium gave 20 trucks to Ukraine on March 3, 2022.", published, [("March 3, 2022", "2022-03-03")]) == published
    assert _said("Ireland pledged EUR 5m to Ukraine in April.", published, [("April", "2024-04")]) == published
    # a total to date is as of its article
    total = dict(_record(1, published, 2e9, "delivered"), cumulative=True, sentence="Norway has given $2bn since 2022 and more in March.")
    assert announced_on(total, [{"start": total["sentence"].index("March"), "value": "2024-03"}]) == published


def test_a_pledge_takes_the_earliest_day_its_reports_give():
    first = dict(_record(1, "2024-04-20", 1e9, "pledged"), announced="2024-04-20")
    later = dict(_record(2, "2024-04-24", 1e9, "pledged"), announced="2024-04-17")
    assert [p["announced"] for p in pledges([first, later])] == ["2024-04-17"]
    # a day of a month another report gives is the more precise
    month = dict(_record(3, "2024-05-06", 1e9, "pledged"), announced="2024-04")
    assert [p["announced"] for p in pledges([first, month])] == ["2024-04-20"]


def test_the_aid_page_dates_a_pledge_by_the_day_its_sentence_names(store, options, tmp_path):
    f = tmp_path / "friday.jsonl"
    f.write_text(json.dumps({"id": "f1", "published": "2024-03-05T09:00:00Z", "text":
        "Portugal pledged EUR 80 million in military aid to Ukraine on Friday, its defence minister said."}) + "\n")
    ingest(store, [str(f)], options.with_(read=True), progress=False)
    with store.read() as conn:
        summary = aid_summary(conn)
    assert [(p["donor_country"], p["announced"]) for p in summary["pledges"]] == [("PT", "2024-03-01")]
