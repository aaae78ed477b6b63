"""Aid pledges across articles: the same pledge reported by several articles is one pledge with
several sources (same donor, amounts within 2% in the same currency, announced within 30 days).
An approval reported without its amount joins the one priced approval of its donor and category
in those weeks. Totals to date (cumulative) are kept apart from new pledges. A delivery is linked to the pledge
it fulfils (same donor, an earlier pledge sharing an item or the amount).

The queries that read aid, events and figures out of the store are in ``publish.queries``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, timedelta

from ..lexicon import lexicon
from ..records import TRACKED_RECIPIENT, AidCategory, AidStatus
from .rates import convert

_EN = lexicon("en")
# how long before its article a date in a gift's sentence may lie and still be the day it was
# announced (an older one is a recollection, which the reader leaves out as background)
SAID_DAYS = 180
# the words before a date that make it the start of a period, not the day of the gift ("since February")
_SINCE = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "since_words")) + r")\W*$", re.I)
_SAID_BEFORE: dict[str, str] = {k.lower(): v for k, v in _EN.table("aid", "said_before").items()}
_RELATIVE = re.compile(r"\b(?:" + "|".join(map(re.escape, _SAID_BEFORE)) + r")\b", re.I)

WINDOW_DAYS = 30
# reports with neither amount nor item in common are one pledge only in the days of its news
UNPRICED_WINDOW_DAYS = 7
# how far each status has gone: a later one outranks an earlier one
STATUS_RANK = {s: i for i, s in enumerate(AidStatus)}


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def announced_on(record: dict, dates: list[dict]) -> str | None:
    """When the record's sentence says its gift was announced, else its article's time: the first
    of the sentence's ``dates`` (the reader's, each with ``start`` and ``value``) that is a day or
    an earlier month, not after the article and not over SAID_DAYS before it, nor the start of a
    period ("since February"); else a day counted back from words such as "last week". ("On Friday,
    the US announced ..." in a Monday's article was announced on Friday.) A total to date is as of
    its article."""
    published = record["published"]
    pub = _day(published)
    if pub is None or record.get("cumulative"):
        return published
    text = record.get("sentence") or ""
    for d in sorted(dates, key=lambda d: d["start"]):
        value = d["value"] or ""
        if len(value) == 7 and value >= published[:7] or len(value) not in (7, 10):
            continue   # (a year, or the article's own month, dates nothing more closely than the article)
        when = _day(value if len(value) == 10 else value + "-01")
        at = d["start"] - record["start"]
        if when is None or when > pub or (pub - when).days > SAID_DAYS or _SINCE.search(text[max(0, at - 12):max(0, at)]):
            continue
        return value
    m = _RELATIVE.search(text)
    if m is not None:
        back = 1 if _SAID_BEFORE[m.group(0).lower()] == "day" else pub.weekday() + 1
        return (pub - timedelta(days=back)).isoformat()
    return published


def _earliest(a: str | None, b: str | None) -> str | None:
    """The earlier of two announcement dates, the day where one is a day of the other's month
    ("2024-04-20" over "2024-04")."""
    if not a or not b:
        return a or b
    if a.startswith(b[:10]) or b.startswith(a[:10]):
        return max(a, b, key=len)
    return min(a, b)


def _fold_unpriced(groups: list[dict]) -> list[dict]:
    """An approval reported without its amount ("Congress passed aid for Ukraine") is the one
    approval of its donor and category with an amount in the same weeks ("$61bn"), where there is
    exactly one: one package, not a second line of the tracker."""
    kept: list[dict] = []
    for g in groups:
        # (only approvals: a legislature passes one package at a time, a government pledges many)
        if g["amount"] is not None or g["cumulative"] or g["status"] != AidStatus.APPROVED:
            kept.append(g)
            continue
        day = _day(g["announced"])
        near = [c for c in groups if c is not g and c["amount"] is not None and not c["cumulative"]
                and c["key"] == g["key"] and c["status"] == g["status"]
                and g["category"] in (c["category"], AidCategory.UNSPECIFIED)
                and _within(day, _day(c["announced"]), c["last_day"])]
        if len(near) != 1:
            kept.append(g)
            continue
        near[0]["sources"] += g["sources"]
        near[0]["items"] += [i for i in g["items"] if i not in near[0]["items"]]
        near[0]["last_day"] = max(filter(None, [near[0]["last_day"], g["last_day"]]), default=None)
    return kept


def _within(day: date | None, first: date | None, last: date | None) -> bool:
    """The day falls in the window around a pledge's first and last reports (unknown days do)."""
    if day is None or first is None or last is None:
        return True
    return (first - day).days <= WINDOW_DAYS and (day - last).days <= WINDOW_DAYS


def pledges(records: list[dict]) -> list[dict]:
    """Records of aid to Ukraine grouped into pledges: one per donor/amount/currency within the
    window. (Support to Russia by its allies is read and stored, but is no line of this tracker.)"""
    records = [r for r in records if (r["recipient"] or TRACKED_RECIPIENT) == TRACKED_RECIPIENT]
    groups: list[dict] = []
    # candidates by donor, kind and currency: the groups another record could join (all the
    # store's records pass here, so no scan of every group per record)
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        day = _day(r["published"])
        key = r["donor_country"] or r["donor"]
        match = None
        for g in by_key[(key, bool(r["cumulative"]), r["currency"])]:
            if (g["amount"] is None) != (r["amount"] is None):
                continue
            if r["amount"] is not None and abs(g["amount"] - r["amount"]) > 0.02 * max(g["amount"], r["amount"]):
                continue
            # (unpriced reports are one pledge where they share an item, or name none and agree
            # on the status: "31 Abrams" and "the recently passed package" are two)
            if r["amount"] is None and not set(g["items"]) & set(r["items"]) and (
                    g["status"] != r["status"] or g["items"] or r["items"]):
                continue
            if day and g["last_day"] and abs((day - g["last_day"]).days) > WINDOW_DAYS:
                continue
            # (nor are reports a month apart that share nothing but the donor: "the 18th package"
            # in August and "it delivers more weapons" in September are two packages)
            if (r["amount"] is None and not set(g["items"]) & set(r["items"]) and day and g["last_day"]
                    and abs((day - g["last_day"]).days) > UNPRICED_WINDOW_DAYS):
                continue
            match = g
            break
        source = {"article_id": r["article_id"], "input_id": r["input_id"], "title": r["title"],
                  "published": r["published"], "sentence": r["sentence"], "start": r["start"], "end": r["end"]}
        if match is None:
            groups.append({"key": key, "donor": r["donor"], "donor_country": r["donor_country"],
                           "recipient": r["recipient"], "amount": r["amount"], "currency": r["currency"],
                           "category": r["category"], "status": r["status"], "items": list(r["items"]),
                           "cumulative": bool(r["cumulative"]), "announced": r.get("announced") or r["published"], "last_day": day,
                           "sources": [source]})
            by_key[(key, bool(r["cumulative"]), r["currency"])].append(groups[-1])
        else:
            match["sources"].append(source)
            # (the earliest day a source gives: a later article's "last week" may date it before the first report)
            match["announced"] = _earliest(match["announced"], r.get("announced") or r["published"])
            match["items"] += [i for i in r["items"] if i not in match["items"]]
            if STATUS_RANK[r["status"]] > STATUS_RANK[match["status"]]:
                match["status"] = r["status"]
            if match["category"] == AidCategory.UNSPECIFIED:
                match["category"] = r["category"]
            match["last_day"] = max(filter(None, [match["last_day"], day]), default=None)
    groups = _fold_unpriced(groups)
    for i, g in enumerate(groups, 1):
        g["id"] = i
        month = (g["announced"] or "")[:7] or None
        g["value_usd"], g["value_eur"] = convert(g["amount"], g["currency"], month)
        g["delivery_of"] = None
        del g["key"], g["last_day"]
    # a delivery fulfils the latest earlier pledge of its donor sharing an item or the amount, or,
    # told in the same article, a larger one in its currency: a tranche of that package ("CAD 500
    # million ... the first tranche of CAD 100 million was delivered")
    earlier: dict[str, list[dict]] = defaultdict(list)   # each donor's pledges so far, in order
    for g in groups:
        donor = g["donor_country"] or g["donor"]
        if g["status"] != AidStatus.DELIVERED:
            earlier[donor].append(g)
            continue
        told = {s["article_id"] for s in g["sources"]}
        for p in reversed(earlier[donor]):
            if set(p["items"]) & set(g["items"]) or (p["amount"] and g["amount"] and abs(p["amount"] - g["amount"]) <= 0.02 * p["amount"]) \
                    or (p["amount"] and g["amount"] and p["currency"] == g["currency"] and g["amount"] < p["amount"]
                        and not p["cumulative"] and told & {s["article_id"] for s in p["sources"]}):
                g["delivery_of"] = p["id"]
                break
    return groups
