"""Dates resolved against the publication date (2022-02-12 was a Saturday)."""
from __future__ import annotations

import pytest

from livebrief.read.nlp import get_nlp
from livebrief.read.pipeline import read_one


def values(text, published="2022-02-12"):
    return [(d["text"], d["value"], d["granularity"]) for d in read_one(get_nlp(), text, published).dates]


@pytest.mark.parametrize("text,expected", [
    ("Troops arrived on Friday.", [("Friday", "2022-02-11", "day")]),
    ("The leaders spoke on Saturday.", [("Saturday", "2022-02-12", "day")]),
    ("The leaders will meet on Tuesday.", [("Tuesday", "2022-02-15", "day")]),
    ("An attack could come as soon as Wednesday.", [("Wednesday", "2022-02-16", "day")]),
    ("Prices rose last month.", [("last month", "2022-01", "month")]),
    ("The talks will be held in April.", [("April", "2022-04", "month")]),
    ("Finland applied in April.", [("April", "2021-04", "month")]),
    ("Fighting flared back in November.", [("November", "2021-11", "month")]),
    ("Russia annexed Crimea in 2014.", [("2014", "2014", "year")]),
    ("The invasion began on Feb. 24.", [("Feb. 24", "2022-02-24", "day")]),
    ("War broke out on September 1, 1939.", [("September 1, 1939", "1939-09-01", "day")]),
    ("Elections are due on 20 March 2022.", [("20 March 2022", "2022-03-20", "day")]),
    ("The summit runs July 11-12.", [("July 11-12", "2022-07-11", "day"), ("July 11-12", "2022-07-12", "day")]),
    ("The crisis began in March 2014.", [("March 2014", "2014-03", "month")]),
    ("He left last Friday.", [("last Friday", "2022-02-11", "day")]),
])
def test_calendar_expressions(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "The fighting lasted for two weeks.", "Aid will flow for as long as it takes.", "This winter will be hard.",
    "Some 2000 troops crossed the river.", "Officials may meet again.", "Troops march toward the city.",
    "The talks went on today and will resume tomorrow.",
])
def test_not_dates(text):
    assert values(text) == []


def test_relative_dates_need_a_publication_date():
    assert values("Troops arrived on Friday in 2014.", published=None) == [("2014", "2014", "year")]


def weeks(text, published="2022-02-12"):
    """The dates reader's own dates, weeks included (read_one leaves weeks out)."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc._.lb_published = published
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return [(d.text, d.value, d.granularity) for d in doc._.lb_dates]


@pytest.mark.parametrize("text,expected", [
    # a week is dated by its Monday (2022-02-12 was a Saturday; its week began on the 7th)
    ("Shelling intensified last week.", [("last week", "2022-01-31", "week")]),
    ("Earlier this week the convoy left.", [("this week", "2022-02-07", "week")]),
    ("The envoys will travel next week.", [("next week", "2022-02-14", "week")]),
    # a weekday of such a week is a day
    ("The depot burned on Monday last week.", [("Monday last week", "2022-01-31", "day")]),
    ("The bridge was hit last week on Thursday.", [("last week on Thursday", "2022-02-03", "day")]),
    ("Talks resume on Tuesday of next week.", [("Tuesday of next week", "2022-02-15", "day")]),
])
def test_relative_weeks(text, expected):
    assert weeks(text) == expected


def test_a_week_is_no_date_of_the_contract():
    # (the contract's dates are days, months and years: a week serves the events alone)
    assert values("Shelling intensified last week.") == []
    assert values("The depot burned on Monday last week.") == [("Monday last week", "2022-01-31", "day")]
