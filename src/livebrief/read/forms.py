"""Every inflected form of a Ukrainian or Russian word, so that a search for one form finds the
others ("Зеленського" finds "Зеленський", "Зеленському"; "Києві" finds "Київ"), and a known
person's surname in one of the three languages finds the others ("Zelensky", "Зеленский" and
"Зеленського" find each other: the lexicons' known people).

pymorphy3 gives the lexemes (all the forms) of a known word's readings as a noun or an adjective,
all of them: the dictionary does not mark every place ("Києві" reads as Kyiv's and as the legendary
Kyi's), and a search had better find a little more than less. A capitalised word the dictionary
does not know is a name, read as its likeliest paradigm ("Зеленского"). The analysers load on the
first Cyrillic word (nothing at import); any other word is its only form.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .morph import analyser
from .spellings import known_people, same_surname

_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_ONLY = {"uk": re.compile(r"[іїєґ]", re.IGNORECASE), "ru": re.compile(r"[ёыэъ]", re.IGNORECASE)}
_NOMINAL = frozenset({"NOUN", "ADJF"})
_COMPARATIVE = frozenset({"COMP", "Cmp2", "Supr"})
MAX_FORMS = 40


@cache
def _known_people() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """The lexicons' known people: each English surname's Ukrainian and Russian surnames, and each
    of those surnames' English one ("zelensky": зеленський, зеленский)."""
    by_english: dict[str, set[str]] = {}
    english_of: dict[str, str] = {}
    for lang in ("uk", "ru"):
        for surname, english in known_people(lang).items():
            if " " not in surname:   # (a common surname is known with its first name only)
                by_english.setdefault(english.split()[-1].lower(), set()).add(surname)
                english_of[surname] = english.split()[-1].lower()
    return {k: frozenset(v) for k, v in by_english.items()}, english_of


def _same_person(word: str, lemmas: set[str]) -> set[str]:
    """A known person's other names, by a word of one of them: the Cyrillic surnames' forms and the
    English surname, whichever of the three languages the word is in ("Zelensky", "Зеленского")."""
    by_english, english_of = _known_people()
    low = word.lower()
    # (another spelling of the surname: "Zelenskyy", never a mere prefix: "P", "Zel")
    english = {e for e in ({low} | {english_of[x] for x in lemmas if x in english_of})
               if any(same_surname(e, k) for k in by_english)}
    out = set()
    for e in english:
        for k, surnames in by_english.items():
            if same_surname(e, k):
                out.add(k)
                for surname in surnames:   # (read as a name: the dictionary may not know it)
                    out.update(_cyrillic_forms(surname.capitalize()))
    return out


@lru_cache(maxsize=4096)
def word_forms(word: str) -> tuple[str, ...]:
    """The word's forms in lower case (a form that begins another stands for both, as a prefix
    term), at most MAX_FORMS; the word alone when it is not Cyrillic or not known. A known
    person's surname, in any of the three languages, has the others' forms too."""
    if not _CYRILLIC.search(word):
        other = _same_person(word, set()) if word[:1].isupper() else set()
        return _kept({word.lower(), *other}) if other else (word,)
    forms = _cyrillic_forms(word)
    other = _same_person(word, set(forms)) if word[:1].isupper() else set()
    return _kept({*forms, *other}) if other else _kept(set(forms))


def _kept(forms: set[str]) -> tuple[str, ...]:
    """The forms that no shorter one begins, at most MAX_FORMS, in order."""
    ordered = sorted(forms, key=len)
    kept = [f for i, f in enumerate(ordered) if not any(f.startswith(g) for g in ordered[:i])]
    return tuple(sorted(kept[:MAX_FORMS]))


@lru_cache(maxsize=4096)
def _cyrillic_forms(word: str) -> tuple[str, ...]:
    """Every form of a Cyrillic word's readings as a noun or an adjective (lower case)."""
    langs = [lang for lang, other in (("uk", "ru"), ("ru", "uk")) if not _ONLY[other].search(word)] or ["uk", "ru"]
    by_lang = [[p for p in analyser(lang).parse(word) if p.tag.grammemes & _NOMINAL] for lang in langs]
    parses = [p for ps in by_lang for p in ps if p.is_known]
    if not parses and word[:1].isupper():
        parses = [ps[0] for ps in by_lang if ps]   # each language's likeliest paradigm of a name
    # (an adjective's lexeme has its comparatives, which are other words: "покривее")
    return tuple(sorted({word.lower(), *(f.word for p in parses for f in p.lexeme
                                          if not f.tag.grammemes & _COMPARATIVE)}))
