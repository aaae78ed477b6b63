"""Direct and reported speech, each with its speaker and cue.

Direct quotes: every span inside quotation marks (" “ ” « » „ ‘ ’ and straight single marks used
as quotes), per paragraph; a quotation left open at the end of a paragraph runs to its end (the
news convention for quotes over several paragraphs); nested quotes stay inside the outer one.

Speakers, in order: a speech cue after the quote in its sentence ("...," he said), one before it
(X said: "..."), any cue in the sentence the quote sits in (a fragment inside reported speech),
then the speaker of the quote just before (an attribution interrupts a quotation, or a
quotation continues in the next paragraph). The cue's subject is resolved through entity
canonical names, titles the article ties to a person ("the NATO chief") and pronouns (the most
recent person named as a subject). Places and dates are never speakers.

Reported speech: the clause after a speech verb ("said that ...", "urged partners to ...",
"accused X of ..."), or before it ("..., he said"), and "according to X".
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon
from ..places.datelines import dateline_end
from ..places.variants import DEMONYMS
from ..text import text_of
from .attribution import Candidate, attribution_model, candidates, speaker_calibration
from .entities import LEADING_ARTICLE, Titles, countries_named
from .quote_layout import delivered_remarks, is_reporter, label_name, signer, signer_below, transcript_turns

_EN = lexicon("en")
CUES = _EN.set("speech", "common_cues") | _EN.set("speech", "cues")
# prepositions that keep naming a described speaker ("spokesman for", "officials at", "data from")
SPEAKER_PREPS = _EN.set("speech", "speaker_preps")
# "warned of a strike": what follows the preposition is a topic, not reported speech
TOPIC_PREP_CUES = _EN.set("speech", "topic_prep_cues")
# speech verbs that need their particle: "pointed out that"
PHRASAL_CUES: dict[str, str] = _EN.table("speech", "phrasal_cues")
# "as X put it": a verb that reports speech only with its object, after "as"
AS_OBJECT_CUES: dict[str, str] = _EN.table("speech", "as_object_cues")
# cues whose reported content is an object plus a clause rather than a that-clause
OBJECT_CUES = _EN.set("speech", "object_cues")
# "called the plan 'a disgrace'": the object and the quoted name the speaker gave it
NAMING_CUES = _EN.set("speech", "naming_cues")
# cues that report speech only with a that-clause ("hope", "expect" alone are not speech)
CLAUSE_ONLY = _EN.set("speech", "clause_only")
# "..., though records show ...": after a comma, the writer weighs what was reported
CONCESSIONS = _EN.set("speech", "concessions")
PRONOUN_GENDER: dict[str, str] = _EN.table("speech", "person_pronouns")
PRONOUNS_PERSON = frozenset(PRONOUN_GENDER)
_HONORIFIC = re.compile(r"\b(?:(" + "|".join(_EN.words("titles", "male")) + ")|("
                        + "|".join(_EN.words("titles", "female")) + r"))\.?\s*$")


def _honorific_gender(before: str) -> str | None:
    m = _HONORIFIC.search(before)
    return None if m is None else ("m" if m.group(1) else "f")


# singular titles that, with "the", point back to a person the article has named
DEFINITE_TITLES = frozenset().union(*(_EN.words("titles", name) for name in ("offices", "sole_offices", "more_heads",
                                                                             "legislators", "descriptions")))
# documents never speak: their author does, when the article names one ("a report by the UNHCR")
DOCUMENTS = _EN.set("speech", "documents")
# what the model sometimes tags as a whole person ("Gen" of "Gen Sir Patrick Sanders")
HONORIFIC_ONLY = _EN.set("titles", "alone")
# a description or a pronoun may name someone only later in an article's lead, never further on
LEAD_CHARS = 400
# "X's accusations of ... 'quoted words'": nouns of speech whose possessor is the speaker
SPEECH_NOUNS = _EN.set("speech", "nouns")
# "it said" after someone wrote one of these is the writer speaking
WRITINGS = _EN.set("speech", "writings")
WRITING_VERBS = _EN.set("speech", "writing_verbs")
# "repeated its warning that ...": who does this to a noun of speech made it (who "challenged the
# claim that ..." did not)
UTTERING = WRITING_VERBS | _EN.set("speech", "uttering_verbs")
# "asked not to be named": nothing was reported
_UNNAMED = re.compile(r"(?:not )?to (?:" + "|".join(_EN.words("speech", "unnamed")) + ")", re.IGNORECASE)
NOT_SPEAKER_LABELS = {"DATE", "TIME", "LOC", "FAC", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"}

OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’", "'": "'"}
_ALT_CLOSE = {"„": ("“", "”"), "“": ("”", '"'), '"': ('"', "”"), "«": ("»",)}


@dataclass
class Quote:
    text: str
    kind: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    confidence: float | None = None     # reported speech: the attribution model's probability;
    # a quotation: how often its speaker is right when found as it was (``route``)
    route: str | None = None            # how a quotation's speaker was found (not in the record)

    def as_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "start": self.start, "end": self.end,
                "speaker": self.speaker, "speaker_start": self.speaker_start, "speaker_end": self.speaker_end,
                "cue": self.cue, "confidence": self.confidence}


# ------------------------------------------------------------------ direct quotes by marks

def _is_open_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-\"“:") and (after.isalnum())


def _is_close_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def find_direct(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of top-level quotations, paragraph by paragraph."""
    spans: list[tuple[int, int]] = []
    pos = 0
    if text.count("''") >= 2:
        # two apostrophes for a double mark (archives typed on keyboards without one): ''Yes,'' he said
        text = text.replace("''", '" ')
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        i, n = 0, len(para)
        while i < n:
            ch = para[i]
            if ch in "“«„\"" or (ch in "‘'" and _is_open_single(para, i)):
                closers = _ALT_CLOSE.get(ch, (OPEN_CLOSE[ch],))
                j = i + 1
                end = -1
                closed = False
                while j < n:
                    c = para[j]
                    if ch in "‘'":
                        if c in ("’", "'") and _is_close_single(para, j) and not (
                                c == "’" and para[j - 1:j] == "s" and j + 1 < n and para[j + 1] == " "
                                and _later_single_close(para, j + 1)):
                            end, closed = j, True
                            break
                        if c in "“\"«":  # a double mark inside a single quote: not a quote after all
                            break
                    elif c in closers and (c != "“" or ch == "„"):
                        end, closed = j, True
                        break
                    elif c == "“" and ch in ("“", '"') and j > i + 1:
                        break  # a new opening mark: the previous quotation was left open
                    j += 1
                if end == -1:
                    if ch in "‘'":
                        i += 1
                        continue
                    end = j  # left open: runs to the next opening mark or the paragraph's end
                s, e = i + 1, end
                while s < e and para[s].isspace():
                    s += 1
                while e > s and para[e - 1].isspace():
                    e -= 1
                if e > s and any(c.isalnum() for c in para[s:e]):
                    spans.append((base + s, base + e))
                i = end + 1 if closed else end
                if end >= n:
                    break
            else:
                i += 1
    return spans


def _later_single_close(para: str, j: int) -> bool:
    return any(para[k] in "’'" and _is_close_single(para, k) for k in range(j, min(len(para), j + 200)))


# ------------------------------------------------------------------ speakers

class SpeakerResolver:
    def __init__(self, doc: Doc, quoted: list[tuple[int, int]] | None = None):
        self.doc = doc
        self.quoted = quoted or []
        ents = doc._.lb_entities or []
        self.ents = sorted(ents, key=lambda m: m.start)
        self.starts = [m.start for m in self.ents]
        self.titles = doc._.lb_titles
        self.persons = [m for m in self.ents if m.label == "PERSON" or self._surname_speaking(m)]
        self.person_starts = [m.start for m in self.persons]
        # what the article itself says of a person's gender: an honorific before a mention, or a
        # "he"/"she" already resolved to them; "she said" never goes to a man the article has
        # called "he" (the model knows no genders, the text does)
        self.gender: dict[str, str] = {}
        self.last_org: tuple[int, str] | None = None
        # the last speaker named with each head noun ("the Russian foreign ministry" for a later
        # "the ministry"), by the noun: (position, speaker)
        self.described: dict[str, tuple[int, str]] = {}
        for m in self.persons:
            g = _honorific_gender(text_of(doc)[max(0, m.start - 6): m.start])
            if g:
                self.gender.setdefault(m.canonical, g)

    def _surname_speaking(self, m) -> bool:
        """A lone surname the model took for an organisation, a place or a people, speaking
        ("Zelenskyy said Russia was ..."): for "he said" after it, the last speaker named ("it
        said" still goes to organisations)."""
        if m.label not in ("ORG", "GPE", "NORP"):
            return False
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and len(span) == 1 and _lone_surname(span.root)

    def fits(self, name: str | None, pronoun: str) -> bool:
        want = PRONOUN_GENDER.get(pronoun)
        return want is None or self.gender.get(name, want) == want

    def mention_at(self, tok: Token):
        i = bisect.bisect_right(self.starts, tok.idx) - 1
        if i >= 0 and self.ents[i].start <= tok.idx < self.ents[i].end:
            return self.ents[i]
        return None

    def mention_at_end(self, colon: int, floor: int):
        """The person or organisation whose name the colon at ``colon`` follows ("Name, Outlet:",
        "Trump:"), within the sentence that starts at ``floor``: the first such mention of the
        stretch, which is the speaker ("Seib" rather than his newspaper)."""
        i = bisect.bisect_right(self.starts, colon) - 1
        found = None
        while i >= 0 and self.ents[i].start >= floor:
            m = self.ents[i]
            if m.label in ("PERSON", "ORG") and not _inside(self.quoted, m.start) \
                    and re.fullmatch(r"[\s,.'’A-Za-z&-]*", text_of(self.doc)[m.end:colon]) and colon - m.end <= 60:
                found = m
            elif found is not None or m.label not in ("PERSON", "ORG", "GPE", "NORP"):
                break
            i -= 1
        return found

    def last_person_before(self, pos: int, doc: Doc, pronoun: str = "") -> object | None:
        """The antecedent of "he"/"she": the most recent person who is the subject of a main
        clause or of a speech cue (news copy re-attributes to the last speaker), else the most
        recent person named; never one of the other gender as far as the article tells."""
        i = bisect.bisect_left(self.person_starts, pos) - 1
        fallback = None
        while i >= 0:
            m = self.persons[i]
            if pos - m.start > 2500:
                break
            if _inside(self.quoted, m.start) or not self.fits(m.canonical, pronoun) \
                    or (m.label != "PERSON" and fallback is not None):
                # a name inside a quotation is the speaker's subject, not the speaker; a lone name
                # the model called an organisation ("Ukrinform reports") only when no person was
                # named since
                i -= 1
                continue
            if fallback is None:
                fallback = m
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                root = span.root
                while root.dep_ in ("appos", "compound", "flat") and root.head.i != root.i:
                    root = root.head
                if root.dep_ in ("nsubj", "nsubjpass") and (root.head.dep_ == "ROOT" or is_cue(root.head)
                                                           or (root.head.dep_ == "conj" and root.head.head.dep_ == "ROOT")):
                    return m
            i -= 1
        return fallback

    def first_person_after(self, tok: Token):
        """The first person named after ``tok``'s sentence, within the next two sentences."""
        sent = tok.sent
        following = list(itertools.islice(self.doc[sent.end:].sents, 2)) if sent.end < len(self.doc) else []
        if not following:
            return None
        hi = following[-1].end_char
        i = bisect.bisect_left(self.person_starts, sent.end_char)
        while i < len(self.persons) and self.persons[i].start < hi:
            m = self.persons[i]
            if not _inside(self.quoted, m.start) and m.canonical.lower().strip(".") not in HONORIFIC_ONLY:
                return m
            i += 1
        return None

    def writer_before(self, tok: Token) -> Token | None:
        """"X wrote a letter ... '...,' it said": the letter says what its writer wrote. The
        subject of the last writing verb whose object is a written thing, in the sentence before
        the cue's or in its own."""
        doc = self.doc
        sent = tok.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for t in reversed(doc[lo: tok.i]):
            if t.lemma_.lower() in WRITINGS and t.dep_ in ("dobj", "obj") and t.head.lemma_.lower() in WRITING_VERBS \
                    and not _inside(self.quoted, t.idx):
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if subj is None and t.head.dep_ == "conj":
                    subj = next((c for c in t.head.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.lower_ not in ("it", "they", "which", "that"):
                    return subj
                return None
        return None

    def author_of(self, doc_tok: Token) -> tuple[str | None, int | None, int | None]:
        """Whoever a document is by: a person or an organisation named in its phrase ("ISW's
        assessment", "a report released by UNHCR", "the Pentagon memo"), or who the sentence before
        says issued it ("The Kremlin released a letter. The letter said ..."); nobody otherwise (a
        document is no speaker: "the same report" has no name to give)."""
        for t in doc_tok.subtree:
            if t.i > doc_tok.i + 10 or _inside(self.quoted, t.idx):
                break
            if t.i == doc_tok.i or not (t.pos_ == "PROPN" or t.ent_type_):
                continue
            m = self.mention_at(t)
            if m is not None and m.label in ("PERSON", "ORG"):
                return m.canonical, m.start, m.end
        doc = self.doc
        for p in doc_tok.children:
            # "data from the American Community Survey": a named source the model left untagged
            obj = next((c for c in p.children if c.dep_ == "pobj"), None) if p.lower_ in ("from", "by") else None
            if obj is not None and obj.pos_ == "PROPN" and obj.ent_type_ not in ("GPE", "LOC", "DATE", "NORP"):
                first = min(t.i for t in obj.subtree if t.pos_ == "PROPN" and t.i <= obj.i)
                name = doc[first: obj.i + 1]
                return name.text, name.start_char, name.end_char
        sent = doc_tok.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for t in reversed(doc[lo: doc_tok.i]):
            if t.lemma_ == doc_tok.lemma_ and t.dep_ in ("dobj", "obj") and not _inside(self.quoted, t.idx):
                issuer = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                m = self.mention_at(issuer) if issuer is not None else None
                if m is not None and m.label in ("PERSON", "ORG"):
                    return m.canonical, m.start, m.end
                break
        return None, None, None

    def antecedent(self, tok: Token) -> str | None:
        """What a definite description ("the ministry", "the official") refers back to: the nearest
        before it of a speaker described with the same noun ("the Russian foreign ministry") and an
        organisation whose name has that noun ("the Ministry of Defence"), within a few paragraphs."""
        head = tok.lemma_.lower()
        best = self.described.get(head)
        if best is not None and (tok.idx - best[0] > 2500 or len(best[1].split()) < 2):
            best = None
        i = bisect.bisect_left(self.starts, tok.idx) - 1
        while i >= 0 and tok.idx - self.ents[i].start <= 2500:
            m = self.ents[i]
            if m.label == "ORG" and head in m.canonical.lower().split() and not _inside(self.quoted, m.start):
                if best is None or m.start > best[0]:
                    best = (m.start, m.canonical)
                break
            i -= 1
        return best[1] if best is not None else None

    def _office_holder(self, tok: Token, org) -> tuple[str, int, int] | None:
        """"The Defence Secretary added": an office named for its department (``org``), which the
        text tied to its holder ("Defence Secretary Grant Shapps said"), is that person."""
        if tok.lemma_.lower() not in DEFINITE_TITLES or self.titles is None or self.mention_at(tok) is org:
            return None
        if org.start >= tok.idx:
            return None   # (the department named after the office is not its name: "Secretary ... Defense")
        title = self.doc.char_span(org.start, tok.idx + len(tok.text), alignment_mode="expand")
        person = self.titles.resolve(title.text, tok.idx) if title is not None else None
        return (person, title.start_char, title.end_char) if person else None

    def resolve(self, tok: Token, last_speaker: tuple[int, str] | None = None) -> tuple[str | None, int | None, int | None]:
        """(speaker, start, end) for the subject token of a speech cue. ``last_speaker`` is
        (position, name) of the most recent named speaker, which "he said" usually means."""
        doc = self.doc
        low = tok.lower_
        if low in ("who", "that", "which") and tok.head.dep_ == "relcl":
            return self.resolve(tok.head.head, last_speaker)
        if low in PRONOUNS_PERSON:
            m = self.last_person_before(tok.idx, doc, low)
            if last_speaker is not None and tok.idx - last_speaker[0] < 1500 and self.fits(last_speaker[1], low) \
                    and (m is None or m.start <= last_speaker[0]):
                name = last_speaker[1]
            elif m is not None:
                name = m.canonical
            else:
                # nobody named before (an excerpt that opens "He said: ..."): the person named next
                m = self.first_person_after(tok) if tok.idx < LEAD_CHARS else None
                if m is None or not self.fits(m.canonical, low):
                    return None, None, None
                name = m.canonical
            self.gender.setdefault(name, PRONOUN_GENDER[low])
            return name, tok.idx, tok.idx + len(tok.text)
        if low == "it" and tok.dep_ == "nsubj":
            writer = self.writer_before(tok)
            if writer is not None:
                return self.resolve(writer, last_speaker)
        if low == "it" and self.last_org is not None and tok.idx - self.last_org[0] < 1500 and tok.dep_ == "nsubj" \
                and not any(c.dep_ == "auxpass" for c in tok.head.children):
            # "it said": the organisation last reported as speaking (a think tank, a ministry)
            return self.last_org[1], tok.idx, tok.idx + len(tok.text)
        if tok.pos_ == "PRON":
            return None, None, None
        if any(c.dep_ == "case" and c.lower_ in ("'s", "’s") for c in tok.children):
            # a possessor the parser made the subject ("Moskalyov's daughter Masha wrote"): the
            # speaker is the one it owns, the phrase in apposition
            owned = next((c for c in tok.children if c.dep_ == "appos" and c.i > tok.i), None)
            if owned is None and tok.head.i > tok.i:
                owned = next((t for t in doc[tok.i + 2: min(tok.head.i, tok.i + 8)] if t.pos_ == "PROPN"
                              and t.dep_ in ("nsubj", "appos")), None)
            if owned is not None:
                return self.resolve(owned, last_speaker)
        if tok.lemma_.lower() in DOCUMENTS and tok.pos_ == "NOUN":
            return self.author_of(tok)
        # a named entity anywhere in the subject phrase (compounds, appositions): the person first
        for c in tok.children:
            if c.dep_ == "appos":
                m = self.mention_at(c)
                if m is not None and (m.label == "PERSON" or (m.label == "ORG" and tok.pos_ == "NOUN")):
                    # "the Russian state news agency, RIA Novosti": the name, not the description
                    return m.canonical, m.start, m.end
                if m is None and tok.pos_ == "NOUN" and c.pos_ == "PROPN" and c.text[:1].isupper():
                    # a name the model did not tag: "independent news outlet, Mediazona"
                    name = self.doc[min(t.i for t in c.subtree if t.pos_ == "PROPN"): c.i + 1]
                    return name.text, name.start_char, name.end_char
        # the phrase's own words, not a possessor's ("Moskalyov's daughter Masha" is Masha)
        poss = {t.i for c in tok.children if c.dep_ == "poss" or (c.i < tok.i and any(
            g.dep_ == "case" and g.lower_ in ("'s", "’s") for g in c.children)) for t in c.subtree}
        phrase = [t for t in tok.subtree if t.i <= tok.i + 6 and t.i not in poss]
        found = None
        for t in [tok] + [c for c in phrase if c is not tok]:
            m = self.mention_at(t)
            if m is None:
                continue
            if m.label == "PERSON":
                return m.canonical, m.start, m.end
            if found is None and m.label in ("ORG", "GPE", "NORP") and (t is tok or t.head.i == tok.i or t.dep_ == "compound"):
                found = m
        if found is not None and found.label == "ORG" and (self.mention_at(tok) is found or tok.pos_ == "PROPN"):
            return self._office_holder(tok, found) or (found.canonical, found.start, found.end)
        if tok.ent_type_ in NOT_SPEAKER_LABELS:
            return None, None, None
        # a title the article tied to a person: "the NATO chief"
        left = tok.i
        # ("'s" hangs on its possessor, which comes before it: "Hillary Clinton's campaign")
        while left > 0 and (doc[left - 1].head.i in range(left, tok.i + 1)
                            or (doc[left - 1].dep_ == "case" and doc[left - 1].head.head.i in range(left, tok.i + 1))) and \
                doc[left - 1].dep_ in ("det", "compound", "amod", "poss", "nmod", "case", "nummod", "punct",
                                       "npadvmod") \
                and doc[left - 1].text not in (":", ";", ",", "(", ")", "?", "!") and not doc[left - 1].is_space \
                and not re.search(r"[?!]", doc[left - 1].text):
            left -= 1
        # a heading glued to the sentence ("...Hold?The NATO chief"): the phrase starts after it
        glued = re.search(r"[?!]([A-Z]\w*)$", doc[left - 1].text) if left > 0 else None
        definite = bool(glued) and glued.group(1).lower() == "the"
        np = doc[left: tok.i + 1]
        if self.titles is not None and tok.pos_ in ("NOUN", "PROPN"):
            person = self.titles.resolve(np.text, tok.idx)
            if person:
                return person, np.start_char, np.end_char
        # "the former congressman said": a definite title refers back to a person already named
        if tok.lemma_.lower() in DEFINITE_TITLES and (definite or any(c.lower_ == "the" for c in tok.children
                                                                      if c.dep_ == "det")):
            m = self.last_person_before(tok.idx, doc)
            want = countries_named(Titles.words(np.text)) if self.titles is not None else set()

            def other_country(name: str) -> bool:
                # "the Russian president" is never someone the article titles as another
                # country's (a person without such a title may still be meant)
                have = self.titles.countries_of(name) if want else set()
                return bool(have) and not (have & want)
            if last_speaker is not None and tok.idx - last_speaker[0] < 1500 and (m is None or m.start <= last_speaker[0]) \
                    and not other_country(last_speaker[1]):
                return last_speaker[1], np.start_char, np.end_char
            if m is not None and not other_country(m.canonical):
                return m.canonical, np.start_char, np.end_char
        if (tok.lemma_.lower() in DEFINITE_TITLES or tok.lemma_.lower() == "head") and last_speaker is None \
                and tok.tag_ in ("NN", "NNP") and tok.idx < LEAD_CHARS \
                and (definite or any(c.lower_ == "the" for c in tok.children if c.dep_ == "det")) \
                and not _names_someone(tok) \
                and self.last_person_before(tok.idx, doc) is None:
            # a lead that describes before it names ("The head of the British Army has warned
            # ... . General Sir Patrick Sanders is set to say ..."): the first person named next
            m = self.first_person_after(tok)
            if m is not None:
                return m.canonical, np.start_char, np.end_char
        if found is not None and self.mention_at(tok) is found:  # a government named by its country
            return found.canonical, found.start, found.end
        if tok.pos_ == "NOUN" and (definite or any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)) \
                and not any(t.pos_ == "PROPN" for t in np):
            earlier = self.antecedent(tok)
            if earlier is not None:
                # "the ministry added": the ministry the article named before
                return earlier, np.start_char, np.end_char
        if tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.dep_ in ("nsubj", "nsubjpass")):
            # a described speaker keeps what names it: "a spokesman for the Senate campaign",
            # "new data from Nielsen", not "spokesman" or "data"
            end = tok.i + 1
            for c in tok.children:
                if (c.dep_ == "prep" and c.i == end and c.lower_ in SPEAKER_PREPS) or \
                        (c.dep_ == "acl" and c.i == end and c.tag_ == "VBN"
                         and any(g.dep_ == "agent" for g in c.children)):   # "emails released by WikiLeaks"
                    # a participle up to its agent ("interviews conducted by The Post"), not
                    # the rest of its clause
                    agent = next((g for g in c.children if g.dep_ == "agent"), None) if c.dep_ == "acl" else None
                    last = (agent if agent is not None else c).right_edge.i + 1
                    if last - left <= 12 and not _inside(self.quoted, doc[last - 1].idx) \
                            and not any(t.is_punct and t.text not in ("'", "’", ".", "-") for t in doc[end:last]):
                        end = last
            np = doc[left:end]
            name = _trailing_name(np)
            if name is not None:
                # "head of American diplomacy Antony Blinken": the name the model did not tag
                return name.text, name.start_char, name.end_char
            # (not what a heading glued to the sentence or a quotation mark adds: "propaganda?Sergei")
            text = _GLUED_HEADING.sub("", re.sub(r"^[^\w]+", "", np.text))
            text = LEADING_ARTICLE.sub("", text)
            if text and text.lower() not in PRONOUNS_PERSON and text.lower() not in ("it", "they", "we"):
                return text, np.end_char - len(text), np.end_char
        return None, None, None


def _trailing_name(np: Span) -> Span | None:
    """The name a description ends with, two or more words in capitals the model left untagged
    ("Minister of Foreign Affairs of Lithuania Gabrielius Landsbergis"), when words come before it."""
    i = len(np)
    while i > 0 and np[i - 1].pos_ == "PROPN" and _NAME_SHAPE.fullmatch(np[i - 1].text) \
            and np[i - 1].ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC") and np[i - 1].lower_ not in HONORIFIC_ONLY:
        i -= 1
    if len(np) - i < 2 or i == 0 or np[i - 1].text[:1].isupper() and np[i - 1].pos_ == "PROPN":
        return None
    return np[i:]


def subject_of(cue: Token, quoted=()) -> Token | None:
    """Who the cue's speech belongs to, in order: its own subject; for a participle ("...,
    adding that", "while warning") or a conjoined verb, the subject of the verb it hangs on; a
    name right before it ("Yury Ushakov told"); an inverted subject ("said Stoltenberg"); the
    nearest subject before it in the sentence."""
    doc = cue.doc
    mark_seen = False
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    children = list(cue.children)
    nearest = max((c for c in subjects if c.i < cue.i), key=lambda c: c.i, default=None)
    if sum(c.i < cue.i for c in subjects) > 1 and nearest.pos_ == "PROPN" \
            and all(t.dep_ in ("advmod", "aux", "neg") for t in doc[nearest.i + 1: cue.i]):
        # a heading run into the sentence gives the verb a second subject ("... Fence Will Not Stop
        # Smugglers From Belarus Rinkevics said"): the name right before the verb speaks
        children.sort(key=lambda c: -c.i if c.i < cue.i else c.i)
    for c in children:
        if c.dep_ in ("nsubj", "nsubjpass") and not _inside(quoted, c.idx):
            if not any(ch.isalnum() for ch in c.text):
                continue  # a dash the parser took for a noun ("... made public ― Trump boasted")
            if c.lower_ in ("which", "that") and len(subjects) > 1:
                continue  # "which Apple's chief, Tim Cook, called ...": the relative word is the object
            if c.i > cue.i and any(t.dep_ == "mark" or t.lower_ == "that" for t in doc[cue.i + 1: c.i]):
                mark_seen = True
                continue  # "adding that Putin will ...": Putin belongs to the reported clause
            if c.i > cue.i and any(t.pos_ == "ADP" or t.text in "“”\"‘’'«»" for t in doc[cue.i + 1: c.i]):
                continue  # 'said on Fox News’s “Fox and Friends”': where it was said, not who
            if c.i < cue.i and any(t.text == ":" for t in doc[c.i + 1: cue.i]) \
                    and any(g.dep_ in ("nsubj", "nsubjpass") and c.i < g.i < cue.i for g in cue.children):
                continue  # "The Latest: Trump urges ...": a heading's label, then the subject
            if c.i < cue.i and any(t.text == ":" for t in doc[c.i + 1: cue.i]) and nearest is not None:
                # "More Stories Latvia's Minister: Fence Will Not Stop Smugglers Rinkevics said": a
                # heading the parser made the subject; the name right before the verb speaks
                j = cue.i - 1
                while j > c.i and doc[j].dep_ in ("advmod", "aux", "neg"):
                    j -= 1
                if doc[j].pos_ == "PROPN" and _NAME_SHAPE.fullmatch(doc[j].text) and not _inside(quoted, doc[j].idx):
                    return doc[j]
            return c
    if cue.tag_ == "VBG" and cue.i > 0 and cue.dep_ in ("xcomp", "acl", "advcl"):
        # "footage of Senator Lowe asking, '...'", "the clip shows the mayor saying ...": the name
        # the participle follows is who speaks, not the subject of the clause it hangs on
        prev = doc[cue.i - 1]
        if prev.dep_ in ("pobj", "dobj") and (prev.ent_type_ == "PERSON" or (prev.pos_ == "PROPN" and not prev.ent_type_)) \
                and not _inside(quoted, prev.idx):
            return prev
    head = cue.head
    if head.i != cue.i and head.pos_ in ("VERB", "AUX") and (
            (cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "conj", "acl")) or cue.dep_ in ("conj", "xcomp")):
        if head.dep_ == "ccomp" and is_cue(head.head) and head.head.i != cue.i:
            # "X said that training them would not escalate, adding that ...": the participle
            # hangs on the reported clause; it is X who adds
            head = head.head
        subj = subject_of(head, quoted) if head.i != cue.i else None
        if subj is not None:
            return subj
    # a name right before the cue, whatever the parser made of it
    j = cue.i - 1
    while j >= 0 and doc[j].dep_ in ("advmod", "aux", "neg") and doc[j].pos_ in ("ADV", "AUX", "PART"):
        j -= 1
    if j >= 0 and not _inside(quoted, doc[j].idx) and (doc[j].ent_type_ in ("PERSON", "ORG") or doc[j].pos_ == "PROPN"):
        return doc[j]
    if j > 0 and doc[j].text == "," and not _inside(quoted, doc[j].idx):
        # "Flynn, a top Trump surrogate, said": the name before a description between commas
        k = j - 1
        while k > max(0, j - 12) and doc[k].text != "," and not doc[k].is_sent_start and not _inside(quoted, doc[k].idx):
            k -= 1
        name = doc[k - 1] if k > 0 and doc[k].text == "," else None
        if name is not None and name.text == ")" and k > 3:
            # "Roy Cooper (D), the attorney general, called": the name before its party tag
            o = next((i for i in range(k - 2, max(0, k - 7), -1) if doc[i].text == "("), None)
            name = doc[o - 1] if o else None
        if name is not None and not _inside(quoted, name.idx) and (name.ent_type_ in ("PERSON", "ORG") or (
                name.pos_ == "PROPN" and name.ent_type_ not in NOT_SPEAKER_LABELS and name.ent_type_ != "GPE")):
            return name
    # "..., said Stoltenberg": a name right after the cue (never after a gerund, whose name is
    # its object: "stopped short of calling Weber's plan ...")
    if not mark_seen and cue.tag_ != "VBG":
        for t in doc[cue.i + 1: min(len(doc), cue.i + 4)]:
            if t.ent_type_ in ("DATE", "TIME"):
                continue   # "said Thursday"
            if _inside(quoted, t.idx) or t.dep_ == "mark" or t.pos_ in ("SCONJ", "VERB", "AUX", "ADP"):
                break
            if t.ent_type_ in ("PERSON", "ORG") or t.pos_ == "PROPN":
                return t
            if t.is_punct:
                break
    # "... by telling voters that ...": a gerund after a preposition speaks for the clause it
    # modifies
    if cue.tag_ == "VBG" and cue.dep_ == "pcomp" and cue.head.dep_ == "prep":
        verb = cue.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.i != cue.i:
            subj = subject_of(verb, quoted)
            if subj is not None:
                return subj
    # "a report released on Thursday suggesting that ...": the report speaks ("reports written
    # by analysts" are what is written, not who writes)
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.dep_ in ("nsubj", "pobj", "appos", "ROOT") \
            and not _inside(quoted, cue.head.idx):
        return cue.head
    # "Sen. John Thune, a member of the leadership, called on him to withdraw": parsed as a
    # clause of "leadership" in a verbless sentence whose root is the speaker's name
    if cue.dep_ == "acl" and cue.tag_ in ("VBD", "VBZ", "VBP") and cue.sent.root.pos_ in ("PROPN", "NOUN") \
            and cue.sent.root.i < cue.i and not _inside(quoted, cue.sent.root.idx):
        return cue.sent.root
    # "issued a statement declaring ...": the statement's issuer speaks
    if cue.dep_ == "acl" and cue.head.dep_ in ("dobj", "obj") and cue.head.head.pos_ in ("VERB", "AUX"):
        verb = cue.head.head
        for c in verb.children:
            if c.dep_ == "nsubj" and not _inside(quoted, c.idx):
                return c
    # a subject the parser hung on a neighbouring clause ("As Johnson, keen to ..., warned")
    if cue.dep_ in ("advcl", "conj", "ccomp", "csubj"):
        for t in reversed(list(doc[cue.sent.start: cue.i])):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN", "PRON") and not _inside(quoted, t.idx):
                return t
    return None


def is_cue(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") or (tok.is_upper and len(tok) > 1):
        return False  # "BIDEN WARNS OF ...": a headline, not reported speech
    lemma = tok.lemma_.lower()
    if lemma in ("find", "show") and any(c.dep_ == "prt" for c in tok.children):
        return False  # "to find out what ...", "show up": not a finding reported
    if lemma in AS_OBJECT_CUES:
        return any(c.dep_ == "dobj" and c.lower_ == AS_OBJECT_CUES[lemma] for c in tok.children) \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    return lemma in CUES or (lemma in PHRASAL_CUES and any(c.dep_ == "prt" and c.lower_ == PHRASAL_CUES[lemma]
                                                            for c in tok.children))


# ------------------------------------------------------------------ the component

@Language.factory("livebrief_quotes", requires=["doc._.lb_entities"], assigns=["doc._.lb_quotes"])
def make_quotes(nlp, name):
    from ..settings import from_env

    options = from_env()
    return QuotesComponent(options.attribution_threshold, options.quote_units)


class QuotesComponent:
    def __init__(self, attribution_threshold: float = 1.0, units: str = "quotations"):
        self.attribution_threshold = attribution_threshold
        self.units = units

    def __call__(self, doc: Doc) -> Doc:
        quotes = extract_quotes(doc, self.attribution_threshold)
        doc._.lb_quotes = as_attributions(text_of(doc), quotes) if self.units == "attributions" else quotes
        return doc


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right([s for s, _ in spans], pos) - 1
    return i >= 0 and spans[i][0] - 1 <= pos <= spans[i][1]


def _speaker_for_cue(res: SpeakerResolver, cue: Token, last_speaker=None):
    if cue.lower_ == "according":
        for t in cue.subtree:
            if t.dep_ == "pobj":
                return res.resolve(t, last_speaker)
        return None, None, None
    subj = subject_of(cue, res.quoted)
    if subj is None:
        # '"...," said Skelly, explaining ...': a name right after the cue that the parser did
        # not make its subject (it took the surname for an adverb)
        nxt = res.doc[cue.i + 1] if cue.i + 1 < len(res.doc) else None
        m = res.mention_at(nxt) if nxt is not None and nxt.dep_ not in ("dobj", "dative", "pobj") else None
        if m is not None and m.label == "PERSON" and cue.i > 0 and res.doc[cue.i - 1].is_quote:
            return m.canonical, m.start, m.end
        return None, None, None
    between = text_of(res.doc)[min(subj.idx, cue.idx): max(subj.idx, cue.idx)]
    if "\n" in between or re.search(r"[?!](?=[A-Z][a-z])", between):  # "...Survive?The NATO chief said"
        # a speaker is in the cue's paragraph, never in a heading above it: the parser joins a
        # heading to the next paragraph's first sentence; the subject is in that paragraph
        lo = cue.sent.start_char
        para = max([text_of(res.doc).rfind("\n", lo, cue.idx), *(lo + m.end() - 1 for m in re.finditer(
            r"[?!](?=[A-Z][a-z])", text_of(res.doc)[lo:cue.idx]))]) + 1
        subj = next((t for t in reversed(res.doc[cue.sent.start: cue.i]) if t.idx >= para
                     and t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("PROPN", "NOUN", "PRON")
                     and not _inside(res.quoted, t.idx)), None)
        if subj is None:
            return None, None, None
    if subj.dep_ == "nsubjpass" and subj.head.i == cue.i and cue.lemma_.lower() != "quote":
        # "Russia would be assured that ...": a passive speech verb's subject is who hears it
        for c in cue.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return res.resolve(p, last_speaker)
        return None, None, None
    if subj.i > cue.i and subj.ent_type_ in ("GPE", "LOC") and subj.dep_ != "nsubj":
        return None, None, None
    if subj.i > cue.i and subj.ent_type_ == "GPE" and any(c.dep_ in ("ccomp",) for c in cue.children) \
            and not (subj.dep_ == "nsubj" and subj.head.i == cue.i and getattr(res.mention_at(subj), "label", "") == "PERSON"):
        # (a person the model took for a place, the cue's own subject after a quotation, speaks:
        # '"...," said Borges')
        return None, None, None  # "warning Britain is facing ...": the place is the clause's subject
    return res.resolve(subj, last_speaker)


_NAME_SHAPE = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")


def _lone_surname(tok: Token) -> bool:
    """A one-word name as the subject of a speech verb ("Zelenskyy said"), which may be a person
    whatever the model called it: not a demonym ("Russians"), an organisation's word or a place the
    gazetteer knows."""
    low = tok.text.lower()
    if tok.dep_ != "nsubj" or not is_cue(tok.head) or not _NAME_SHAPE.fullmatch(tok.text) \
            or low in DEMONYMS or low.removesuffix("s") in DEMONYMS:
        return False
    from .entities import ORG_WORDS, _notable_place  # (the gazetteer last: the cheap tests first)

    return low not in ORG_WORDS and not _notable_place(tok.text)


def _untagged_surname(cue: Token, name: str | None) -> bool:
    """The cue's subject is a lone name the model left untagged ("Zelenskyy said")."""
    subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    return name is not None and subj is not None and subj.text == name and subj.pos_ == "PROPN" \
        and not subj.ent_type_ and _lone_surname(subj)


# a legislator's party and state or district, in parentheses after the name ("D-Mo.", "R-Utah")
_PARTY_TAG = re.compile(r"[DRI]-[A-Z]")
_GLUED_HEADING = re.compile(r".*[?!](?=[A-Z][a-z])")
# words in capitals, one of them longer than an acronym: not how an article names a speaker
_SHOUTED_NAME = re.compile(r"(?=.*[A-Z]{6})[A-Z][A-Z .,'’&-]*")


def cue_speakers(res: SpeakerResolver, cues: list[Token]) -> dict[int, tuple]:
    """Each cue's speaker, in text order, so that "he said" can mean the last named speaker."""
    out: dict[int, tuple] = {}
    last: tuple[int, str] | None = None
    persons = {m.canonical for m in res.persons}
    orgs = {m.canonical for m in res.ents if m.label == "ORG"}
    # (a lone name the model called an organisation, speaking: "he said" and "it said" may both mean it)
    either = {m.canonical for m in res.persons if m.label != "PERSON"}
    prev = None
    for cue in cues:
        spk = _speaker_for_cue(res, cue, last)
        if spk[0] and _SHOUTED_NAME.fullmatch(spk[0]):
            # a dateline or a heading in capitals ("LOS ANGELES", "BORROWING"), not the speaker; the
            # name right before the cue is ("THE BORROWING Back then, Mr. Lee said")
            j = cue.i - 1
            while j >= 0 and res.doc[j].dep_ in ("advmod", "aux", "neg") and res.doc[j].pos_ in ("ADV", "AUX", "PART"):
                j -= 1
            m = res.mention_at(res.doc[j]) if j >= 0 else None
            ok = m is not None and m.label in ("PERSON", "ORG") and not _SHOUTED_NAME.fullmatch(m.canonical)
            spk = (m.canonical, m.start, m.end) if ok else (None, None, None)
        elif spk[0] and _PARTY_TAG.match(spk[0]) and spk[1] is not None:
            # "Rep. Ana Wolfe (D-Newport News) said": the party and district after a legislator's
            # name are not the speaker; the person named right before them is
            m = next((m for m in reversed(res.persons) if m.end <= spk[1] and spk[1] - m.end <= 30), None)
            spk = (m.canonical, m.start, m.end) if m is not None else (None, None, None)
        elif spk[0] and _GLUED_HEADING.match(spk[0]):
            # a heading the text runs into the name ("...propaganda?Sergei Lavrov"): the name after it
            cut = _GLUED_HEADING.match(spk[0]).end()
            spk = (spk[0][cut:], spk[1] + cut if spk[1] is not None else None, spk[2])
        if spk[0] is None and prev is not None and prev.sent.start == cue.sent.start and out[prev.i][0] \
                and cue.tag_ in ("VBD", "VBZ", "VBP") and cue.dep_ in ("ROOT", "conj", "ccomp") \
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) \
                and not any(c.dep_ == "mark" for c in prev.children):
            # '... told a call: "..." but added that "..."': a finite cue with no subject of its own
            # in the sentence of an attributed one continues that speaker ("As X reported, ..."
            # does not: X reports the rest, it does not say it)
            spk = out[prev.i]
        if spk[0] is None and cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp") and cue.head.i in out \
                and out[cue.head.i][0] and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            # '"...," said Skelly, explaining that ...': the participle's speaker is its verb's
            spk = out[cue.head.i]
        out[cue.i] = spk
        if spk[0] and spk[1] is not None and spk[0] not in persons:
            res.described[spk[0].split()[-1].lower()] = (cue.idx, spk[0])
        if spk[0] in persons or (spk[0] not in orgs and _untagged_surname(cue, spk[0])):
            last = (cue.idx, spk[0])  # only a named person is what a later "he" or "the minister" means
        if spk[0] in orgs and (spk[0] not in persons or spk[0] in either):
            res.last_org = (cue.idx, spk[0])
        prev = cue
    return out


# "said on NBC's 'Meet the Press'", "told 'Larry King Now'": the name of a programme or a
# publication in marks, in capitals word by word, where it was said; not a quotation
_WHERE_SAID = re.compile(r"\b(?:on|in|to|told)\s+(?:(?:[A-Z][\w.&-]*\s+){0,3}?[A-Z][\w.&-]*['’]s?\s+)?[\"“‘']$")
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d\w*")
TITLE_SMALL_WORDS = _EN.set("titles", "small_words")


def _programme_title(text: str, start: int, end: int) -> bool:
    words = _TITLE_WORD.findall(text[start:end])
    if not 1 < len(words) <= 6 or re.search(r"[;:?!]|,.", text[start:end]) or not _WHERE_SAID.search(text[max(0, start - 40):start]):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words)


# what marks enclose in a page's embedded posts: a number, a link, a handle ("@name", "pic.twitter.com/...")
_LINK_OR_HANDLE = re.compile(r"\S*(?:https?://|www\.|\.com\b|@\w)\S*")


_NICKNAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?")


def _nickname(text: str, start: int, end: int) -> bool:
    """Whether the marks at ``start``/``end`` enclose a nickname between a first name and a surname
    (Ruth "Roo" Alvarez): a word or two in capitals, a capitalised word on either side."""
    return _NICKNAME.fullmatch(text, start, end) is not None \
        and re.search(r"\b[A-Z][a-z]+ $", text[max(0, start - 20): start - 1]) is not None \
        and re.match(r" [A-Z][a-z]", text[end + 1: end + 4]) is not None


def _no_words(quoted: str) -> bool:
    """Whether marks enclose no words anyone said: digits alone, or one link or handle."""
    return re.search(r"[^\W\d_]{2}", quoted) is None or _LINK_OR_HANDLE.fullmatch(quoted.strip(" .,;:")) is not None


def extract_quotes(doc: Doc, attribution_threshold: float = 1.0) -> list[Quote]:
    """Direct quotes, then reported speech; with ``attribution_threshold`` below 1, also the
    reported statements the attribution model finds at that probability or above."""
    text = text_of(doc)
    # (nor a markup attribute's value left in the text: <tweet author="...">, nor a nickname
    # inside a name: Ruth "Roo" Alvarez)
    direct = [(s, e) for s, e in find_direct(text) if not _programme_title(text, s, e) and not _no_words(text[s:e])
              and text[max(0, s - 2): s - 1] != "=" and not _nickname(text, s, e)]
    turns = transcript_turns(text)
    if turns:
        # a transcript's turn is one quotation; marks inside it quote within it
        direct = [(s, e) for s, e in direct if not any(t.label_start - 2 <= s <= t.end for t in turns)]
    remarks = delivered_remarks(text) if not turns else None
    speech = remarks.paragraphs if remarks is not None else []
    if speech:
        # a speech's text after "AS DELIVERED": each paragraph is one quotation of its speaker
        direct = [(s, e) for s, e in direct if not any(ps - 1 <= s <= pe for ps, pe in speech)]
    quoted = sorted(direct + [(t.start, t.end) for t in turns] + speech)
    res = SpeakerResolver(doc, quoted)
    cues = [t for t in doc if (is_cue(t) or (t.lower_ == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(doc) else False))
            and not _inside(quoted, t.idx)]
    speakers = cue_speakers(res, cues)
    out: list[Quote] = []
    prev: Quote | None = None
    prev_cue: int | None = None
    for s, e in direct:
        q = Quote(text[s:e], "direct", s, e)
        cue = None
        open_mark = s - 1
        sent_end = _sentence_end(text, e, quoted)
        sent_start = _sentence_start(text, open_mark, quoted)
        lead = text[:open_mark].rstrip()
        strong = [c for c in cues if c.lemma_.lower() not in CLAUSE_ONLY]
        before = [c for c in strong if sent_start <= c.idx < s]
        after = [c for c in strong if e < c.idx < sent_end]
        weak = [c for c in cues if sent_start <= c.idx < sent_end and c.lemma_.lower() in CLAUSE_ONLY]
        embedded = bool(re.search(r"\w", text[sent_start:max(sent_start, open_mark)]))
        signed = _signed_by(res, e)
        if signed is not None:
            # '"..." ― Maria Lopez': a quotation signed after a dash
            q.speaker, q.speaker_start, q.speaker_end, q.cue = signed
            q.route = "signed"
        # (a) X said: "..." -- a colon right before the quotation names its speaker
        elif lead.endswith(":"):
            floor = _sentence_start(text, len(lead) - 1, quoted)
            cand = [c for c in strong if floor <= c.idx < len(lead)]
            if cand:
                cue, route = cand[-1], "cue-colon"
            else:
                # 'Gerald Seib, The Wall Street Journal: "..."' -- a name and a colon, no verb
                m = res.mention_at_end(len(lead) - 1, floor)
                # (a label opens its line: a name that ends a clause with a verb before it, "...
                # debunk the idea of a war with NATO: '...'", is no speaker's label)
                if m is not None and not any(t.pos_ in ("VERB", "AUX") for t in doc.char_span(
                        floor, m.start, alignment_mode="expand") or ()):
                    q.speaker, q.speaker_start, q.speaker_end, q.cue = m.canonical, m.start, m.end, ":"
                    q.route = "name-colon"
        if cue is None and q.cue is None and before \
                and re.fullmatch(r"\s*,\s*", text[before[-1].idx + len(before[-1].text):open_mark]):
            # 'X boasted, "That makes me rich."': a speech verb, a comma, then the quotation it
            # introduces, however the parser hung the quotation
            cue, route = before[-1], "cue-comma"
        if cue is None:
            governing = [c for c in before if _governs(doc, c, s, e)] if embedded else []
            if embedded and before and (governing or len(q.text.split()) > SCARE_QUOTE_WORDS):
                # a fragment inside a sentence: the nearest speech verb before it reports it, if
                # any speech verb's clause holds it ("As Johnson warned of a 'lightning' strike,
                # Biden talked of a 'world-changing' conflict": the second is Biden's, whose verb
                # is no cue)
                cue, route = before[-1], "cue-governs" if governing else "cue-before-fragment"
            elif embedded and before:
                cue = None
            elif after:
                # "...," X said -- a cue after the quotation in its sentence
                cue, route = after[0], "cue-after"
            elif before:
                cue, route = before[-1], "cue-before"
            elif weak:
                cue, route = weak[0], "cue-weak"
        if q.cue in (":", "―"):
            pass
        elif cue is not None:
            q.speaker, q.speaker_start, q.speaker_end = speakers[cue.i]
            q.route = route
            q.cue = cue.text if cue.lower_ != "according" else "according to"
        elif prev is not None and prev.speaker and _continues(text, prev, s, cues, prev_cue, quoted, speakers):
            # (d) a quotation interrupted by its attribution, or running on in the next paragraph
            q.speaker, q.speaker_start, q.speaker_end, q.cue = prev.speaker, prev.speaker_start, prev.speaker_end, prev.cue
            q.route = "continues"
        out.append(q)
        prev, prev_cue = q, (cue.i if cue is not None else prev_cue)
    for t in turns:
        out.append(Quote(text[t.start:t.end], "direct", t.start, t.end, *_turn_speaker(res, t), cue=":", route="turn"))
    out.extend(_remarks_quotes(res, text, remarks))
    indirect = _indirect(doc, speakers, cues, quoted)
    indirect += _noun_reports(res, quoted, indirect)
    indirect = [r for r in indirect if not _heading_line(text, r.start)   # a heading reports nothing
                and (r.speaker_start is None or not _heading_line(text, r.speaker_start))]
    named = {m.canonical for m in res.ents if m.label in ("PERSON", "ORG")}
    _paragraph_quotes_follow_their_speaker(text, out, indirect, named)
    _labelled_paragraphs_speak(res, text, out)
    _open_paragraphs_take_the_closing_attribution(text, out)
    # an unattributed fragment quoted inside reported speech belongs to whoever is reported
    for q in out:
        if q.speaker is not None or q.route == "turn":
            continue   # (a reporter's turn stays unnamed: "Q: John, ..." asks John)
        holders = [r for r in indirect if r.start <= q.start and q.end <= r.end and r.speaker]
        if holders:
            r = min(holders, key=lambda r: r.end - r.start)
            q.speaker, q.speaker_start, q.speaker_end, q.cue = r.speaker, r.speaker_start, r.speaker_end, r.cue
            q.route = "inside-reported"
        else:
            # (a quotation of any length inside a sentence with no speech verb: "Lowe has gone
            # after the plan as 'a gift to the few who ...'")
            q.speaker, q.speaker_start, q.speaker_end = _scare_quote_owner(res, q)
            q.route = "fragment-owner"
    for q in out + indirect:
        if _no_one(q.speaker):
            q.speaker = q.speaker_start = q.speaker_end = None
    calibration = speaker_calibration()
    if calibration is not None:
        for q in out:
            q.confidence = calibration.confidence(q.route, q.speaker is not None)
    out.extend(indirect)
    out.extend(_learned_attributions(res, quoted, out, attribution_threshold))
    out.sort(key=lambda x: (x.start, x.end))
    return out


# what a description names when it names no one: a document, something said, an event
_THINGS = DOCUMENTS | SPEECH_NOUNS | _EN.set("speech", "events") | WRITINGS
_DESCRIPTION_HEAD = re.compile(r"^[^A-Z]*?([a-z]+?)(?:s)?(?:\s+(?:of|for|at|from|by|in|on|with)\b.*)?$")


def _no_one(speaker: str | None) -> bool:
    """Whether a speaker is a description with no name in it whose head is a thing, not a person
    or a body: "the leaked emails", "that comment", "course description", "the invasion"."""
    if not speaker or any(c.isupper() for c in speaker):
        return False
    m = _DESCRIPTION_HEAD.match(speaker)
    return m is not None and (m.group(1) in _THINGS or m.group(1) + "s" in _THINGS)


def as_attributions(text: str, quotes: list[Quote]) -> list[Quote]:
    """The quotes as PolNeAR counts attributions: the parts of a quotation its attribution
    interrupts ('"...," she said. "..."') one record, from the first part's start to the last
    part's end; a quoted fragment inside a reported clause no record of its own."""
    reported = [q for q in quotes if q.kind == "indirect"]
    out: list[Quote] = []
    for q in quotes:
        if q.kind == "direct" and any(r.start <= q.start and q.end <= r.end for r in reported):
            continue
        last = out[-1] if out else None
        if last is not None and q.kind == last.kind == "direct" and q.speaker and q.speaker == last.speaker \
                and q.cue == last.cue and "\n" not in text[last.end:q.start] \
                and len(re.sub(r"[\s“”\"'‘’«»„]", "", text[last.end:q.start])) < 120:
            out[-1] = Quote(text[last.start:q.end], "direct", last.start, q.end, last.speaker, last.speaker_start,
                            last.speaker_end, last.cue, last.confidence)
            continue
        out.append(q)
    return out


def _learned_attributions(res: SpeakerResolver, quoted, found: list[Quote], threshold: float) -> list[Quote]:
    """Reported statements the rules do not know, from the attribution model: each verb's most
    probable complement at ``threshold`` or above, unless a quotation already holds it. The
    rules' own reported speech gets the probability of its cue's best candidate (its confidence)."""
    model = attribution_model()
    if model is None:
        return []
    doc = res.doc
    best: dict[int, tuple[float, Candidate]] = {}
    cue_words = {q.cue for q in found if q.kind == "indirect"}
    # (speech verbs only: just the rules' cues are scored, for their confidence)
    only = (lambda v: v.text in cue_words) if threshold >= 1.0 else None
    for c in candidates(doc, CUES, lambda v: subject_of(v, quoted), lambda i: _inside(quoted, i), only):
        p = model.probability(c.features)
        if c.verb.i not in best or p > best[c.verb.i][0]:
            best[c.verb.i] = (p, c)
    by_cue = {}
    for q in found:
        if q.kind == "indirect":
            by_cue.setdefault(q.cue, []).append(q)
    out: list[Quote] = []
    spans = [(q.start, q.end) for q in found]
    for p, c in sorted(best.values(), key=lambda pc: pc[1].start):
        ruled = [q for q in by_cue.get(c.verb.text, []) if _overlap(q.start, q.end, c.start, c.end) > 0.5]
        for q in ruled:
            q.confidence = round(p, 3)
        if ruled or p < threshold or any(_overlap(s, e, c.start, c.end) > 0.5 for s, e in spans):
            continue
        speaker = _speaker_for_cue(res, c.verb)
        out.append(Quote(text_of(doc)[c.start:c.end], "indirect", c.start, c.end, *speaker, cue=c.verb.text,
                         confidence=round(p, 3)))
        spans.append((c.start, c.end))
    return out


def _overlap(s1: int, e1: int, s2: int, e2: int) -> float:
    """The share of the shorter span that the two spans have in common."""
    return max(0, min(e1, e2) - max(s1, s2)) / max(1, min(e1 - s1, e2 - s2))


def _signed_by(res: SpeakerResolver, end: int) -> tuple[str, int, int, str] | None:
    """(speaker, start, end, cue) of the name signing the quotation whose text ends at ``end``."""
    text = text_of(res.doc)
    close = end
    while close < len(text) and text[close] in " \t":
        close += 1
    if close >= len(text) or text[close] not in "”\"’'»":
        return None
    span = signer(text, close)
    below = span is None
    if below:
        span = signer_below(text, close)
        if span is None:
            return None
    name = res.doc.char_span(span[0], span[1], alignment_mode="expand")
    m = res.mention_at(name[0]) if name else None
    if m is not None and m.label in ("PERSON", "ORG"):
        return m.canonical, m.start, m.end, "―"
    if below:
        return None   # a line under a quotation signs it only when it names someone, not a heading
    return text[span[0]:span[1]], span[0], span[1], "―"


def _turn_speaker(res: SpeakerResolver, turn) -> tuple[str | None, int | None, int | None]:
    """The person or organisation a transcript's label names ("PENCE" is the article's "Mike
    Pence"), else the label's name as a name is written; nobody for "Q" (a reporter unnamed)."""
    if is_reporter(turn.label):
        return None, None, None
    name = label_name(turn.label)
    end = turn.label_start + len(turn.label)
    for m in res.ents:
        if m.label in ("PERSON", "ORG") and m.canonical.split()[-1].lower() == name.lower() \
                and not m.canonical.isupper():   # (the labels themselves, read as names)
            return m.canonical, turn.label_start, end
    return name, turn.label_start, end


def _paragraph_quotes_follow_their_speaker(text: str, direct: list[Quote], indirect: list[Quote],
                                           named: set[str]) -> None:
    """A paragraph that is nothing but a quotation, with no attribution of its own, carries on the
    speech reported at the end of the paragraph before it (news copy: "Zelensky said there were
    lines of traffic leaving Crimea.\n\n“The majority of ... feel that Crimea is not for them.”")."""
    # only a person or an organisation the article names is carried on, never a description
    attributed = sorted((q for q in direct + indirect if q.speaker in named), key=lambda q: q.end)
    ends = [q.end for q in attributed]
    for q in direct:
        if q.speaker is not None:
            continue
        para_start = text.rfind("\n", 0, q.start) + 1
        para_end = text.find("\n", q.end)
        para_end = len(text) if para_end < 0 else para_end
        i = bisect.bisect_right(ends, q.start) - 1
        if i >= 0 and attributed[i].start >= para_start and _sentence_after(text, attributed[i].end, q):
            # in the paragraph: "X called him a master at ... . "He showed again and again ..."" goes
            # on with the speech reported in the sentence before
            src = attributed[i]
            q.speaker, q.speaker_start, q.speaker_end, q.cue = src.speaker, src.speaker_start, src.speaker_end, src.cue
            q.route = "sentence-before"
            continue
        if re.sub(r"[\s“”\"'‘’«»„]", "", text[para_start:q.start] + text[q.end:para_end]) or para_start == 0:
            continue
        prev_para = text.rfind("\n", 0, para_start - 1)
        prev_start = text.rfind("\n", 0, prev_para) + 1 if text[prev_para + 1:para_start].strip() == "" else prev_para + 1
        i = bisect.bisect_right(ends, para_start) - 1
        if i >= 0 and attributed[i].end >= prev_start and attributed[i].start < para_start:
            src = attributed[i]
            q.speaker, q.speaker_start, q.speaker_end, q.cue = src.speaker, src.speaker_start, src.speaker_end, src.cue
            q.route = "paragraph-before"


# a paragraph that opens with a name and a colon: a headline's speaker ("Mayor Holt: Bridge
# 'will reopen by June'"); one label, not a transcript's turns
_LABELLED = re.compile(r"([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}):[ \t]")


def _labelled_paragraphs_speak(res: SpeakerResolver, text: str, direct: list[Quote]) -> None:
    """A quotation with nobody attributed, in a paragraph that opens with a person's or an
    organisation's name and a colon, is that name's: how a headline attributes."""
    for q in direct:
        if q.speaker is not None or q.kind != "direct" or q.route == "turn":
            continue   # (a reporter's turn, "QUESTION: ...", stays unnamed)
        para = text.rfind("\n", 0, q.start) + 1
        m = _LABELLED.match(text, para, q.start)
        if m is None:
            continue
        who = res.mention_at_end(m.end(1), para)
        if who is not None:
            q.speaker, q.speaker_start, q.speaker_end, q.cue = who.canonical, who.start, who.end, ":"
            q.route = "labelled-paragraph"


def _remarks_quotes(res: SpeakerResolver, text: str, remarks) -> list[Quote]:
    """A speech's paragraphs after "AS DELIVERED", each a quotation of the first person its header
    names ("Remarks by Ambassador X")."""
    if remarks is None:
        return []
    who = next((m for m in res.persons if m.label == "PERSON" and m.end <= remarks.header[1]), None)
    speaker = (who.canonical, who.start, who.end) if who is not None else (None, None, None)
    return [Quote(text[s:e], "direct", s, e, *speaker, route="remarks") for s, e in remarks.paragraphs]


# a heading: a short line that no sentence mark ends
HEADING_WORDS = 16


def _heading_line(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is a heading of the text's head: a short line with no full
    stop, question or exclamation mark, colon or quotation mark at its end, under lines that are
    all such too (a line left without its full stop further down is a sentence)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start:len(text) if end < 0 else end].strip()

    def unfinished(line: str) -> bool:
        return len(line.split()) <= HEADING_WORDS and line[-1] not in ".!?:;\"”’')…,"
    return bool(line) and unfinished(line) and all(unfinished(x.strip()) for x in text[:start].split("\n") if x.strip())


def _sentence_after(text: str, end: int, q: Quote) -> bool:
    """Whether the quotation ``q`` is a sentence of its own, right after the sentence that ends
    near ``end`` in the same paragraph."""
    gap = text[end:q.start]
    rest = text[q.end:_sentence_end(text, q.end, [(q.start, q.end)])]
    return "\n" not in gap and len(gap) < 40 and len(re.findall(r"[.!?](?=[\s“\"‘']|$)", gap)) == 1 \
        and not re.search(r"\w", rest) and re.fullmatch(r"[^\w]*", gap.rsplit(".", 1)[-1]) is not None


def _open_paragraphs_take_the_closing_attribution(text: str, direct: list[Quote]) -> None:
    """A quotation over several paragraphs leaves each paragraph but the last open and is attributed
    once, at its end ("...\n\n"...\n\n"... ," he said): every open paragraph before it is that
    speaker's."""
    for q, nxt in reversed(list(itertools.pairwise(direct))):
        if q.speaker is None and nxt.speaker is not None and q.kind == nxt.kind == "direct" \
                and text[q.end:q.end + 1] in ("\n", "") and re.fullmatch(r"\s*\n\s*[“\"‘'«„]\s*", text[q.end:nxt.start]):
            q.speaker, q.speaker_start, q.speaker_end, q.cue = nxt.speaker, nxt.speaker_start, nxt.speaker_end, nxt.cue
            q.route = "closing-attribution"


# a few quoted words inside a sentence with no speech verb ("Putin has given Kyiv's 'western
# puppets' a shock") are the words of the person or organisation the sentence is about
SCARE_QUOTE_WORDS = 6


def _scare_quote_owner(res: SpeakerResolver, q: Quote) -> tuple[str | None, int | None, int | None]:
    doc = res.doc
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.sent.start_char >= q.start - 1:
        return None, None, None  # a quotation that opens its sentence is not a fragment
    tok = span.root
    first_clause = True
    for _ in range(8):
        if tok.lemma_.lower() in SPEECH_NOUNS:
            # "Putin's accusations of the West attempting to 'destroy Russia'": whose words they are
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and owner.pos_ == "PROPN":
                m = res.mention_at(owner)
                if m is not None and m.label in ("PERSON", "ORG"):
                    return m.canonical, m.start, m.end
        that_clause = tok.dep_ in ("acl", "ccomp") and any(c.dep_ == "mark" and c.lower_ in ("that", "whether")
                                                          for c in tok.children)
        if tok.pos_ in ("VERB", "AUX") and not (first_clause and that_clause):
            # (the subject of the "that" clause holding the fragment is what is spoken of:
            # "spreading the idea that Slovakia has 'lost ...'" is Fico's fragment, not Slovakia's)
            for c in tok.children:
                if c.dep_ == "nsubj" and not _inside(res.quoted, c.idx):
                    if c.lower_ in PRONOUNS_PERSON:
                        # "he believes it is 'insufficient'": whoever "he" is
                        return res.resolve(c)
                    if c.lower_ in ("it", "this", "that", "which", "there"):
                        break   # a thing is the clause's subject: whoever speaks of it is higher up
                    m = res.mention_at(c)
                    if m is not None and m.label in ("PERSON", "ORG"):
                        return m.canonical, m.start, m.end
                    named = next((res.mention_at(a) for a in c.children if a.dep_ == "appos"), None)
                    if named is not None and named.label == "PERSON":
                        # "Another critic, Ada Lowe, likened the rules to 'a bonfire'": the name
                        # in apposition to the described subject
                        return named.canonical, named.start, named.end
                    return None, None, None
        if tok.pos_ in ("VERB", "AUX"):
            first_clause = False
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None, None, None


def _names_someone(tok: Token) -> bool:
    """Whether a description carries a name ("the head of American diplomacy Antony Blinken"):
    a person's tag, or two proper nouns in a row outside an institution's name, after its head."""
    after = [t for t in tok.subtree if t.i > tok.i]

    def name_like(t: Token) -> bool:   # (an institution's words are not a name: "the British Army")
        return t.pos_ == "PROPN" and t.ent_type_ not in ("ORG", "GPE")
    return any(t.ent_type_ == "PERSON" for t in after) or any(
        name_like(a) and name_like(b) and b.i == a.i + 1 for a, b in zip(after, after[1:], strict=False))


def _governs(doc: Doc, cue: Token, start: int, end: int) -> bool:
    """Whether the quotation at [start, end) lies in the cue's clause (the parse's subtree)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or cue.dep_ in ("ROOT", "parataxis") or cue.lower_ == "according" or (
            cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
            and not any((c.dep_ in ("dobj", "ccomp", "xcomp") and c.lower_ != AS_OBJECT_CUES.get(cue.lemma_.lower()))
                        or (c.dep_ == "prep" and c.lower_ in ("of", "about", "on")) for c in cue.children)):
        # "..., Mr. Stephenson said, would ..." and "as Adebin noted, ..." ("as she put it") attribute the sentence
        # ("as Sunak warned of a 'long winter', Macron ..." does not: that cue has its own object)
        return True
    return cue.left_edge.i <= span.root.i <= cue.right_edge.i or cue.left_edge.idx <= start < cue.right_edge.idx + len(cue.right_edge.text)


def _continues(text: str, prev: Quote, start: int, cues: list[Token], prev_cue: int | None, quoted,
               speakers: dict[int, tuple]) -> bool:
    """No other attribution between the previous quotation and this one, and little else (a cue of
    the same speaker may be, in the attribution's sentence, when the quotation goes on in the next
    sentence of the paragraph: '"...," said Caddell, speaking of X. "..."')."""
    opens = "\n" not in text[prev.end:start] and re.fullmatch(r"\s*(?:''|[“\"‘'])?", text[_sentence_start(text, start - 1, quoted):start])

    def same_speaker(c: Token) -> bool:
        # (a passive speech verb with nobody named, "the hearing he was called to", attributes
        # nothing: the quotation goes on)
        return (bool(opens) and speakers[c.i][0] == prev.speaker) or (
            speakers[c.i][0] is None and any(g.dep_ == "auxpass" for g in c.children))
    if any(prev.end < c.idx < start and c.i != prev_cue and not same_speaker(c) for c in cues):
        return False
    between = text[prev.end:start]
    for qs, qe in quoted:
        if prev.end < qs and qe < start:
            between = between.replace(text[qs:qe], "")
    if opens and any(c.i == prev_cue and prev.end < c.idx < start for c in cues) \
            and _sentence_end(text, prev.end, quoted) >= _sentence_start(text, start - 1, quoted) - 1:
        # '"...," said X, an economist who ... . "..."': the attribution's own sentence, however
        # long the description of its speaker, and the quotation goes on after it
        return True
    return len(re.sub(r"[\s“”\"'‘’«»„]", "", between)) < 120


# a period after these does not end a sentence ("Mr. Rove said.", "Sen. John Thune")
_ABBREVIATION = re.compile(r"(?:^|[\s(“\"])(?:" + "|".join(_EN.words("abbreviations", "period_goes_on")) + "|"
                           r"(?:[A-Z]\.)*[A-Z])$")   # initials and dotted acronyms: "J.", "U.S.", "F.B.I."


def _ends_sentence(text: str, at: int) -> bool:
    """Whether the mark at ``at`` ends a sentence: not the period of an abbreviation or initial."""
    return text[at] != "." or not _ABBREVIATION.search(text[max(0, at - 12):at])


def _sentence_end(text: str, pos: int, quoted) -> int:
    for m in re.finditer(r"[.!?](?=\s|$)|\n", text[pos:]):
        at = pos + m.start()
        if text[at] == "\n" or (not _inside(quoted, at) and _ends_sentence(text, at)):
            return at
    return len(text)


def _sentence_start(text: str, pos: int, quoted) -> int:
    i = pos
    while i > 0:
        ch = text[i - 1]
        if ch == "\n":
            return i
        if ch in ".!?" and i < len(text) and text[i].isspace() and not _inside(quoted, i - 1) \
                and _ends_sentence(text, i - 1):
            return i
        i -= 1
    return 0


# four words in capitals in a row: a headline or "CLICK HERE TO ..." inside the text
_SHOUTED = re.compile(r"\b[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]*){3,}\b")
_LEADING = re.compile(r"^(?:that|,|:|\s)+", re.I)


def _set_off_clause(cue: Token) -> Span | None:
    """The clause a speech verb set off by a comma attributes, the parser's parataxis: "The
    dam, the governor said, would ...", "Too often, she said, the clinics ...", "..., Reyes said,
    because ...". The clause the verb hangs on (a relative one included: "which, Kovacs said, is
    ..."), with the attribution inside it; None for any other cue."""
    if cue.dep_ != "parataxis" or any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
        return None
    doc = cue.doc
    lo = cue.left_edge.i
    while lo < cue.i and doc[lo].is_punct:
        lo += 1   # (the parser gives the verb the comma before its subject)
    if lo == 0 or doc[lo - 1].text not in (",", "—", "–"):
        return None
    head = cue.head
    # ("The problem now, she told us, is that ...": the parser may hang it on the subject noun
    # or on an auxiliary)
    while (head.pos_ not in ("VERB", "AUX") or head.dep_ in ("aux", "auxpass")) and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("VERB", "AUX") or head.i == cue.i:
        return None
    return doc[head.left_edge.i: head.right_edge.i + 1]


def _noun_reports(res: SpeakerResolver, quoted, found: list[Quote]) -> list[Quote]:
    """What a noun of speech reports in its that-clause ("Lowe's claim that the dam is safe", "the
    warning that prices would rise"): the clause, said by the noun's possessor where it has one."""
    doc, text = res.doc, text_of(res.doc)
    out = []
    for n in doc:
        if n.pos_ != "NOUN" or n.lemma_.lower() not in SPEECH_NOUNS or _inside(quoted, n.idx):
            continue
        clause = next((c for c in n.children if c.dep_ in ("acl", "relcl", "ccomp") and c.i > n.i and any(
            g.dep_ == "mark" and g.lower_ == "that" and g.i == n.i + 1 for g in c.children)), None)
        if clause is None:
            continue
        s, e = doc[n.i + 2].idx, doc[clause.right_edge.i].idx + len(doc[clause.right_edge.i].text)
        brk = text.find("\n", s, e)
        e = brk if brk != -1 else e
        while e > s and text[e - 1] in " ,.;:—–-":
            e -= 1
        if e - s < 8 or any(_overlap(q.start, q.end, s, e) > 0.5 for q in found):
            continue
        # (whose: the noun's possessor, or who made it: "the ministry repeated its warning that")
        # ("Lowe claims that ...", a verb the model took for a noun: the name before it)
        owner = next((c for c in n.children if (c.dep_ == "poss" and c.pos_ != "PRON") or (
            c.dep_ == "compound" and c.pos_ == "PROPN" and n.dep_ == "ROOT")), None)
        if owner is None and n.dep_ == "dobj" and n.head.lemma_.lower() in UTTERING:
            owner = next((c for c in n.head.children if c.dep_ == "nsubj"), None)
        speaker = res.resolve(owner) if owner is not None else (None, None, None)
        mine = next((c for c in n.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if owner is None and mine is not None:
            # "his claim that ...": whom "he" would mean
            m = res.last_person_before(mine.idx, doc, "he" if mine.lower_ == "his" else "she")
            speaker = (m.canonical, mine.idx, mine.idx + len(mine.text)) if m is not None else speaker
        out.append(Quote(text[s:e], "indirect", s, e, *speaker, cue=n.text))
    return out


def _named_in_quotes(cue: Token, quoted) -> Span | None:
    """'called the plan "a disgrace"', 'described the deal as "a betrayal"': the object and what
    the speaker named it, where the name has quoted words; None for any other use of the verb."""
    if cue.lemma_.lower() not in NAMING_CUES or cue.i < 1:
        return None
    doc = cue.doc
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    name = next((c for c in cue.children if c.i > cue.i and (c.dep_ == "oprd" or (
        c.dep_ == "prep" and c.lower_ == "as"))), None)
    if obj is None or name is None or name.i < obj.i:
        return None
    lo, hi = obj.left_edge.i, name.right_edge.i + 1
    if not any(_inside(quoted, t.idx) for t in doc[name.i: hi] if t.is_alpha):
        return None
    # (up to the end of the name's quotation: "... 'a genius' for his strategy" stops at 'genius')
    last = max(t.i for t in doc[name.i: hi] if t.is_alpha and _inside(quoted, t.idx)) + 1
    while last < len(doc) and doc[last].is_quote or (last + 1 < len(doc) and doc[last].text in ".,"
                                                     and doc[last + 1].is_quote):
        last += 1
    return doc[lo: last]


def _reported_before(cue: Token, comp: Token) -> bool:
    """Whether a clause before its cue is what the cue reports ("Prices will rise, she said"):
    set off from the cue's subject by a comma or a dash, not by a colon or a semicolon, and not
    the subject of a participle that opens the sentence."""
    doc = cue.doc
    gap = doc[comp.right_edge.i + 1: cue.i]
    if any(t.text in (":", ";") for t in gap):
        return False
    return doc[comp.left_edge.i].dep_ != "csubj" and not any(t.dep_ == "csubj" and t.head.i == cue.i for t in doc[comp.left_edge.i: comp.i])


def _writer_turn(doc: Doc, lo: int, hi: int, quoted) -> int | None:
    """Where a reported clause between characters ``lo`` and ``hi`` turns to the writer's own
    words: the comma before a conjunction of concession ("although", "though", "whereas") or
    before a "but" that opens a clause with a subject of its own; None where it does not."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    if span is None:
        return None
    for t in span:
        if t.i == 0 or doc[t.i - 1].text != "," or _inside(quoted, t.idx):
            continue
        low = t.lower_
        if (low in CONCESSIONS and t.dep_ == "mark") or (low == "even" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "though"):
            return doc[t.i - 1].idx
        if low == "but" and t.dep_ == "cc" and any(c.dep_ == "conj" and c.i > t.i and any(
                g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in t.head.children):
            return doc[t.i - 1].idx
    return None


def _indirect(doc: Doc, speakers: dict[int, tuple], cues: list[Token], quoted) -> list[Quote]:
    out = []
    text = text_of(doc)
    for cue in cues:
        lemma = cue.lemma_.lower()
        span: Span | None = None
        interposed: Token | None = None   # where the attribution inside the reported clause ends
        if cue.lower_ == "according":
            sent = cue.sent
            pp = doc[cue.left_edge.i: cue.right_edge.i + 1] if cue.dep_ else None
            head = cue.head
            if head.i == cue.i:
                continue
            root = head if head.dep_ == "ROOT" else sent.root
            parts = [t for t in root.subtree if not (cue.left_edge.i <= t.i <= cue.right_edge.i)]
            if len(parts) < 3:
                continue
            span = doc[parts[0].i: parts[-1].i + 1]
            if pp is not None and span.start <= pp.start < span.end:
                # content on one side of "according to X": keep the longer side
                left = doc[span.start: pp.start]
                right = doc[pp.end: span.end]
                span = left if len(left) >= len(right) else right
        else:
            comp = [c for c in cue.children if c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ")]
            if len(comp) > 1 and comp[0].i < cue.i < comp[-1].i and not _reported_before(cue, comp[0]):
                # "Tempers flared on Friday: Republicans said they were ...": a clause the cue's
                # sentence opens with, set off by a colon or a semicolon, or the subject of a
                # participle ("Writing for the panel, X noted that ..."), is the writer's; the
                # clause after the cue is what was said
                comp = comp[1:]
            if not comp and lemma not in CLAUSE_ONLY:
                # "X said after the meeting he would not ...", "posted overnight that ...": the
                # parser takes the clause after a prepositional phrase for an adverbial one; one
                # with a subject and no conjunction of its own ("if", "because") is what was said
                comp = [c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and c.pos_ in ("VERB", "AUX")
                        and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                        and not any(g.dep_ in ("mark", "advmod") and g.i < c.i and g.lower_ != "that"
                                    for g in c.children)][:1]
            if comp:
                c = comp[0]
                span = doc[c.left_edge.i: c.right_edge.i + 1]
                if c.dep_ == "advcl":   # (from its subject: "after the meeting" is when it was said)
                    span = doc[next(g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")).left_edge.i: span.end]
                subjects = [g for g in cue.children if g.dep_ == "nsubj" and g.i < cue.i]
                if c.i > cue.i and len(subjects) > 1 and [t.text for t in doc[subjects[0].right_edge.i - 1:
                                                                             subjects[-1].left_edge.i] if t.is_punct] == [","] \
                        and doc[subjects[0].right_edge.i].text == ",":
                    # "The new dam, the governor said, would flood ...": the parser leaves the
                    # reported clause's subject on the verb, before its speaker
                    span = doc[subjects[0].left_edge.i: c.right_edge.i + 1]
                    interposed = cue
            elif (named := _named_in_quotes(cue, quoted)) is not None:
                span = named
            elif (clause := _set_off_clause(cue)) is not None:
                span = clause
                interposed = cue.right_edge
            elif lemma in OBJECT_CUES and lemma not in CLAUSE_ONLY:
                right = [c for c in cue.children if c.i > cue.i and c.dep_ in ("dobj", "xcomp", "prep", "dative", "advcl", "prt")]
                # "urged X to ...", "accused X of ...", "called on X to ...": the listener alone
                # ("told a conference call") is not reported speech
                needs = ("xcomp", "prep", "dobj") if lemma == "deny" else ("xcomp",) if lemma in TOPIC_PREP_CUES \
                    else ("xcomp", "prep")
                if not any(c.dep_ in needs for c in right):
                    continue
                start = cue.i + 1
                while start < len(doc) and doc[start].dep_ in ("prt",) or (
                        start < len(doc) and doc[start].lower_ in ("on", "for") and doc[start].head.i == cue.i
                        and lemma == "call"):
                    start += 1
                end = cue.right_edge.i + 1
                # ("accused X of ..., and asserted that ...": the cue's own next verb is another
                # statement, not part of this one)
                end = min([end] + [(t.i - 1 if doc[t.i - 1].dep_ == "cc" else t.i) for t in cue.children
                                   if t.dep_ == "conj" and t.i > cue.i and t.pos_ == "VERB"])
                if end - start < 3:
                    continue
                span = doc[start:end]
            else:
                continue
        if span is None or len(span) < 3:
            continue
        if _UNNAMED.match(span.text):
            continue  # "asked not to be named": nothing was reported
        # the reported clause without a leading "that" and trailing punctuation
        s, e = span.start_char, span.end_char
        # ... and within the cue's paragraph: the parser runs a clause on into the next one
        brk = text.find("\n", max(s, cue.idx), e)
        if brk != -1:
            e = brk
        brk = text.rfind("\n", s, min(e, cue.idx))
        if brk != -1:
            s = brk + 1   # (nor from the one before: a byline, a heading)
        s += dateline_end(text[s:e])   # "KYIV -- Ukrainian forces repelled ..., the general staff said"
        m = _LEADING.match(text[s:e])
        if m:
            s += m.end()
        while e > s and text[e - 1] in " ,.;:—–-":
            e -= 1
        # a clause that runs past its cue ("..., he said") stops before the cue's subject; one the
        # attribution interrupts ("The dam, she said, would ...") keeps both its parts and,
        # between them, the attribution
        if interposed is not None and re.search(r"\w\W+\w", text[interposed.idx + len(interposed.text):e]):
            pass
        elif s < cue.idx < e:
            subj = subject_of(cue, quoted)
            cut = subj.left_edge.idx if subj is not None and subj.idx > s else cue.idx
            e = cut
            while e > s and text[e - 1] in " ,.;:—–-":
                e -= 1
        # a semicolon after the cue ends what it reports: the next clause is the writer's
        semi = next((i for i in range(max(s, cue.idx), e) if text[i] == ";" and not _inside(quoted, i)), None)
        if semi is not None:
            e = semi
        # so does a concession or a contrast after a comma ("..., though records show ...",
        # "..., but the bill would ..."): the writer weighing what was said
        turn = _writer_turn(doc, max(s, cue.idx), e, quoted)
        if turn is not None:
            e = turn
        if e - s < 8:
            continue
        inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quoted)
        if inside >= 0.6 * (e - s):
            continue  # the content is a direct quotation, already found
        spk, ss, se = speakers[cue.i]
        if _SHOUTED.search(text[s:e]):
            continue  # a headline or a promotion line caught in the clause
        out.append(Quote(text[s:e], "indirect", s, e, spk, ss, se,
                         "according to" if cue.lower_ == "according" else cue.text))
    return out
