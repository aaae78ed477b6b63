"""Weapon systems known by name, as patterns: one definition (the lexicon's ``weapons.toml``) read
by the aid and quantities readers and by the topic cues."""
from __future__ import annotations

import re
from functools import cache

from ..lexicon import lexicon


@cache
def named_weapons(lang: str = "en", *, models: bool = False, surnames: bool = True) -> tuple[str, ...]:
    """Each named system as a regular-expression alternative, in the file's order: the name, with
    a plural "s" unless it is invariable. With ``models``, a family that has a model is the model
    and what follows it ("Leopard 2A6"), as an aid item names it; without ``surnames``, the names
    that are also people's ("Bradley") are left out."""
    lex = lexicon(lang)
    invariable = lex.set("weapons", "invariable")
    model = lex.table("weapons", "models") if models else {}
    people = set() if surnames else lex.set("weapons", "surnames")
    return tuple(re.escape(model[name]) + r"\w*" if name in model
                 else re.escape(name) + ("" if name in invariable else "s?")
                 for name in lex.words("weapons", "named") if name not in people)
