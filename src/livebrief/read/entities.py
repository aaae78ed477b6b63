"""Entities with a canonical name inside the article.

- surnames -> the full name the article uses elsewhere ("Stoltenberg" -> "Jens Stoltenberg");
- titles the article ties to a person ("NATO chief Jens Stoltenberg", "Stoltenberg, the NATO
  chief,") so that a later "the NATO chief" resolves to him (``doc._.lb_titles``);
- acronyms <-> long forms ("North Atlantic Treaty Organization (NATO)"), plus a short table of
  the ones war coverage uses without spelling out;
- label repairs for the small model's commonest confusions (a one-word "person" that the article
  also uses as a place, possessive tails).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..lexicon import lexicon
from ..places.datelines import dateline_end  # noqa: F401 - the readers of aid and events skip it too
from ..places.variants import DEMONYMS
from ..text import text_of
from .spellings import key as spelling_key

_EN = lexicon("en")
# Acronyms that war coverage uses without spelling them out.
KNOWN_ACRONYMS: dict[str, str] = _EN.table("institutions", "acronyms")

# Head nouns of titles and roles that, with "the", refer back to a person named earlier.
TITLE_HEADS = frozenset().union(*(_EN.words("titles", name) for name in ("offices", "sole_offices", "office_words",
                                                                          "more_heads")))
# a single word the model may tag PERSON that names nobody: a title alone, a transcript's label for
# a reporter
_NOT_NAMES_ALONE = TITLE_HEADS.union(_EN.set("titles", "alone"), {w.lower() for w in _EN.words("speech", "unnamed_labels")})
# a title's qualifiers that come before a place's name too ("former Yugoslavia", "U.S.")
_NOT_HONORIFIC_BEFORE_PLACE = _EN.set("titles", "qualifiers")
# words before a name that are not the name: titles, ranks, courtesy titles and their qualifiers
HONORIFICS = TITLE_HEADS.union(*(_EN.words("titles", name) for name in ("abbreviated", "courtesy", "qualifiers")))
ORG_WORDS = _EN.set("institutions", "name_words")
# verbs whose subject is a person: speech ("Olaf Scholz said") and a few acts ("Scholz met")
SPEECH_LEMMAS = _EN.set("speech", "common_cues") | _EN.set("speech", "acts_of_people")
# what a person is, right before their name ("Ukrainian player Marta Kostyuk")
ROLE_NOUNS = _EN.set("titles", "roles")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PLACE_PREPS = _EN.set("places", "prepositions")
# what describes a place the model tagged as a person's name ("war-torn Kharkiv")
_PLACE_ADJECTIVES = _EN.set("places", "describing_adjectives")
# a title's or a description's article, which the role leaves out ("the NATO chief")
LEADING_ARTICLE = re.compile(r"^(?:" + "|".join(_EN.words("titles", "articles")) + r")\s+", re.IGNORECASE)
# title words that do not tell titles apart, and spellings folded together
_TITLE_FUNCTION_WORDS = _EN.set("titles", "function_words")
_TITLE_SPELLINGS: dict[str, str] = _EN.table("titles", "spellings")


@dataclass
class Mention:
    text: str
    label: str
    start: int
    end: int
    canonical: str
    role: str | None = None   # the title the article ties to this person here ("NATO chief")

    def as_dict(self) -> dict:
        d = {"text": self.text, "label": self.label, "start": self.start, "end": self.end, "canonical": self.canonical}
        if self.role:
            d["role"] = self.role
        return d


# words of a title that name a country without being a demonym or a country's name in the
# gazetteer: "U.S." splits into "u" and "s", and the Kremlin speaks for Russia
_COUNTRY_WORDS: dict[str, str] = _EN.table("demonyms", "in_titles")


@lru_cache(maxsize=4096)
def _country_called(word: str) -> str | None:
    from ..places.gazetteer import default_gazetteer

    return next((p.cc for p in default_gazetteer().lookup(word) if p.feature == "country"), None)


def countries_named(words: list[str]) -> set[str]:
    """The countries a title's words name: "Russian president", "Ukraine's foreign minister"."""
    out = set()
    for w in words:
        cc = DEMONYMS.get(w) or _COUNTRY_WORDS.get(w) or (_country_called(w) if len(w) > 1 else None)
        if cc and cc != "EU":
            out.add(cc)
    return out


@dataclass
class Titles:
    """Per article: which person each title was tied to, in order of mention."""

    by_head: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # head -> [(char, title, person)]
    salience: dict[str, int] = field(default_factory=dict)  # person -> mentions in the article

    @staticmethod
    def words(text: str) -> list[str]:
        """Title words, British and American spellings folded together."""
        return [_TITLE_SPELLINGS.get(w, w) for w in re.findall(r"\w+", text.lower()) if w not in _TITLE_FUNCTION_WORDS]

    def add(self, title: str, person: str, at: int) -> None:
        words = self.words(title)
        for w in words:
            if w in TITLE_HEADS or (words and w == words[-1]):
                self.by_head.setdefault(w, []).append((at, title, person))

    def countries_of(self, person: str) -> set[str]:
        """The countries the article's titles for a person name ("Ukrainian president": UA)."""
        return {cc for ties in self.by_head.values() for _at, title, p in ties if p == person
                for cc in countries_named(self.words(title))}

    def resolve(self, phrase: str, before: int, salience: dict[str, int] | None = None) -> str | None:
        """The person a bare title ("the NATO chief", "the US president") refers to: the head
        word must match a title tied to a person earlier in the article, never one that names
        another country ("the Russian president" is not the "Ukrainian president"); the most
        words in common win, then the most recent."""
        words = self.words(phrase)
        if not words or words[-1] not in self.by_head:
            return None
        want = countries_named(words)
        best = None
        for at, title, person in self.by_head[words[-1]]:
            if at > before:
                continue
            have = self.countries_of(person) if want else set()
            if have and not (want & have):
                continue
            tw = set(self.words(title))
            score = (sum(w in tw for w in words), (salience or self.salience).get(person, 0), at)
            if best is None or score > best[0]:
                best = (score, person)
        return best[1] if best else None


def _clean_span(span: Span) -> tuple[int, int, str]:
    """Character bounds without a possessive tail, surrounding punctuation or a next line."""
    text = span.text
    m = _POSSESSIVE.search(text)
    if m and span.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        text = text[: m.start()]
    if "\n" in text.strip():
        # a name never runs over a line break: a briefing's "Tom Hale\nMS. RUIZ:" is a name and the
        # next line's label
        text = text[:text.index("\n", len(text) - len(text.lstrip()))]
    text = text.rstrip(" .,;:")
    start = span.start_char + (len(text) - len(text.lstrip()))
    text = text.strip()
    return start, start + len(text), text


def _looks_like_person(span: Span, surface: str) -> bool:
    toks = surface.split()
    if not 1 <= len(toks) <= 3 or any(t.lower().strip(".,'’") in ORG_WORDS for t in toks):
        return False
    if not all(re.fullmatch(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*", t) for t in toks):
        return False
    doc = span.doc
    root = span.root
    prev = doc[span.start - 1].lower_.rstrip(".") if span.start > 0 else ""
    # "Sabalenka, who could become ...": organisations and places take "which", people "who"
    after = [t.lower_ for t in doc[span.end: span.end + 2]]
    if after[:1] == ["who"] or after == [",", "who"]:
        return True
    if len(toks) == 1:
        return False
    head = root.head
    return (prev in HONORIFICS or prev in ROLE_NOUNS
            or (root.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in SPEECH_LEMMAS)
            or any(c.dep_ == "appos" and c.lemma_.lower() in TITLE_HEADS for c in root.children)
            or (root.dep_ == "appos" and head.lemma_.lower() in TITLE_HEADS))


def _notable_place(name: str) -> bool:
    try:
        from ..places.gazetteer import default_gazetteer

        cands = default_gazetteer().lookup(name)
    except Exception:  # noqa: BLE001 - without a gazetteer, keep the model's label
        return False
    return any(c.feature in ("country", "admin1", "region", "other") or
               c.population >= (20_000 if c.cc in ("UA", "RU", "BY", "MD") else 200_000) for c in cands)


INSTITUTION_HEADS = _EN.set("institutions", "institution_heads")
_NAME_SMALL_WORDS = _EN.set("titles", "small_words")
_DOCUMENTS = _EN.set("speech", "documents")
_GROUPS = _EN.set("titles", "groups")
_EVENTS = _EN.set("speech", "events")
_PARTY_MEMBERS = _EN.set("titles", "legislators")
# what a description of a person ends with: a title, a role, or an unnamed source
_DESCRIBED_HEADS = ROLE_NOUNS.union(*(_EN.words("titles", name) for name in ("offices", "sole_offices", "more_heads",
                                                                              "legislators", "descriptions", "unnamed")))
# the first word of a title, not of a name ("Minister of Finance", "Pope", "Dr.")
_TITLE_FIRST_WORDS = _DESCRIBED_HEADS.union(*(_EN.words("titles", name) for name in ("abbreviated", "courtesy")))


def named_speaker(name: str, known: set[str]) -> bool:
    """Whether a speaker is a person or an organisation by name ("Volodymyr Zelensky", "The White
    House", "Russia's defence ministry"), not a description ("senior official", "Russian strongman",
    "Ukrainian Deputy Prime Minister"), a title ("the Minister of Finance") or a document ("2024 Annual
    Threat assessment", "the National Security Concept of Belarus"): a name the article's entities
    give, words in capitals, or a country's institution."""
    words = re.findall(r"[^\W_][\w'’.&-]*", LEADING_ARTICLE.sub("", name))
    if not words or not words[0][0].isupper() or name[:1] in "-–—\"“'‘":
        return False
    # the head, before the first "of": "National Security Concept (of Belarus)"
    head = next((words[k - 1] for k in range(1, len(words)) if words[k].lower() in _NAME_SMALL_WORDS), words[-1])
    if head.lower() in _DOCUMENTS or (words[0].lower().strip(".") in _TITLE_FIRST_WORDS
                                      and (len(words) == 1 or words[1].lower() == "of")):
        return False   # a document, or a title whatever the model made of it ("Minister of Finance", "Pope")
    if any(w.lower() in _EVENTS for w in words):
        return False   # an operation or a siege, named
    if len(words) == 1:
        low = words[0].lower()
        if low in _GROUPS or (low.endswith("s") and (low[:-1] in DEMONYMS or low[:-1] in _PARTY_MEMBERS)):
            return False   # a group ("Experts", "Russians", "Republicans"), however it was tagged
    if name in known:
        return True
    last = words[-1].lower().strip(".")
    if all(w[0].isupper() for w in words if w.lower() not in _NAME_SMALL_WORDS):
        return not any(w.lower().strip(".") in _DESCRIBED_HEADS for w in words)
    return last in INSTITUTION_HEADS


# how far back a lone surname looks for the full name it shortens before it takes the article's
# most written one ("Jeh Johnson says ... Johnson tells MSNBC" within a paragraph or two)
SURNAME_REACH = 600


def _full_name(surface: str, at: int, named: list[tuple[int, str]]) -> str:
    """The full name a mention shortens, among the article's full names with its surname: for a
    name of two words or more, the longest that holds all its words ("Clinton" of "Hillary
    Rodham Clinton", never "Bill Clinton" for "Hillary Clinton"); for a lone surname, the person
    named with it just before (within ``SURNAME_REACH``), else the one the article names most."""
    if not named:
        return surface
    words = {_folded(w) for w in re.findall(r"\w+", surface)}
    if len(words) > 1:
        fits = [n for _, n in named if words <= {_folded(w) for w in re.findall(r"\w+", n)}]
        return max(fits, key=len) if fits else surface
    forms: dict[tuple[str, str], str] = {}   # each person by first and last word, named by the longest form
    for _, n in named:
        w = n.split()
        key = (_folded(w[0]), _folded(w[-1]))
        if key not in forms or len(n) > len(forms[key]):
            forms[key] = n

    def person(n: str) -> str:
        w = n.split()
        return forms[(_folded(w[0]), _folded(w[-1]))]
    near = [(s, n) for s, n in named if at - SURNAME_REACH <= s < at]
    if near and len(forms) > 1:
        return person(max(near)[1])
    counts: dict[str, int] = {}
    for _, n in named:
        counts[person(n)] = counts.get(person(n), 0) + 1
    return max(counts, key=lambda n: (counts[n], len(n)))


def _titled(span: Span) -> bool:
    """Whether a one-word name has a capitalised title right before it ("Secretary Austin")."""
    doc = span.doc
    if len(span) != 1 or span.start == 0:
        return False
    prev = doc[span.start - 1].text
    return prev[:1].isupper() and prev.lower().rstrip(".") in HONORIFICS - _NOT_HONORIFIC_BEFORE_PLACE


def _addressed(text: str, start: int, end: int) -> bool:
    """Whether a name is set off by a comma as one addressed: "Thanks, Karine." or "John, is ..."."""
    before = text[max(0, start - 2):start]
    return text[end:end + 1] == "," and (start == 0 or text[start - 1] in "\n:" or before.endswith(": ")) \
        or (before == ", " and text[end:end + 1] in ".?!,—")

def _folded(word: str) -> str:
    """A word of a name with its transliteration folded ("Zelenskiy", "Zelenskyy" and "Zelensky" are
    one), for words long enough that folding does not join two names ("Lee" and "Li" stay two)."""
    return spelling_key(word) if len(word) >= 6 else word.lower()


def person_key(name: str) -> str:
    toks = re.findall(r"\w+", name.lower())
    return toks[-1] if toks else ""


def _title_before(span: Span) -> str | None:
    """'NATO chief Jens Stoltenberg', 'U.S. Secretary of State Antony Blinken': the words before a
    name that the parser attaches to it as compounds or modifiers."""
    doc = span.doc
    i = span.start - 1
    words = []
    inside = set(range(span.start, span.end))
    while i >= 0 and (doc[i].head.i in inside and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case", "det", "punct")
                      or (words and doc[i].text.lower() == "of")):
        if doc[i].dep_ == "det" or doc[i].is_punct and doc[i].text not in ("-", "."):
            break
        words.insert(0, doc[i].text)
        inside.add(i)  # "NATO chief Jens Stoltenberg": NATO hangs on chief, which hangs on the name
        i -= 1
        if len(words) > 6:
            break
    # "Secretary of State Antony Blinken": the parser often hangs "of State" elsewhere
    if not words:
        j = span.start - 1
        seq = []
        while j >= 0 and (doc[j].is_title or doc[j].text.lower() in ("of", "for") or doc[j].text.isupper()) \
                and not doc[j].is_sent_start and doc[j].ent_type_ not in ("PERSON",):
            seq.insert(0, doc[j].text)
            j -= 1
        if seq and any(w.lower().strip(".") in TITLE_HEADS or w.lower() in TITLE_HEADS for w in seq):
            words = seq
    if not words:
        return None
    title = " ".join(words).strip()
    low = title.lower()
    if not any(h in re.findall(r"[\w-]+", low) for h in TITLE_HEADS):
        return None
    return title


def _title_apposition(span: Span) -> str | None:
    """'Jens Stoltenberg, the NATO chief,' or 'Stoltenberg, NATO's secretary-general,'."""
    doc = span.doc
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and child.ent_type_ != "PERSON":
            sub = doc[child.left_edge.i: child.right_edge.i + 1]
            if child.lemma_.lower() in TITLE_HEADS or any(t.lower_ in TITLE_HEADS for t in sub):
                return sub.text
    return None


@Language.factory("livebrief_entities", requires=["doc.ents"], assigns=["doc._.lb_entities", "doc._.lb_titles"])
def make_entities(nlp, name):
    return EntitiesComponent()


class EntitiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        text = text_of(doc)
        place_words = {e.text for e in ents if e.label_ in ("GPE", "LOC")}
        mentions: list[Mention] = []
        spans: list[Span] = []
        full_names: dict[str, str] = {}
        # every full name by surname, with where it is first written: two people may share one
        # ("Jeh Johnson" and "Gary Johnson", "Bill Clinton" and "Hillary Clinton")
        people: dict[str, list[tuple[int, str]]] = {}
        titles = Titles()
        acronyms = dict(KNOWN_ACRONYMS)
        for m in re.finditer(r"([A-Z][\w.'’-]*(?:\s+(?:of|for|and|the|[A-Z][\w.'’-]*))+)\s+\(([A-Z][A-Z0-9]{1,9})\)", text):
            acronyms[m.group(2)] = m.group(1)
        long_to_acro = {v.lower(): k for k, v in acronyms.items()}

        # pass 1: labels and full names
        for span in ents:
            label = span.label_
            start, end, surface = _clean_span(span)
            if not surface:
                continue
            if label == "PERSON":
                # "President Vladimir Putin", "Mr Biden": the name without the title
                while " " in surface and surface.split(" ", 1)[0].lower().rstrip(".") in HONORIFICS:
                    cut = surface.index(" ") + 1
                    start += cut
                    surface = surface[cut:]
                toks = surface.split()
                prev = doc[span.start - 1].lower_ if span.start > 0 else ""
                if len(toks) == 1 and (surface in place_words or prev in _PLACE_PREPS):
                    label = "GPE"   # "in Kyiv" tagged PERSON by the small model
                elif surface.isupper() and len(surface) <= 6:
                    label = "ORG"   # "NATO", "IAEA"
            if label == "GPE" and " " not in surface and _titled(span):
                label = "PERSON"   # "Secretary Austin", "Mr. Lincoln": a title right before a name
            if label in ("ORG", "GPE", "NORP") and _looks_like_person(span, surface):
                label = "PERSON"   # "Olaf Scholz said": the small model often calls a full name ORG
            if label == "PERSON" and len(surface.split()) >= 2:
                key = person_key(surface)
                if key and (key not in full_names or len(surface) > len(full_names[key])):
                    full_names[key] = surface
                if key:
                    people.setdefault(key, []).append((start, surface))
            mentions.append(Mention(surface, label, start, end, surface))
            spans.append(span)

        surnames = {k for k, v in full_names.items() if " " in v}
        for m, span in zip(mentions, spans, strict=True):
            if m.label != "PERSON" or _titled(span):
                continue   # ("Secretary Austin" is a person, whatever place has the name)
            words = m.text.split()
            if len(words) == 1 and (m.text.lower() in DEMONYMS or re.match(r"^[a-z]+-", m.text)):
                m.label = "NORP"  # "Moldovan", "anti-Bolshevik"
            elif m.text.lower() not in surnames and words[-1].lower() not in surnames and _notable_place(words[-1]) \
                    and (len(words) == 1 or words[0].islower() or words[0].lower() in _PLACE_ADJECTIVES):
                m.label = "GPE"   # "Kyiv", "Kharkiv" as PERSON: the gazetteer knows them as places
        # "Sabalenka, who could become ...": a name the model did not tag, introduced as a person
        taken = {i for m in mentions for i in range(m.start, m.end)}
        for tok in doc[:-2]:
            nxt = [doc[tok.i + 1].lower_, doc[tok.i + 2].lower_]
            if tok.pos_ == "PROPN" and tok.idx not in taken and tok.text[:1].isupper() and tok.is_alpha \
                    and (nxt == [",", "who"] or nxt[0] == "who"):
                first = tok.i
                while first > max(0, tok.i - 2) and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_alpha \
                        and doc[first - 1].text[:1].isupper() and doc[first - 1].idx not in taken:
                    first -= 1
                span = doc[first: tok.i + 1]
                if _looks_like_person(span, span.text):
                    mentions.append(Mention(span.text, "PERSON", span.start_char, span.end_char, span.text))
                    spans.append(span)
                    if len(span) >= 2:
                        key = person_key(span.text)
                        if key and key not in full_names:
                            full_names[key] = span.text
                        if key:
                            people.setdefault(key, []).append((span.start_char, span.text))
        named = {m.text for m in mentions if m.label == "PERSON"}
        surnames = {_folded(k) for k in full_names}
        for m in mentions:
            if m.label in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART") and " " not in m.text \
                    and (m.text.lower() in full_names or (len(m.text) >= 6 and _folded(m.text) in surnames)):
                m.label = "PERSON"   # "Stoltenberg" tagged ORG once the article has named Jens Stoltenberg
            elif m.label in ("ORG", "PRODUCT", "WORK_OF_ART") and m.text in named:
                m.label = "PERSON"   # the same name the article showed to be a person elsewhere
        # pass 1b: surnames of people named in full that the model did not tag ("Stoltenberg told")
        covered = set()
        for m in mentions:
            covered.update(range(m.start, m.end))
        for tok in doc:
            if tok.idx not in covered and tok.text.lower() in full_names and tok.text[:1].isupper() \
                    and tok.text == full_names[tok.text.lower()].split()[-1]:
                mentions.append(Mention(tok.text, "PERSON", tok.idx, tok.idx + len(tok.text), tok.text))
                spans.append(doc[tok.i: tok.i + 1])
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        mentions = [mentions[k] for k in order]
        spans = [spans[k] for k in order]
        # a title or a transcript's label ("Madam President", "QUESTION:", "Department Spokesperson")
        # is nobody's name, whatever the model made of it: a "name" that ends with one, unless the
        # article gives that word as someone's surname ("Larry King")
        def surname_of_someone(word: str) -> bool:
            # (a "full name" of an institution's words is no one's: "Department Spokesperson")
            return word in full_names and not any(w.lower() in ORG_WORDS for w in full_names[word].split())
        keep = [k for k, m in enumerate(mentions) if not (m.label == "PERSON"
                                                          and m.text.split()[-1].lower().strip(".") in _NOT_NAMES_ALONE
                                                          and not surname_of_someone(m.text.split()[-1].lower().strip(".")))]
        mentions, spans = [mentions[k] for k in keep], [spans[k] for k in keep]

        # pass 2: canonical names and titles; a surname spelt otherwise in the article (machine
        # translation's "Zelenskiy" beside "Zelensky") is the same person
        spelt: dict[str, list[tuple[int, str]]] = {}
        for k, named_as in people.items():
            spelt.setdefault(_folded(k), []).extend(named_as)
        # a given name addressed, set off by a comma, is the one person the article names in full
        # with it, unless it is also someone's surname: how a briefing addresses its speakers
        # ("Thanks, Karine.", "John, is ..."); (a name not addressed may be a headline's word: "Obama
        # Says ...")
        given: dict[str, set[str]] = {}
        for named_as in people.values():
            for _, n in named_as:
                given.setdefault(n.split()[0].lower(), set()).add(full_names.get(person_key(n), n))
        for m, span in zip(mentions, spans, strict=True):
            if m.label == "PERSON":
                m.canonical = _full_name(m.text, m.start, spelt.get(_folded(person_key(m.text)), []))
                if " " not in m.text and m.canonical == m.text and m.text.lower() not in full_names \
                        and len(given.get(m.text.lower(), ())) == 1 and _addressed(text, m.start, m.end):
                    m.canonical = next(iter(given[m.text.lower()]))
                title = _title_before(span) or _title_apposition(span)
                if title:
                    titles.add(title, m.canonical, m.start)
                    m.role = LEADING_ARTICLE.sub("", title.strip(" ,"))
            elif m.label == "ORG":
                if m.text in acronyms:
                    m.canonical = m.text  # the acronym is the name readers know
                elif m.text.lower().removeprefix("the ") in long_to_acro:
                    m.canonical = long_to_acro[m.text.lower().removeprefix("the ")]
        titles.salience = {}
        for m in mentions:
            if m.label == "PERSON":
                titles.salience[m.canonical] = titles.salience.get(m.canonical, 0) + 1
        doc._.lb_entities = mentions
        doc._.lb_titles = titles
        return doc
