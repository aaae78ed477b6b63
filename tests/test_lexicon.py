"""The lexicon: lists read from data per language, in order, with clear errors."""
import re

import pytest

from livebrief.errors import ConfigError, LexiconError
from livebrief.lexicon import Lexicon, lexicon


def test_a_missing_language_domain_or_list_is_an_error_that_names_it():
    with pytest.raises(LexiconError, match="'xx'"):
        Lexicon("xx")
    with pytest.raises(LexiconError, match="nosuchdomain"):
        lexicon("en").words("nosuchdomain", "x")
    assert issubclass(LexiconError, ConfigError)


def test_alternation_tries_longer_phrases_first(tmp_path, monkeypatch):
    lex = Lexicon("en")
    monkeypatch.setattr(lex, "_root", tmp_path)
    (tmp_path / "demo.toml").write_text('w = ["air defence", "air defence system", "a.b"]\n'
                                        't = {one = "1"}\n', encoding="utf-8")
    assert lex.words("demo", "w") == ("air defence", "air defence system", "a.b")
    assert re.fullmatch(lex.alternation("demo", "w"), "a.b")
    assert not re.fullmatch(lex.alternation("demo", "w"), "axb")
    assert re.match(lex.alternation("demo", "w"), "air defence system").group() == "air defence system"
    assert lex.table("demo", "t") == {"one": "1"}
    with pytest.raises(LexiconError, match="not a list"):
        lex.words("demo", "t")


def test_every_english_file_parses_and_holds_no_list_twice():
    lex = lexicon("en")
    for f in sorted(p for p in lex._root.iterdir() if p.name.endswith(".toml")):
        data = lex._domain(f.name[:-5])
        for name, value in data.items():
            if isinstance(value, list):
                assert len(value) == len(set(value)), f"{f.name}: {name} repeats a member"


def test_the_parts_a_reader_composes_a_list_from_share_no_word():
    # a word in two parts of one composition would be defined twice ("titles": entities, quotes
    # and the place resolver each join some of them; "speech": the cues of quotes and entities)
    lex = lexicon("en")
    for domain, parts in (("titles", ("offices", "sole_offices", "office_words", "more_heads", "legislators",
                                      "bodies")),
                          ("speech", ("common_cues", "cues", "acts_of_people"))):
        seen: dict[str, str] = {}
        for part in parts:
            for w in lex.words(domain, part):
                assert w not in seen, f"{domain}.toml: {w!r} in {seen.get(w)} and {part}"
                seen[w] = part
