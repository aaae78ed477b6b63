"""The pymorphy3 analyser of a language, loaded once per process and shared by the reader
(read/slavic.py) and the search's word forms (read/forms.py): each holds a dictionary of tens of
megabytes, loaded on the first Cyrillic word, never at import."""
from __future__ import annotations

from functools import cache


@cache
def analyser(lang: str):
    """The ``pymorphy3.MorphAnalyzer`` of ``lang`` ("uk", "ru")."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)
