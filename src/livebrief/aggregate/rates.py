"""The dated exchange-rate table shipped with the package (rates.csv): the US dollar value of
one unit of each currency, by month, 2022-2024. Rounded monthly averages written by the team from
published central-bank reference rates: good for normalising aid totals, not for accounting.
NZD, ISK, HUF, KRW, CNY, SGD, INR, TWD and TRY are interpolated between a few months read by hand, and BGN,
HRK and RON follow the euro at their (near-)fixed rates: coarser still. Every currency the reader
names has a rate (a test checks it), so no pledge drops out of the totals for want of one. A month outside the table uses the nearest month in it."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("rates.csv")


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    with open(PATH, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["currency"], {})[row["month"]] = float(row["usd_per_unit"])
    return out


def usd_per_unit(currency: str, month: str | None) -> float | None:
    by_month = table().get((currency or "").upper())
    if not by_month:
        return None
    months = sorted(by_month)
    m = (month or months[-1])[:7]
    if m in by_month:
        return by_month[m]
    return by_month[months[0]] if m < months[0] else by_month[months[-1]]


def convert(amount: float | None, currency: str | None, month: str | None) -> tuple[float | None, float | None]:
    """(USD, EUR) values of ``amount`` in ``currency`` at ``month``; None where unknown."""
    if amount is None or not currency:
        return None, None
    usd_rate = usd_per_unit(currency, month)
    eur_rate = usd_per_unit("EUR", month)
    if usd_rate is None or eur_rate is None:
        return None, None
    usd = amount * usd_rate
    return round(usd, 2), round(usd / eur_rate, 2)
