"""Territorial control as the briefing shows it: the latest change between two control layers of
one source, then the changes of control the coverage reports, read strictly.

The events reader marks a sentence as a territorial change on a cue ("captured", "liberated",
"took control of" ...), which also fires on freed prisoners, captured tanks and a camp liberated
eighty years ago. A reported claim here is such an event that passes four tests, in order:

1. it is news (not opinion, letters, analysis) read with at least the briefing's confidence;
2. a cue's object is a named settlement ("captured the town of X", "recaptured X, Y and Z"), or
   a named settlement is the cue's subject ("X fell to ...", "X was liberated") — not a thing
   ("5,000 troops", "the Zaporizhzhia nuclear plant"), a region or a country;
3. the cue is not in a clause of background ("after Russia seized ...", "since ...");
4. the settlement lies in Ukraine or in a Russian region on its border (the gazetteer's country
   and first-level unit), or is one the gazetteer does not hold, named as "the village of X".

Nothing is retrained: the tests read the stored sentence and the places the reader resolved in it.
"""
from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..lexicon import lexicon
from ..store import schema as t

_EN = lexicon("en")
# the events reader's own cues of a change of control (lexicon/en/events.toml: territorial)
CUE = re.compile(rf"\b(?:{'|'.join(_EN.words('events', 'territorial'))})", re.I)
# the words that name a settlement before its name ("the southern city of Kherson")
SETTLEMENT = r"(?:city|cities|town|towns|village|villages|settlement|settlements|hamlet|hamlets|port|outskirts)"
NAMED_AS_SETTLEMENT = re.compile(rf"{SETTLEMENT}\s+of\s+$", re.I)
# a name as articles write it: capitalised words, hyphenated or not ("Rostov-on-Don", "Nova Kakhovka")
NAME = re.compile(r"[A-Z][\w’']*(?:-(?:on|na|[A-Z])[\w’']*)*(?:\s+[A-Z][\w’']+)?")
# a cue's object: the first name after it, with nothing but "the", or up to three words ending in
# a settlement noun and "of" ("the southeastern Ukrainian city of"), before it
OBJECT = re.compile(rf"\s*(?:the\s+)?(?P<head>(?:[\w’'-]+\s+){{0,3}}?{SETTLEMENT}\s+of\s+)?(?={NAME.pattern})")
# between two names of one list
LIST_SEP = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s+and\s+)")
# a name followed by one of these is a modifier, not the settlement taken
NOT_SETTLEMENT_AFTER = re.compile(
    r"^[’']?s?\s+(?:nuclear|power|plant|region|oblast|province|district|airport|airfield|air\s+base|station|dam|"
    r"bridge|reservoir|direction|axis|front|sector|area|military|highway|road|railway|base|peninsula|river|"
    r"border|offensive|counteroffensive|sea|coast|bank)\b", re.I)
PLURAL = re.compile(r"(?:cities|towns|villages|settlements|hamlets)\s+of\s+$")
AND_NAME = re.compile(rf"\band\s+({NAME.pattern})")
# the auxiliary before a cue ("have taken"), and at the start of one
AUXILIARY = re.compile(r"(?<!to )\b(?:has|have|had)\s+(?:been\s+)?$")   # (not "claims to have")
AUX_FIRST = re.compile(r"^(?:has|have|had)\s+(?:been\s+)?")
POSSESSIVE = re.compile(r"[’']s$")
# a settlement as the subject: "X fell to", "X was (re)captured / liberated / retaken / seized"
# (capitalised words that end the text before the verb, one space apart: no backtracking blow-up)
SUBJECT_NAME = re.compile(r"[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)*$")
SUBJECT_VERBS = re.compile(r"^(?:fell to|(?:re)?captured|liberated|retaken|seized|taken)", re.I)
SUBJECT_BEFORE = re.compile(r"(?:has|have|had)?\s*(?:been|was|were|is|are)?\s*[“\"‘']?(?:(?:fully|now|finally|completely)\s+)?$",
                            re.I)
# a cue under one of these in its clause is background, not this report's event
BACKGROUND = re.compile(r"\b(?:after|since|before|when|until|once|if|unless|because)\b", re.I)
CLAUSE = re.compile(r"[,;:—–(]|\bthat\b|\bwhich\b")
# Russia's regions on Ukraine's border (GeoNames first-level codes: Belgorod, Bryansk, Kursk)
BORDER_REGIONS = {("RU", "09"), ("RU", "10"), ("RU", "41")}


def _in_theatre(place) -> bool:
    return place.country == "UA" or (place.country, place.admin1) in BORDER_REGIONS


def _names_after(sentence: str, at: int) -> list[tuple[int, int]]:
    """The list of names starting at ``at``: "Balakliia, Kupiansk and Izium" -> their spans."""
    spans, pos = [], at
    while True:
        m = NAME.match(sentence, pos)
        if m is None:
            break
        spans.append((m.start(), m.end()))
        sep = LIST_SEP.match(sentence[m.end():])
        if sep is None:
            break
        pos = m.end() + sep.end()
    return spans


def _background(sentence: str, cue_start: int) -> bool:
    before = sentence[:cue_start]
    clause = before[max((m.end() for m in CLAUSE.finditer(before)), default=0):]
    return BACKGROUND.search(clause) is not None


def settlements_taken(sentence: str, places: list) -> list[dict]:
    """The named settlements whose control the sentence reports changing (tests 2 to 4 above):
    ``places`` are the places the reader resolved in the sentence, with offsets into it."""
    by_span = {(p.start, p.end): p for p in places}

    def resolved(s: int, e: int):
        return by_span.get((s, e)) or next((p for p in places if p.start <= s < p.end or s <= p.start < e), None)

    def keep(s: int, e: int, named: bool) -> dict | None:
        if NOT_SETTLEMENT_AFTER.match(sentence[e:]) or POSSESSIVE.search(sentence[s:e]):
            return None   # "the Zaporizhzhia nuclear plant", "Russia's Interfax"
        p = resolved(s, e)
        if p is None:
            # a name the gazetteer does not hold: a settlement only where the sentence says so
            return {"name": sentence[s:e], "place_key": None, "lat": None, "lon": None} if named else None
        if p.feature != "city" or not _in_theatre(p):
            return None
        return {"name": sentence[s:e], "place_key": f"g:{p.geonameid}" if p.geonameid else None,
                "lat": p.lat, "lon": p.lon}

    for m in CUE.finditer(sentence):
        if _background(sentence, m.start()):
            continue
        found, subject = [], False
        # the object (the cue of "entered X" and "withdrew from X" ends on the name's first letter)
        obj = OBJECT.match(sentence, m.end() - 1 if m.group(0)[-1:].isupper() else m.end())
        if obj is not None:
            spans = _names_after(sentence, obj.end())
            head = obj.group("head") or ""
            if PLURAL.search(head):
                # "the settlements of A in the Donetsk region and B farther north": the clause's
                # other names after "and" are of the same list
                rest = sentence[spans[-1][1]:].split(",", 1)[0]
                off = spans[-1][1]
                spans += [(off + x.start(1), off + x.end(1)) for x in AND_NAME.finditer(rest)]
            for s, e in spans:
                kept = keep(s, e, bool(head))
                if kept is not None:
                    found.append(kept)
        # the subject: "X fell to", "X was liberated"
        if not found and SUBJECT_VERBS.match(m.group(0)):
            before = sentence[:m.start()]
            aux = SUBJECT_BEFORE.search(before)
            head = before[:aux.start()].rstrip()
            subj = SUBJECT_NAME.search(head[-80:])
            if subj is not None:
                s = len(head) - len(head[-80:]) + subj.start()
                e = s + len(subj.group(0))
                named = NAMED_AS_SETTLEMENT.search(head[:s]) is not None
                # a passive needs its auxiliary ("X was captured"), but for a settlement named as
                # one, as headlines write it ("city of Lyman completely liberated")
                if m.group(0).lower().startswith("fell") or re.search(r"\w", aux.group(0)) or named:
                    kept = keep(s, e, named)
                    if kept is not None:
                        found.append(kept)
                        subject = True
        if found:
            # the cue as the sentence reads it: with its auxiliary ("have taken control of")
            aux = AUXILIARY.search(sentence, 0, m.start())
            cue = (aux.group(0) if aux else "") + m.group(0).rstrip(" ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return [{**f, "cue": cue, "subject": subject} for f in found]
    return []


class _Place:
    """A place the reader resolved, with offsets into its sentence."""

    __slots__ = ("start", "end", "feature", "country", "admin1", "geonameid", "lat", "lon")

    def __init__(self, row, s0: int, admin1: str | None):
        self.start, self.end = row.start - s0, row.end - s0
        self.feature, self.country, self.geonameid = row.feature, row.country, row.geonameid
        self.lat, self.lon, self.admin1 = row.lat, row.lon, admin1


def _admin1(geonameids: set[int]) -> dict[int, str]:
    """The first-level unit of each settlement, from the gazetteer (for Russia's border regions)."""
    if not geonameids:
        return {}
    from ..places.gazetteer import default_gazetteer

    ids = sorted(geonameids)
    con = default_gazetteer().con
    out = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(con.execute(f"SELECT id, admin1 FROM places WHERE id IN ({','.join('?' * len(chunk))})",
                               chunk).fetchall())
    return out


def claims(events: list[dict], conn: Connection, limit: int = 12) -> list[dict]:
    """The events (territorial changes, as ``queries.events`` gives them, newest first) that report
    a change of control of a named settlement, each with ``settlements`` and the ``cue``; one item
    per change (settlements and day), the other articles reporting it counted in ``reports``."""
    if not events:
        return []
    rows = conn.execute(select(t.places.c.article_id, t.places.c.start, t.places.c.end, t.places.c.feature,
                               t.places.c.country, t.places.c.geonameid, t.places.c.lat, t.places.c.lon)
                        .where(t.places.c.article_id.in_(sorted({e["article_id"] for e in events})))).all()
    by_article = defaultdict(list)
    for r in rows:
        by_article[r.article_id].append(r)
    admin1 = _admin1({r.geonameid for r in rows if r.country == "RU" and r.geonameid})
    out, seen = [], {}
    for e in events:
        places = [_Place(r, e["start"], admin1.get(r.geonameid)) for r in by_article[e["article_id"]]
                  if e["start"] <= r.start < e["end"]]
        taken = settlements_taken(e["sentence"], places)
        if not taken:
            continue
        key = (tuple(sorted(s["name"] for s in taken)), (e["date"] or "")[:10])
        if key in seen:
            seen[key]["reports"] += 1
            continue
        # "Ukrainian forces have recaptured X"; with nobody named, "recaptured X"; a settlement as
        # the subject reads "X liberated" (``subject``), and the reader's actor there is the settlement
        subject = taken[0]["subject"]
        actor = None if subject else e["actor"]
        item = {**e, "actor": actor, "settlements": [{k: s[k] for k in ("name", "place_key", "lat", "lon")} for s in taken],
                "cue": taken[0]["cue"] if actor else AUX_FIRST.sub("", taken[0]["cue"]), "subject": subject,
                "reports": 1}
        seen[key] = item
        out.append(item)
        if len(out) >= limit:
            break
    return out
