"""Quotations that the layout attributes, not a speech verb: transcripts and sign-offs.

1. A transcript gives each turn a paragraph that opens with its speaker's label in capitals and a
   colon ("SECRETARY BLINKEN: ...", "MR. KIRBY: ...", "Q: ..."), the whole turn quoted or not. A
   text is a transcript when one label comes back (two turns of one voice); a lone "UPDATE:" or
   "EDITOR'S NOTE:" is a heading, not a turn.
2. A quotation signed after a dash ("... for our kids." ― Maria Lopez) is its signer's; a release's
   quotation block is signed on the line below it ("Jens Stoltenberg, NATO Secretary General").
3. A speech's text, after the line that marks it ("AS DELIVERED"), is its speaker's paragraph by
   paragraph.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..lexicon import lexicon

_EN = lexicon("en")
# labels of a voice never named (a reporter, a moderator): the turn is nobody's, whatever name it addresses
UNNAMED_LABELS = _EN.set("speech", "unnamed_labels")
_DELIVERY_MARK = re.compile(r"^[ \t]*\(?(?:" + _EN.alternation("speech", "delivery_marks") + r")\)?[ \t]*:?[ \t]*$",
                            re.IGNORECASE | re.MULTILINE)

# a turn's label: an optional courtesy title or office in capitals ("MR.", "SECRETARY"), then one to
# three words in capitals, or "Q"; a transcript quoted whole opens each turn with a quotation mark
_LABEL = re.compile(r"^[ \t]*[\"“]?[ \t]*(Q|AUDIENCE MEMBER|(?:[A-Z][A-Za-z]{0,2}\.[ \t]+)?[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,3})"
                    r"[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
# the signer after a quotation: a dash, then a capitalised name of up to five words
_SIGNED = re.compile(r"[^\S\n]*(?:―|—|–|--)[^\S\n]*([A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|la|van|von|bin|al-\w+)){0,4})")


@dataclass(frozen=True)
class Turn:
    label: str
    label_start: int
    start: int          # what the speaker says: the rest of the paragraph
    end: int


def transcript_turns(text: str) -> list[Turn]:
    """Each labelled turn of a transcript, or nothing when the text is not one."""
    turns = []
    for m in _LABEL.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        s, e = m.end(), end
        while e > s and text[e - 1] in " \t\"”":
            e -= 1
        if e - s < 2:
            continue
        turns.append(Turn(m.group(1), m.start(1), s, e))
    voices = Counter(t.label.split()[-1].strip(".") for t in turns)
    if not voices or max(voices.values()) < 2:
        return []
    return turns


def label_name(label: str) -> str:
    """The name in a label, as a name is written ("SECRETARY BLINKEN" -> "Blinken", "MR. KIRBY" ->
    "Kirby"): its last word, which a transcript's labels always keep."""
    word = label.split()[-1].strip(".")
    return "-".join(part.capitalize() for part in word.split("-"))


def signer(text: str, end: int) -> tuple[int, int] | None:
    """Characters of the name signing a quotation that closes at ``end`` (the closing mark's
    position), when the rest of its paragraph is a dash and that name."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    m = _SIGNED.match(text, end + 1, line_end)
    if m is None:
        return None
    rest = text[m.end(1):line_end].strip()
    if rest not in ("", ".") and not rest.startswith((",", "(")):
        return None   # a sentence goes on after the dash: an aside, not a signature
    end = m.end(1) - 1 if m.group(1).endswith(".") and len(m.group(1).split()[-1]) > 3 else m.end(1)
    return m.start(1), end   # (the full stop after a name, not an initial's)


def is_reporter(label: str) -> bool:
    """Whether a turn's label is a voice the transcript never names ("Q", "QUESTION", "MODERATOR")."""
    return label.upper().rstrip(".") in UNNAMED_LABELS


# the line under a quotation block that signs it: an optional dash, a capitalised name of two to
# five words, then nothing or a comma and the signer's office ("Jens Stoltenberg, NATO Secretary
# General"); the office is a short line of its own, never a sentence
_SIGNED_BELOW = re.compile(r"[ \t]*(?:(?:―|—|–|--)[ \t]*)?([A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|de|la|van|von|bin)){1,4})"
                           r"[ \t]*(?:,[^\n.!?]{0,80})?[ \t]*$", re.MULTILINE)


def signer_below(text: str, end: int) -> tuple[int, int] | None:
    """Characters of the name signing, on the next line, a quotation that closes at ``end`` (the
    closing mark's position) and fills its paragraph to the end."""
    line_end = text.find("\n", end)
    if line_end < 0 or text[end + 1:line_end].strip():
        return None
    nxt = line_end + 1
    while nxt < len(text) and text[nxt] == "\n":
        nxt += 1
    stop = text.find("\n", nxt)
    m = _SIGNED_BELOW.match(text, nxt, len(text) if stop < 0 else stop)
    return (m.start(1), m.end(1)) if m is not None else None


@dataclass(frozen=True)
class Remarks:
    header: tuple[int, int]            # the lines before the mark, where the speaker is named
    paragraphs: list[tuple[int, int]]  # each paragraph of the speech


def delivered_remarks(text: str) -> Remarks | None:
    """The paragraphs of a speech's text after the line that marks it ("AS DELIVERED"), or nothing
    when the text has no such line."""
    m = _DELIVERY_MARK.search(text)
    if m is None:
        return None
    paragraphs = []
    for p in re.finditer(r"[^\n]+", text[m.end():]):
        s, e = m.end() + p.start(), m.end() + p.end()
        while e > s and text[e - 1] in " \t":
            e -= 1
        if re.search(r"\w", text[s:e]):
            paragraphs.append((s, e))
    return Remarks((0, m.start()), paragraphs)
