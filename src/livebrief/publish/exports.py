"""Exports (ACLED-like events, Kiel-like aid, quotes), the Atom feed of developments, and the
newsletter digest. The web routes and `livebrief export` / `livebrief digest` share these."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from xml.sax.saxutils import escape as xesc

from sqlalchemy.engine import Connection

from ..aggregate import harm
from ..editorial.labels import accuracy, corrections
from ..places.gazetteer import default_gazetteer
from ..records import DigestFormat, ExportFormat, ExportKind, ReviewState
from ..settings import Options
from .queries import aid_summary, events, harm_summary, latest_developments, list_developments, newest_pledges, quotes, territorial_claims

EVENT_COLUMNS = ["event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                 "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
                 "fatalities", "confidence", "briefed"]
AID_COLUMNS = ["donor", "announcement_date", "aid_type_general", "measure", "value", "currency", "value_eur", "items",
               "source"]
AID_TOTAL_COLUMNS = ["donor", "donor_country", "category", "committed_eur", "delivered_eur", "committed_usd",
                     "delivered_usd", "commitments", "deliveries"]
QUOTE_COLUMNS = ["quote_id", "date", "speaker", "kind", "cue", "text", "article_id", "title", "source"]

EXPORT_MEDIA_TYPES = {ExportFormat.CSV: "text/csv; charset=utf-8", ExportFormat.GEOJSON: "application/geo+json",
                      ExportFormat.JSONL: "application/x-ndjson"}
DIGEST_MEDIA_TYPES = {DigestFormat.HTML: "text/html; charset=utf-8", DigestFormat.MD: "text/markdown; charset=utf-8"}


def parse_since(value: str | None) -> str | None:
    """'7d', '24h', '30m' or an ISO date/time -> ISO time; None stays None."""
    if not value:
        return None
    v = value.strip()
    if v[:-1].isascii() and v[:-1].isdigit() and v[-1] in "dhm":
        try:
            delta = {"d": timedelta(days=int(v[:-1])), "h": timedelta(hours=int(v[:-1])), "m": timedelta(minutes=int(v[:-1]))}[v[-1]]
            return (datetime.now(UTC) - delta).replace(microsecond=0).isoformat()
        except OverflowError:
            return None   # further back than the calendar goes: since the beginning
    return v


def event_rows(conn: Connection, since: str | None = None, *, min_confidence: float = Options.briefing_min_confidence,
               approved_only: bool = Options.publish_approved_only) -> list[dict]:
    """Every event in ACLED's columns, with the reader's confidence and whether the briefing may
    show it (``briefed``: from a news article, not an opinion piece, and approved or corrected by an
    editor, or, unless the briefing shows reviewed facts only, read with at least
    ``min_confidence``; the briefing then shows those of its latest days): the archive keeps what
    the briefing leaves out, marked."""
    gaz = default_gazetteer()
    evs = events(conn, since=(since or "")[:10] or None, limit=1_000_000, with_news=True)
    # (the oblast as the harm summary has it: the place's, or the oblast whose point a village the
    # gazetteer lacks was placed at)
    points = harm.unit_points(gaz, {e["country"] for e in evs if e["country"]})
    rows = []
    for e in evs:
        briefed = bool(e["news"]) and (e["review"] != ReviewState.UNREVIEWED
                                       or (not approved_only and (e["confidence"] or 0) >= min_confidence))
        rows.append({"event_id": f"LB{e['id']}", "event_date": e["date"], "time_precision": e["time_precision"],
                     "event_type": e["type"], "sub_event_type": e["sub_type"], "actor1": e["actor"], "actor2": e["target"],
                     "country": e["country"], "admin1": harm.unit_of_event(e, gaz, points),
                     "location": e["place_name"], "latitude": e["lat"],
                     "longitude": e["lon"], "geo_precision": e["geo_precision"],
                     "source": e["outlet"] or e["url"] or f"article {e['article_id']}", "notes": e["sentence"],
                     "fatalities": int(e["killed"]) if e["killed"] is not None else 0,
                     "confidence": e["confidence"], "briefed": "yes" if briefed else "no",
                     "article_id": e["article_id"], "claim": e["claim"], "start": e["start"], "end": e["end"]})
    return rows


def events_geojson(conn: Connection, since: str | None = None, *, min_confidence: float = Options.briefing_min_confidence,
                   approved_only: bool = Options.publish_approved_only) -> dict:
    feats = []
    for r in event_rows(conn, since, min_confidence=min_confidence, approved_only=approved_only):
        if r["latitude"] is None or r["longitude"] is None:
            continue
        props = {k: v for k, v in r.items() if k not in ("latitude", "longitude")}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def aid_rows(conn: Connection, since: str | None = None) -> list[dict]:
    out = []
    for p in aid_summary(conn, since=since)["pledges"]:
        out.append({"donor": p["donor"], "announcement_date": (p["announced"] or "")[:10],
                    "aid_type_general": p["category"], "measure": ("total to date" if p["cumulative"] else p["status"]),
                    "value": p["amount"], "currency": p["currency"], "value_eur": p["value_eur"],
                    "items": "; ".join(p["items"]), "source": "; ".join(s["title"] or str(s["article_id"]) for s in p["sources"])})
    return out


def aid_total_rows(conn: Connection, since: str | None = None) -> list[dict]:
    """Commitments and deliveries per donor and category (``queries.tracker``)."""
    return aid_summary(conn, since=since)["tracker"]


def quote_rows(conn: Connection, since: str | None = None) -> list[dict]:
    return [{"quote_id": r["id"], "date": (r["published"] or "")[:10], "speaker": r["speaker"], "kind": r["kind"],
             "cue": r["cue"], "text": r["text"], "article_id": r["article_id"], "title": r["title"],
             "source": r["outlet"]}
            for r in quotes(conn, since=since)]


def harm_rows(conn: Connection, since: str | None = None) -> list[dict]:
    """The civilian-harm summary by month and oblast, its sources joined for a spreadsheet's cell."""
    return [{**r, "sources": "; ".join(r["sources"])} for r in harm_summary(conn, since=(since or "")[:10] or None)]


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in columns})
    return buf.getvalue()


@dataclass(frozen=True)
class Export:
    """One export: its rows (``rows(conn, since)``), its CSV's columns (none: no CSV) and its
    GeoJSON (``geojson(conn, since)``; none: no GeoJSON). Every export comes as JSONL.
    ``briefed``: its rows say whether the briefing may show each (they take the briefing's least
    confidence and whether it shows reviewed facts only, ``min_confidence`` and ``approved_only``)."""

    rows: Callable[..., list[dict]]
    columns: list[str]
    geojson: Callable[..., dict] | None = None
    briefed: bool = False

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats it comes in, in records.ExportFormat's order."""
        has = {ExportFormat.CSV: bool(self.columns), ExportFormat.GEOJSON: self.geojson is not None, ExportFormat.JSONL: True}
        return tuple(f.value for f in ExportFormat if has[f])


EXPORTS = {
    ExportKind.EVENTS: Export(event_rows, EVENT_COLUMNS, events_geojson, briefed=True),
    ExportKind.AID: Export(aid_rows, AID_COLUMNS),
    ExportKind.AID_TOTALS: Export(aid_total_rows, AID_TOTAL_COLUMNS),
    ExportKind.QUOTES: Export(quote_rows, QUOTE_COLUMNS),
    ExportKind.CORRECTIONS: Export(corrections, []),   # labelled records: JSONL only
    ExportKind.HARM: Export(harm_rows, harm.COLUMNS),
}


def export_of(kind: str, fmt: str) -> Export:
    """The export of ``kind``, where it comes as ``fmt`` (ValueError where it does not)."""
    if kind not in EXPORTS:
        raise ValueError(f"unknown export {kind!r}")
    if fmt not in EXPORTS[kind].formats:
        raise ValueError(f"the {kind} export comes as {' or '.join(EXPORTS[kind].formats)}, not {fmt}")
    return EXPORTS[kind]


def export(conn: Connection, kind: str, fmt: str, since: str | None = None, *,
           min_confidence: float = Options.briefing_min_confidence,
           approved_only: bool = Options.publish_approved_only) -> str:
    """An export as text; ``min_confidence`` and ``approved_only``: the briefing's, for the exports
    that mark what it may show."""
    spec = export_of(kind, fmt)
    since = parse_since(since)
    kw = {"min_confidence": min_confidence, "approved_only": approved_only} if spec.briefed else {}
    if fmt == ExportFormat.GEOJSON:
        return json.dumps(spec.geojson(conn, since, **kw), ensure_ascii=False)
    rows = spec.rows(conn, since, **kw)
    if fmt == ExportFormat.JSONL:
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    return to_csv(rows, spec.columns)


def accuracy_since(conn: Connection, since: str | None = None) -> dict:
    """``livebrief accuracy``: the readers' precision against the decisions taken since ``since``
    (7d, 24h or an ISO time), beside the export of the same decisions as labels."""
    return accuracy(conn, parse_since(since))


# how a published fact says where it stands with the desk (records.ReviewState)
REVIEW_NOTES = {ReviewState.APPROVED: "checked by an editor", ReviewState.CORRECTED: "corrected by an editor",
                ReviewState.UNREVIEWED: "unreviewed"}


def _noted(text: str, fact: dict) -> str:
    note = REVIEW_NOTES.get(fact.get("review"))
    return f"{text} ({note})" if note else text


def _facts_line(d: dict) -> str:
    """A development's facts as the feed states them, each with its review."""
    facts = d["facts"]
    out = [_noted(f"{c['killed'] and int(c['killed']) or 0} killed" + (f" in {c['place']}" if c["place"] else ""), c)
           for c in facts["casualties"][:3]]
    out += [_noted(f"{a['donor']} {a['status']} aid" + (f" of {a['amount']:,.0f} {a['currency']}" if a["amount"] else ""), a)
            for a in facts["aid"][:3]]
    return "; ".join(out)


def atom(conn: Connection, base_url: str, limit: int = 50, *, approved_only: bool = Options.publish_approved_only) -> str:
    """Developments as an Atom feed: an entry's <updated> moves when the development does, so a
    feed reader shows the update. Its facts as the publishing policy has them (``briefing``)."""
    devs = sorted(list_developments(conn, limit=limit, approved_only=approved_only), key=lambda d: d["last_seen"] or "",
                  reverse=True)
    updated = max((d.get("last_seen") or "" for d in devs), default="1970-01-01T00:00:00+00:00")
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           "<title>livebrief: latest developments</title>", f'<link href="{xesc(base_url)}/"/>',
           f'<link rel="self" href="{xesc(base_url)}/feed.atom"/>', f"<id>{xesc(base_url)}/</id>",
           f"<updated>{_atom_time(updated)}</updated>", "<author><name>livebrief</name></author>"]
    for d in devs:
        summary = " ".join(s["sentence"] for s in d["summary"])
        facts = _facts_line(d)
        summary += f" Facts: {facts}." if facts else ""
        out += ["<entry>", f"<title>{xesc(d['title'] or '')}</title>",
                f'<link href="{xesc(base_url)}/developments/{d["id"]}"/>',
                f"<id>{xesc(base_url)}/developments/{d['id']}</id>",
                f"<published>{_atom_time(d['first_seen'])}</published>",
                f"<updated>{_atom_time(d['last_seen'])}</updated>",
                f'<summary type="text">{xesc(summary)} ({len(d["articles"])} articles)</summary>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _atom_time(value: str | None) -> str:
    if not value:
        return "1970-01-01T00:00:00Z"
    v = value if "T" in value else value + "T00:00:00"
    try:
        d = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return "1970-01-01T00:00:00Z"
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _claim_text(claim: dict) -> str:
    """A reported change of control as a line: "Russian forces captured X, Y", "X liberated"."""
    places = ", ".join(p["name"] for p in claim["settlements"])
    return f"{places} {claim['cue']}" if claim["subject"] else " ".join(x for x in (claim["actor"], claim["cue"], places) if x)


def digest(conn: Connection, since: str, fmt: str, base_url: str = "http://127.0.0.1:8000", *,
           approved_only: bool = Options.publish_approved_only,
           min_confidence: float = Options.briefing_min_confidence) -> str:
    """The newsletter: four sections, each item cited with a link and its review. HTML is e-mail
    safe (inline styles, no scripts). The publishing policy is the briefing's."""
    since_iso = parse_since(since) or ""
    devs = latest_developments(conn, since=since_iso, limit=10, min_confidence=min_confidence, approved_only=approved_only)
    aid = newest_pledges(aid_summary(conn, since=since_iso, news_only=True, approved_only=approved_only))[:10]
    # the same sections as the briefing's, by the same filters
    policy = {"approved_only": approved_only, "min_confidence": min_confidence}
    civ = events(conn, since=since_iso[:10], harmed=True, limit=10, **policy)
    terr = territorial_claims(conn, since=since_iso[:10], limit=10, **policy)
    link = lambda aid_, s, e: f"{base_url}/articles/{aid_}?hl={s}-{e}#hl"  # noqa: E731
    sections = [
        ("Latest developments", [(d["title"], f"{base_url}/developments/{d['id']}") for d in devs]),
        ("Western military aid", [(_noted(f"{p['donor']} {p['status']} {p['category']} aid"
                                          + (f": {p['amount']:,.0f} {p['currency']}" if p["amount"] else ""), p),
                                   link(p["sources"][0]["article_id"], p["sources"][0]["start"], p["sources"][0]["end"]))
                                  for p in aid]),
        ("The plight of civilians", [(_noted(f"{e['date']} {e['sub_type']}" + (f", {e['place_name']}" if e["place_name"] else "")
                                             + (f": {int(e['killed'])} killed" if e["killed"] else ""), e),
                                      link(e["article_id"], e["start"], e["end"])) for e in civ]),
        ("Territorial control", [(_noted(f"{e['date']} claim: " + _claim_text(e), e),
                                  link(e["article_id"], e["start"], e["end"])) for e in terr]),
    ]
    if fmt == DigestFormat.MD:
        out = [f"# livebrief digest since {since_iso[:16]}", ""]
        for title, items in sections:
            out += [f"## {title}", ""]
            # (markup in a title or an editor's correction stays text: Markdown renders inline HTML)
            out += [f"- {escape(text.strip(), quote=False)} ([source]({url}))" for text, url in items] or ["- Nothing new."]
            out.append("")
        return "\n".join(out)
    body = [f'<h1 style="font-family:Georgia,serif;font-size:22px;margin:0 0 12px">livebrief digest since {escape(since_iso[:16])}</h1>']
    for title, items in sections:
        body.append(f'<h2 style="font-family:Georgia,serif;font-size:18px;margin:18px 0 6px">{escape(title)}</h2>')
        body.append('<ul style="margin:0;padding-left:18px">')
        body += [f'<li style="margin:4px 0">{escape(text.strip())} <a href="{escape(url)}" style="color:#0b5cad">source</a></li>'
                 for text, url in items] or ['<li style="margin:4px 0">Nothing new.</li>']
        body.append("</ul>")
    return ('<!doctype html><html><head><meta charset="utf-8"><title>livebrief digest</title></head>'
            '<body style="font-family:Arial,sans-serif;font-size:14px;color:#1b1d21;max-width:640px;margin:0 auto;padding:16px">'
            + "".join(body) + "</body></html>\n")
