"""One person's name in its different Latin spellings: a key that folds the romanisations of
Ukrainian and Russian (and the spelling habits of English copy) together, and the English names
livebrief knows, indexed by it.

A name read from Cyrillic comes out romanised ("Борис Пісторіус" -> "Borys Pistorius", "Антоніу
Гутерреш" -> "Antoniu Huterresh"); English copy spells the same person "Boris Pistorius", "António
Guterres". The key makes them one: letters a romanisation spells several ways are folded (kh/h,
g/h, y/i/j/e, ts/z/s, v/w/f, doubled letters), as are the sounds one alphabet writes and the other
does not (the glide of "ya", "ie", "yu"; an "h" inside a word). The key is coarse on purpose: it is
matched only against the short list of people the lexicons know, never used to name anyone itself.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import cache

from ..lexicon import LANGUAGES, lexicon

# clusters, in order: a longer one before the pairs it holds ("dzh" before "zh", "sch" before "ch")
_CLUSTERS = (("dzh", "j"), ("zh", "j"), ("sch", "s"), ("tch", "c"), ("ch", "h"), ("kh", "h"),
             ("sh", "s"), ("ph", "f"), ("ck", "k"), ("ts", "s"), ("tz", "s"), ("x", "ks"),
             ("qu", "kv"), ("q", "k"), ("ae", "e"), ("oe", "e"), ("au", "o"), ("ou", "u"))
# an English "W" before a vowel, which Russian copy writes "У" ("Уиткофф", "Уолтц") where Ukrainian
# writes "В" ("Віткофф")
_W = re.compile(r"^u(?=[aeio])")
# Russian "ё" after a consonant, which copy writes "e" as often as "yo" ("Fyodorov", "Fedorov")
_YO = re.compile(r"(?<=[b-df-hj-np-tv-z])yo")
_SOFT_C = re.compile(r"c(?=[eiy])")
_GLIDE = re.compile(r"(?<=.)[iyj]+(?=[aeou])|^[iyj]+(?=[aeou])")
_CLASSES = str.maketrans({"c": "k", "g": "h", "w": "f", "v": "f", "z": "s", "y": "i", "j": "i",
                          "e": "i", "u": "o"})
_DOUBLE = re.compile(r"(.)\1+")


@cache
def key(word: str) -> str:
    """The folded key of one word of a name ("Huterresh" and "Guterres": "hotiris")."""
    low = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("Ł", "L"))
    low = "".join(ch for ch in low.encode("ascii", "ignore").decode().lower() if ch.isalpha())
    low = _YO.sub("e", _W.sub("v", low))
    for a, b in _CLUSTERS:
        low = low.replace(a, b)
    low = _GLIDE.sub("", _SOFT_C.sub("s", low)).translate(_CLASSES)
    # an "h" inside a word is a sound one spelling writes and another does not ("Johnson",
    # "Dzhonson"; "Oleh", "Oleg" once g is h)
    low = low[:1] + low[1:].replace("h", "")
    return _DOUBLE.sub(r"\1", low)


@cache
def _index() -> dict[str, tuple[str, ...]]:
    """The English names the lexicons know, by their surname's key: the English list of people
    and every language's people known by surname (whose values are English names; one known only
    with a first name has a common surname, which would name others too)."""
    names = set(lexicon("en").words("people", "known"))
    for lang in LANGUAGES[1:]:
        names.update(v for k, v in lexicon(lang).table("people", "known").items() if " " not in k)
    out: dict[str, list[str]] = {}
    for name in sorted(names):
        out.setdefault(key(name.split()[-1]), []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def english_name(words: list[str]) -> str | None:
    """The known English name that these romanised words (a first name and surname, or the
    surname alone) spell otherwise, when exactly one does: the surname's key must be equal, and a
    first name given must agree in its key's first letter and three fifths of the rest ("Borys"/
    "Boris", "Antoniu"/"Antonio"; looser than ``same_person``: the list is short)."""
    if not words:
        return None
    found = _index().get(key(words[-1]), ())
    if len(words) > 1:
        found = tuple(n for n in found if " " in n and first_names_agree(words[0], n.split()[0]))
        if not found:
            found = _same_first_name(words[0], words[-1])
    return found[0] if len(found) == 1 else None


def first_names_agree(a: str, b: str, *, same_initial: bool = True) -> bool:
    """Two romanised first names may be one person's, as ``english_name`` matches them ("Borys",
    "Boris"; never "Zoriana", "Nataliia"); without ``same_initial``, also a Russian and a Ukrainian
    form of one name ("Aleksandr", "Oleksandr")."""
    return _alike(key(a), key(b), 1 if same_initial else 0, 0.6)


def _same_first_name(first: str, surname: str) -> tuple[str, ...]:
    """The known people with exactly this first name (as English copy spells it: the lexicons'
    tables give it) whose surname's key is this one's but for a vowel or so: as long, give or take
    a letter, and three quarters alike ("Jake Sallivan": Jake Sullivan; "David Lemmi": David Lammy;
    never "Ivan Fedorenko" for Ivan Fedorov)."""
    k = key(surname)
    return tuple(n for n in _by_first_name().get(first, ()) if _alike(k, kn := key(n.split()[-1]), 1, 0.75)
                 and abs(len(k) - len(kn)) <= 1)


@cache
def _by_first_name() -> dict[str, tuple[str, ...]]:
    """The lexicons' known English names by their first word."""
    out: dict[str, list[str]] = {}
    for names in _index().values():
        for name in names:
            if " " in name:
                out.setdefault(name.split()[0], []).append(name)
    return {k: tuple(v) for k, v in out.items()}


# -------------------------------------------------- one person's name in two spellings
# The one place names are matched across spellings: the reader's English names (``english_name``,
# by the coarse ``key`` against the lexicons' short list), and the speakers registry (read/store.py)
# and the search's forms of a known surname (read/forms.py), by the finer ``fold``: the registry
# holds anyone, and a key as coarse as ``key`` would make "Phil Smith" "Will Smith".

# a surname shorter than this, folded, is too short to tell one person
MIN_SURNAME = 4


def fold(word: str) -> str:
    """A name's word without its accents, in lower case, as transliterations agree on it:
    "Zelenskyy", "Zelenskiy" and "Zelensky" are one; so are "Aleksandr" and "Alexander", and, as
    Polish and English write Russian and Ukrainian, "Ławrow" and "Lavrov", "Zacharowa" and "Zakharova"."""
    w = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode().lower()
    w = re.sub(r"[^a-z]", "", w).replace("ks", "x").replace("w", "v").replace("kh", "h").replace("ch", "h")
    w = re.sub(r"(?:iy|yy|yi|ij|ii|i|y)$", "y", w)
    return re.sub(r"er$", "r", w)


def same_surname(a: str, b: str) -> bool:
    """Two spellings of one surname, folded alike and long enough to tell ("Zelenskiy", "Zelenskyy",
    "zelensky"; never "Zel" and "Zelensky", nor "Zelenska" and "Zelensky")."""
    fa = fold(a)
    return len(fa) >= MIN_SURNAME and fa == fold(b)


def _alike(a: str, b: str, start: int, ratio: float) -> bool:
    """Two folded first names are one: equal, or the same first ``start`` letters and ``ratio``
    of the letters alike."""
    return bool(a and b) and (a == b or (a[:start] == b[:start] and SequenceMatcher(None, a, b).ratio() >= ratio))


def same_person(a: str, b: str) -> bool:
    """Two spellings of one person's name (its words, honorifics already dropped): the same surname
    and, when both give one, the same first name, folded, its first two letters equal and four
    fifths of it alike ("Volodymyr Zelenskiy" and "Volodymyr Zelenskyy", "Aleksandr Lukashenko"
    and "Alexander Lukashenko"); a lone surname is the full name with it; "Bill Clinton" and
    "Hillary Clinton" are two."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or not same_surname(wa[-1], wb[-1]):
        return False
    return len(wa) == 1 or len(wb) == 1 or _alike(fold(wa[0]), fold(wb[0]), 2, 0.8)


@cache
def _script(lang: str, foreign: bool = False,
            country: str | None = None) -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str], str]:
    """A language's romanisation tables: (letters, letters opening a word, letter pairs, letters
    after a vowel, the vowels); ``foreign``: with the letters read back for a foreign name over
    them (script.toml's ``foreign`` tables), which win wherever the letter stands; ``country``: and
    over those, the letters of that country's names (``foreign_by_country``: Ukrainian "г" is a
    Lithuanian's or an Italian's "g")."""
    lex = lexicon(lang)
    latin, initial, pairs, after_vowel = (lex.table("script", name) for name in ("latin", "initial", "pairs", "after_vowel"))
    if foreign:
        nation = lex.table("script", "foreign_by_country").get(country or "", {})
        own = {**lex.table("script", "foreign"), **{k: v for k, v in nation.items() if len(k) == 1}}
        latin = {**latin, **own}
        # (a letter the foreign table spells is spelt so at a word's start and after a vowel too)
        initial = {**{k: v for k, v in initial.items() if k not in own}, **lex.table("script", "foreign_initial")}
        after_vowel = {k: v for k, v in after_vowel.items() if k not in own}
        # (a country's groups of letters before any other, the longest first: Polish "ський" before "сь")
        groups = sorted((k for k in nation if len(k) > 1), key=len, reverse=True)
        pairs = {**{k: nation[k] for k in groups}, **lex.table("script", "foreign_pairs"), **pairs}
    return latin, initial, pairs, after_vowel, lex.get("script", "vowels")


def romanise(lang: str, word: str, *, foreign: bool = False, country: str | None = None) -> str:
    """A Cyrillic word in Latin letters by the language's romanisation (``lexicon/<lang>/script.toml``);
    ``foreign``: a foreign person's name, whose letters are read back as English copy spells them
    (``country``: as it spells that country's names)."""
    latin, initial, pairs, after_vowel, vowels = _script(lang, foreign, country)
    low = word.lower()
    # what opens the word: a letter or a group of letters (longest first: "уи" before "у")
    head = ""
    for a in sorted((k for k in initial if len(k) > 1), key=len, reverse=True):
        if low.startswith(a):
            head, low = initial[a], low[len(a):]
            break
    for a, b in pairs.items():
        low = low.replace(a, b)
    out = [head]
    for i, ch in enumerate(low):
        if (i == 0 and not head) or (i > 0 and not low[i - 1].isalpha()):
            out.append(initial.get(ch, latin.get(ch, ch)))
        elif (low[i - 1] if i else head[-1:]) in vowels:
            out.append(after_vowel.get(ch, latin.get(ch, ch)))
        else:
            out.append(latin.get(ch, ch))
    return "".join(out)


@cache
def known_people(lang: str) -> dict[str, str]:
    """A language's known people, by surname (or first name and surname; lemmas) with their English
    names: each surname its lexicon lists, named by its romanisation's key, and the few that no key
    finds (its ``known`` table)."""
    lex = lexicon(lang)
    return {**{s: name for s in lex.get("people", "surnames")
               if (name := english_name([romanise(lang, s).capitalize()]))},
            **lex.table("people", "known")}
