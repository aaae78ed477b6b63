"""Sentence bounds for what is shown of an article: never inside a number, after an initial or
after an abbreviation; always at a real end."""
from __future__ import annotations

import pytest

from livebrief.text import ends_cut, sentences


@pytest.mark.parametrize("text,expected", [
    ("Kyiv froze nearly $5.5 million of the firm's assets. The owner denied wrongdoing.",
     ["Kyiv froze nearly $5.5 million of the firm's assets.", "The owner denied wrongdoing."]),
    ("Grain exports reached 3.5 million tonnes in May. Ports stayed open.",
     ["Grain exports reached 3.5 million tonnes in May.", "Ports stayed open."]),
    ("U.S. officials met their allies in Brussels. No deal followed.",
     ["U.S. officials met their allies in Brussels.", "No deal followed."]),
    ("The essay's author, Jonathan Q. Public, teaches history. He lives in Ohio.",
     ["The essay's author, Jonathan Q. Public, teaches history.", "He lives in Ohio."]),
    ("Gen. Oleksandr Syrskyi visited the brigade. Lt. Col. Petrenko briefed him.",
     ["Gen. Oleksandr Syrskyi visited the brigade.", "Lt. Col. Petrenko briefed him."]),
    ("He is the No. 2 official in the ministry. His deputy resigned.",
     ["He is the No. 2 official in the ministry.", "His deputy resigned."]),
    ("Sirens sounded at 4 a.m. local time across the region. Nobody was hurt.",
     ["Sirens sounded at 4 a.m. local time across the region.", "Nobody was hurt."]),
    ("The summit opened in St. Petersburg on Thursday. Few leaders came.",
     ["The summit opened in St. Petersburg on Thursday.", "Few leaders came."]),
    ("Talks resumed on Feb. 19 in Geneva. They ended early.",
     ["Talks resumed on Feb. 19 in Geneva.", "They ended early."]),
    ('"We will rebuild," she said. "Every house."\nA second paragraph',
     ['"We will rebuild," she said.', '"Every house."', "A second paragraph"]),
    ("Is it over? Not yet! The shelling went on.", ["Is it over?", "Not yet!", "The shelling went on."]),
    ("Prices rose 2.4% in March, e.g. for fuel. Wages did not.",
     ["Prices rose 2.4% in March, e.g. for fuel.", "Wages did not."]),
    # a space missing after a full stop, as some outlets' texts come; a web address is no end
    ("Most of the money is held in Europe.Their owners appealed, Onet.pl reported.",
     ["Most of the money is held in Europe.", "Their owners appealed, Onet.pl reported."]),
])
def test_sentence_bounds_never_fall_inside_numbers_initials_or_abbreviations(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("sentence,cut", [
    ("The column's writer is the Jonathan Q.", True),
    ("She studied at the college in St.", True),
    ("Washington sent more aid to the U.S.", True),    # an initial at the end is never taken as an end
    ("The ministry said the strike killed 12.", False),
    ("Parliament approved the budget.", False),
])
def test_a_sentence_that_ends_on_an_initial_or_abbreviation_is_cut(sentence, cut):
    assert ends_cut(sentence) is cut


def test_a_blank_line_ends_a_sentence_for_the_reader_however_the_parser_would_run_it_on():
    from livebrief.read.nlp import get_nlp

    # a heading with no full stop, a caption, then the report: three sentences, not one
    doc = get_nlp()("Leaders meet in the capital\n\nRescuers at work. Photo: emergency service\n\n"
                    "A missile hit a block of flats in Dnipro on Saturday.\nThe toll rose to nine.")
    got = [s.text.strip() for s in doc.sents]
    assert got[0] == "Leaders meet in the capital"
    assert "A missile hit a block of flats in Dnipro on Saturday." in got
    # one line break is a wrapped line, not a paragraph: the parser decides there
    wrapped = get_nlp()("Troops held the line\nnear the river on Monday.")
    assert len(list(wrapped.sents)) == 1
