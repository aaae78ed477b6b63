"""Text utilities every stage uses, below all of them: which language a text is in, where the
sentence around a position begins and ends (cheaply, without a parse), and cutting a long text
into pieces the parser can take."""
from __future__ import annotations

import re
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
    return max(ranked, key=lambda lp: lp[1] * (ENGLISH_PRIOR if lp[0] == "en" else 1.0))[0]


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence around ``pos``: cut at '. ' and line ends (cheap, no parse)."""
    s = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos))
    e_candidates = [x for x in (text.find(". ", pos), text.find("\n", pos)) if x != -1]
    return s + 1, (min(e_candidates) if e_candidates else len(text))


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
