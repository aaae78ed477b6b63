"""Text utilities every stage uses, below all of them: which language a text is in, where the
sentence around a position begins and ends (cheaply, without a parse), and cutting a long text
into pieces the parser can take."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from .lexicon import lexicon

# The parser needs about 1 GB of working memory per 100,000 characters: longer texts are read
# in pieces cut at paragraph or sentence ends, and offsets shifted back.
CHUNK_CHARS = 50_000

_TOKEN = re.compile(r"[a-zA-Z]+")


@cache
def _english_function_words() -> frozenset[str]:
    return lexicon("en").set("language", "function_words")


# The languages a war desk's sources are written in. The classifier chooses among these only:
# over its full list of 97, a two-line English report full of Ukrainian place names came out as
# Nigerian Pidgin, Danish or Latin and was not read at all.
NEWS_LANGUAGES = ("en", "uk", "ru", "be", "de", "fr", "pl", "es", "it", "pt", "nl", "sv", "no", "da",
                  "fi", "et", "lv", "lt", "cs", "sk", "hu", "ro", "bg", "sr", "hr", "sl", "el", "tr",
                  "ar", "he", "fa", "zh", "ja", "ko", "hi", "ka", "hy", "az", "kk")
# English is most of what a desk reads: where the classifier hesitates on a short text, English
# needs only a third of another language's probability to win. (Texts rich in English function
# words never reach the classifier.)
ENGLISH_PRIOR = 3.0
# A headline or a caption of a few words without a letter outside English's alphabet is mostly
# names, which pull the classifier anywhere ("Damage in Vilkhivka, Kharkiv oblast" came out as
# Slovenian): English wins unless another language is far more likely. A short foreign text
# usually has its own letters (ł, ä, é, č) and is not asked this way.
SHORT_TEXT_WORDS = 12
ENGLISH_PRIOR_SHORT = 12.0


@cache
def _identifier():
    # loaded on first need: its model costs more to load than a short ingest takes
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(NEWS_LANGUAGES))
    return ident


def detect_language(text: str) -> str:
    """An ISO 639-1 code for ``text`` ("en" for English)."""
    words = _TOKEN.findall(text[:1500])
    if words:
        function_words = _english_function_words()
        hits = sum(w.lower() in function_words for w in words)
        share = hits / len(words)
        latin = len("".join(words)) / max(1, sum(ch.isalpha() for ch in text[:1500]))
        # Short texts fool statistical classifiers; a Latin-script text rich in English function
        # words is English at any length, but one "in" or "a" among eight words is no evidence
        # ("Beschuss von Charkiw ... in der Nacht")
        if (len(words) >= 40 and share >= 0.2) or (latin > 0.9 and share >= 0.12 and hits >= 2):
            return "en"
    # the first thousand characters decide as well as the whole text, at a fraction of the cost
    ranked = _identifier().rank(text[:1000])
    short = 0 < len(words) <= SHORT_TEXT_WORDS and text.isascii()
    prior = ENGLISH_PRIOR_SHORT if short else ENGLISH_PRIOR
    return max(ranked, key=lambda lp: lp[1] * (prior if lp[0] == "en" else 1.0))[0]


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence around ``pos``: cut at '. ' and line ends (cheap, no parse)."""
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    e_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x != -1]
    return s + 1, (min(e_candidates) if e_candidates else len(text))


# Sentence bounds for what is shown of an article (a development's title and summary): a
# sentence ends at ".", "!" or "?" followed by a space and a capital (or at a line break), never
# inside a number ("$5.5 million"), after an initial ("Richard C. Levin", "U.S. officials") or after
# an abbreviation ("Gen.", "No. 2", "a.m."). The parser keeps its own sentences for reading.
# a candidate end: terminal punctuation, any closing quotes or brackets, then a space; or a full
# stop with the space missing between a word and the next sentence's first word ("Europe.Their",
# as some outlets' texts come), but never inside a name or address ("Onet.pl", "U.S.")
_END = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
# the word a full stop follows: letters with inner dots ("U.S", "a.m", "et al")
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“‘'«\[—–-]))([A-Za-z][A-Za-z.]*(?: al)?)$")
_NEXT_STARTS = re.compile(r"\s+[\"“‘'«(\[]?[A-Z0-9]")


@cache
def _abbreviations() -> frozenset[str]:
    en = lexicon("en")
    words = en.words("abbreviations", "period_goes_on") + en.words("abbreviations", "period_also_goes_on")
    return frozenset(w.lower() for w in words)


def abbreviates(text: str, dot: int) -> bool:
    """Whether the full stop at ``text[dot]`` ends an initial or an abbreviation."""
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    if len(word.rstrip(".").replace(".", "")) == 1 or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True   # an initial: "C.", "U.S.", "a.m." are single letters between dots
    return word.lower() in _abbreviations() or word.split()[-1].lower() in _abbreviations()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, stripped of surrounding space; a
    line break always ends a sentence."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        s = pos
        for m in _END.finditer(text, pos, line_end):
            if m.start() < s:
                continue
            glued = m.start() == m.end()
            dot = m.start() - 1 if glued else m.start()
            if text[dot] == "." and (glued or m.end() - m.start() == 1) and abbreviates(text, dot):
                continue
            if not glued and not _NEXT_STARTS.match(text, m.end(), line_end):
                continue   # "he said. then" or a digit-led fragment is not a new sentence
            yield from _stripped(text, s, m.end())
            s = m.end()
        yield from _stripped(text, s, line_end)
        pos = line_end + 1


def _stripped(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        yield s, e


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def ends_cut(sentence: str) -> bool:
    """Whether a sentence ends on an initial or an abbreviation: the text was cut there
    ("Timothy Snyder is the Richard C.") and it is not a whole sentence."""
    s = sentence.rstrip()
    return s.endswith(".") and abbreviates(s, len(s) - 1)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of ``text`` cut into pieces of at most ``size`` characters, at a line or
    sentence end in the second half of each piece where there is one, else at a space."""
    if len(text) <= size:
        return [(0, text)]
    out = []
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            cut = max(text.rfind("\n", pos + size // 2, end), text.rfind(". ", pos + size // 2, end))
            if cut > pos:
                end = cut + 1
            else:
                sp = text.rfind(" ", pos + size // 2, end)
                end = sp + 1 if sp > pos else end
        out.append((pos, text[pos:end]))
        pos = end
    return out


_DOC_TEXT = "livebrief.text"


def text_of(doc) -> str:
    """A spaCy Doc's text, kept on the doc: ``Doc.text`` joins every token again on each access,
    and the readers ask for it per sentence, per cue and per candidate (on long articles that was
    a third of reading time)."""
    kept = doc.user_data.get(_DOC_TEXT)
    if kept is None:
        kept = doc.user_data[_DOC_TEXT] = doc.text
    return kept
