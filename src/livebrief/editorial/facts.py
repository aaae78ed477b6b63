"""The facts an editor reviews: their CONTRACT fields, the pin that finds one again after a new
reading, and the corrections each field accepts.

A fact is pinned by its kind, its article, its span and a key taken from the machine's own
reading: an event's type, an aid record's donor, a quotation's kind, a place's words. A new
reading by the same readers finds the same pin; a new version of the readers that moves a span a
little still finds the fact by its key within the old span (``decisions.match``).
"""
from __future__ import annotations

import json
import math
import re

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..errors import FactNotFound, ReviewError
from ..places.gazetteer import default_gazetteer
from ..records import AidCategory, AidStatus, EventType, FactKind
from ..store import schema as t

TABLES = {FactKind.EVENT: t.events, FactKind.AID: t.aid, FactKind.QUOTE: t.quotes, FactKind.PLACE: t.places}

# the CONTRACT fields of each kind (what a labelled record carries before and after)
FIELDS: dict[str, tuple[str, ...]] = {
    FactKind.EVENT: ("type", "sub_type", "actor", "target", "place", "place_name", "country", "lat", "lon", "date",
                     "killed", "wounded", "displaced"),
    FactKind.AID: ("donor", "donor_country", "recipient", "amount", "currency", "category", "status", "items"),
    FactKind.QUOTE: ("text", "kind", "speaker"),
    FactKind.PLACE: ("text", "name", "geonameid", "feature", "country", "lat", "lon"),
}

# what a correction may change, per kind (a place is chosen by its GeoNames id, which brings its
# name, feature, country and coordinates; a speaker from the people registry)
EDITABLE: dict[str, tuple[str, ...]] = {
    FactKind.EVENT: ("type", "sub_type", "place", "date", "killed", "wounded", "displaced"),
    FactKind.AID: ("donor", "donor_country", "amount", "currency", "category", "status"),
    FactKind.QUOTE: ("speaker",),
    FactKind.PLACE: ("geonameid",),
}

# the row field each kind's key is read from
_KEY_FIELD = {FactKind.EVENT: "type", FactKind.QUOTE: "kind", FactKind.PLACE: "text"}

MAX_TEXT = 200
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_COUNTRY = re.compile(r"[A-Z]{2}")


def key_of(kind: str, row: dict) -> str:
    """The machine's own word for a fact, which a new reading gives again."""
    if kind == FactKind.AID:
        return str(row.get("donor_country") or row.get("donor") or "")
    return str(row.get(_KEY_FIELD[kind]) or "")


def contract(kind: str, row: dict) -> dict:
    """A fact's CONTRACT fields, as JSON values."""
    out = {f: row.get(f) for f in FIELDS[kind]}
    if kind == FactKind.AID and isinstance(out["items"], str):
        out["items"] = json.loads(out["items"] or "[]")
    return out


def find(conn: Connection, kind: str, article_id: int, start: int, end: int, key: str) -> dict:
    """The fact a decision names, as the store holds it now; FactNotFound where none answers."""
    if kind not in TABLES:
        raise ReviewError(f"kind must be one of {', '.join(FactKind.values())}")
    table = TABLES[kind]
    rows = conn.execute(select(table).where(table.c.article_id == article_id, table.c.start == start,
                                            table.c.end == end).order_by(table.c.id)).all()
    for r in rows:
        row = dict(r._mapping)
        if key_of(kind, row) == key:
            return row
    raise FactNotFound(f"no {kind} at {start}-{end} of article {article_id} reads {key!r}")


def _text(value, name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ReviewError(f"{name} must be text")
    value = "".join(c for c in value if c.isprintable()).strip()
    if len(value) > MAX_TEXT:
        raise ReviewError(f"{name} is longer than {MAX_TEXT} characters")
    return value or None


def _number(value, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ReviewError(f"{name} must be a number") from None
    if isinstance(value, bool) or not math.isfinite(number) or number < 0:
        raise ReviewError(f"{name} must be a number of zero or more")
    return number


def _choice(value, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ReviewError(f"{name} must be one of {', '.join(allowed)}")
    return value


def _pattern(value, name: str, pattern: re.Pattern, what: str) -> str | None:
    value = _text(value, name)
    if value is not None and not pattern.fullmatch(value.upper() if pattern is not _DATE else value):
        raise ReviewError(f"{name} must be {what}")
    return value.upper() if value and pattern is not _DATE else value


def _place(value, name: str) -> dict:
    """A place chosen from the gazetteer by its GeoNames id: its name, feature, country, coordinates."""
    pid = _number(value, name)
    found = default_gazetteer().get(int(pid)) if pid is not None and pid == int(pid) else None
    if found is None:
        raise ReviewError(f"{name} must be the GeoNames id of a place in the gazetteer")
    return {"geonameid": found.id, "name": found.name, "feature": found.feature, "country": found.cc,
            "lat": found.lat, "lon": found.lon}


def _speaker(conn: Connection, value) -> str:
    name = _text(value, "speaker")
    if name is None or conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == name)).first() is None:
        raise ReviewError("speaker must be a name of the people registry (/people)")
    return name


def corrected(conn: Connection, kind: str, before: dict, changes: dict) -> dict:
    """The fact as the editor has it: ``before`` with ``changes`` checked and applied. Unknown or
    read-only fields are refused, never ignored."""
    extra = sorted(set(changes) - set(EDITABLE[kind]))
    if extra:
        raise ReviewError(f"a correction of a {kind} may change {', '.join(EDITABLE[kind])}, not {', '.join(extra)}")
    after = dict(before)
    for name, value in changes.items():
        if name in ("killed", "wounded", "displaced", "amount"):
            after[name] = _number(value, name)
        elif name == "type":
            after[name] = _choice(value, name, EventType.values())
        elif name == "category":
            after[name] = _choice(value, name, AidCategory.values())
        elif name == "status":
            after[name] = _choice(value, name, AidStatus.values())
        elif name == "currency":
            after[name] = _pattern(value, name, _CURRENCY, "an ISO 4217 code such as USD")
        elif name == "donor_country":
            after[name] = _pattern(value, name, _COUNTRY, "an ISO 3166 code such as DE")
        elif name == "date":
            after[name] = _pattern(value, name, _DATE, "a date YYYY-MM-DD")
        elif name == "speaker":
            after[name] = _speaker(conn, value)
        elif name == "place" or name == "geonameid":
            place = _place(value, name)
            if kind == FactKind.EVENT:
                after.update(place=place["geonameid"], place_name=place["name"], country=place["country"],
                             lat=place["lat"], lon=place["lon"])
            else:
                after.update(place)
        else:   # donor, sub_type: free text
            after[name] = _text(value, name)
            if name == "donor" and after[name] is None:
                raise ReviewError("donor must be named")
            if name == "donor" and "donor_country" not in changes and after[name] != before.get("donor"):
                after["donor_country"] = None   # the machine's country was the machine's donor's
    return after
