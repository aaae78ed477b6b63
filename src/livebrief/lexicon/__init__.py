"""Language as data: the words and phrases the readers, the gazetteer's resolver and the clusterer
look for, one folder per language (``lexicon/en/``), one TOML file per domain (``speech.toml``,
``titles.toml``, ``weapons.toml`` ...), each list defined once.

A component asks for its lists by domain and name and builds its patterns from them::

    from livebrief.lexicon import lexicon
    EN = lexicon("en")
    CUES = EN.set("speech", "cues")            # frozenset
    TITLES = EN.words("titles", "people")      # tuple, in the file's order
    COUNTRY_OF = EN.table("institutions", "country_of")   # dict
    re.compile(EN.alternation("weapons", "names"))        # longest first, escaped

Files are read once per process, on first use (a few kilobytes of TOML; nothing is loaded at
import time). Adding a language is adding a folder with the same files; a missing list is a
``LexiconError`` naming the file and key, never an empty default that would silently read nothing.
"""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ..errors import LexiconError

LANGUAGES = ("en", "uk", "ru")


class Lexicon:
    """The word lists of one language, read lazily by domain (one TOML file each)."""

    def __init__(self, lang: str):
        self.lang = lang
        self._root = resources.files(__package__) / lang
        if not self._root.is_dir():
            raise LexiconError(f"no lexicon for language {lang!r} (have: {', '.join(LANGUAGES)})")
        self._domains: dict[str, dict[str, Any]] = {}

    def _domain(self, domain: str) -> dict[str, Any]:
        if domain not in self._domains:
            f = self._root / f"{domain}.toml"
            if not f.is_file():
                raise LexiconError(f"lexicon {self.lang}: no domain {domain!r} ({domain}.toml)")
            self._domains[domain] = tomllib.loads(f.read_text(encoding="utf-8"))
        return self._domains[domain]

    def get(self, domain: str, name: str) -> Any:
        data = self._domain(domain)
        try:
            return data[name]
        except KeyError:
            raise LexiconError(f"lexicon {self.lang}/{domain}.toml has no list {name!r}") from None

    def words(self, domain: str, name: str) -> tuple[str, ...]:
        """A list, in the file's order (order matters where a pattern tries alternatives in turn)."""
        value = self.get(domain, name)
        if not isinstance(value, list):
            raise LexiconError(f"lexicon {self.lang}/{domain}.toml: {name!r} is not a list")
        return tuple(value)

    def set(self, domain: str, name: str) -> frozenset[str]:
        return frozenset(self.words(domain, name))

    def table(self, domain: str, name: str) -> dict[str, Any]:
        """A mapping (a TOML table), in the file's order."""
        value = self.get(domain, name)
        if not isinstance(value, dict):
            raise LexiconError(f"lexicon {self.lang}/{domain}.toml: {name!r} is not a table")
        return dict(value)

    def alternation(self, domain: str, name: str, *, escape: bool = True) -> str:
        """A regular-expression alternation of a list, longest entries first so that a longer
        phrase wins over its prefix ("air defence system" before "air defence")."""
        items = sorted(self.words(domain, name), key=len, reverse=True)
        return "|".join(re.escape(w) if escape else w for w in items)


@cache
def lexicon(lang: str = "en") -> Lexicon:
    """The lexicon of ``lang``, one instance per process."""
    return Lexicon(lang)
