"""Every inflected form of a Ukrainian or Russian word, so that a search for one form finds the
others ("Зеленського" finds "Зеленський", "Зеленському"; "Києві" finds "Київ").

pymorphy3 gives the lexemes (all the forms) of a known word's readings as a noun or an adjective,
all of them: the dictionary does not mark every place ("Києві" reads as Kyiv's and as the legendary
Kyi's), and a search had better find a little more than less. A capitalised word the dictionary
does not know is a name, read as its likeliest paradigm ("Зеленского"). The analysers load on the
first Cyrillic word (nothing at import); any other word is its only form.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_ONLY = {"uk": re.compile(r"[іїєґ]", re.IGNORECASE), "ru": re.compile(r"[ёыэъ]", re.IGNORECASE)}
_NOMINAL = frozenset({"NOUN", "ADJF"})
_COMPARATIVE = frozenset({"COMP", "Cmp2", "Supr"})
MAX_FORMS = 40


@cache
def _analyser(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=4096)
def word_forms(word: str) -> tuple[str, ...]:
    """The word's forms in lower case (a form that begins another stands for both, as a prefix
    term), at most MAX_FORMS; the word alone when it is not Cyrillic or not known."""
    if not _CYRILLIC.search(word):
        return (word,)
    langs = [lang for lang, other in (("uk", "ru"), ("ru", "uk")) if not _ONLY[other].search(word)] or ["uk", "ru"]
    by_lang = [[p for p in _analyser(lang).parse(word) if p.tag.grammemes & _NOMINAL] for lang in langs]
    parses = [p for ps in by_lang for p in ps if p.is_known]
    if not parses and word[:1].isupper():
        parses = [ps[0] for ps in by_lang if ps]   # each language's likeliest paradigm of a name
    # (an adjective's lexeme has its comparatives, which are other words: "покривее")
    forms = sorted({word.lower(), *(f.word for p in parses for f in p.lexeme if not f.tag.grammemes & _COMPARATIVE)},
                   key=len)
    kept = [f for i, f in enumerate(forms) if not any(f.startswith(g) for g in forms[:i])]
    return tuple(sorted(kept[:MAX_FORMS]))
