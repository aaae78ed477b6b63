"""Datelines: the place a story was filed from, in capitals at a line's start before a dash, a
comma or a colon ("KYIV — ", "BARI, Italy -- ", "COLUMBUS, Ohio (AP) —", "BEIRUT:").

One definition from shared pieces, read two ways: the place resolver looks for the place's name
wherever a dateline may stand (``DATELINE``); the readers of people, aid and events skip the one
that opens a text (``dateline_end``), which the parser often takes for the first sentence's subject.
"""
from __future__ import annotations

import re

# the marks inside a name in capitals: "ST. JOHN'S", "PORT-AU-PRINCE"
_MARKS = "'’.-"
_CAPS = "A-Z" + _MARKS
# the dashes that end a dateline ("--" too, in copy typed without them)
_DASHES = "—–"

# the place's name (one to three words in capitals) after a line's or a sentence's start, before
# ", ", a dash, ": " or "(AP)"
DATELINE = re.compile(rf"(?:^|\n|[.!?]\s+)([A-Z][{_CAPS}]{{2,}}(?: [A-Z][{_CAPS}]{{1,}}){{0,2}})"
                      rf"(?=,\s|\s+[-{_DASHES}]+\s|:\s|\s+\()")
# the dateline that opens a text, through its dash: a name in capitals, then perhaps ", Italy"
# (or, as some outlets print it, the place in title case before the outlet's name in capitals:
# "Hong Kong CNN — ", "Kyiv, Ukraine CNN — ")
# (and an agency's name in brackets after its date: "MINSK, 7 May (BelTA) – ")
_OPENING = re.compile(rf"^\s*(?:[A-Z][ {_CAPS}]+(?:,\s*[\w {_MARKS}]{{2,40}}?)?"
                      rf"|[A-Z][\w{_MARKS}]+(?:,?\s[A-Z][\w{_MARKS}]+){{0,3}}\s[A-Z]{{2,6}})"
                      rf"(?:\s+\([A-Z][\w .-]{{1,24}}\))?\s+(?:--|[{_DASHES}])\s")


def dateline_end(text: str) -> int:
    """Where an opening dateline ("BARI, Italy -- ", "KYIV — ") ends, or 0."""
    m = _OPENING.match(text[:120])
    return m.end() if m else 0
