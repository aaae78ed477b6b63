"""Datelines: one definition, read where a dateline may stand and where an opening one ends."""
from livebrief.places.datelines import DATELINE, dateline_end


def test_an_opening_dateline_ends_after_its_dash():
    assert dateline_end("ODESA — Drones struck the port overnight.") == len("ODESA — ")
    assert dateline_end("TORONTO, Ontario -- The province said ...") == len("TORONTO, Ontario -- ")
    assert dateline_end("Odesa — Drones struck ...") == 0      # not in capitals
    assert dateline_end("ODESA - Drones struck ...") == 0      # a hyphen alone is no dateline's dash


def test_a_dateline_names_its_place_at_a_line_or_a_sentence_start():
    text = "Published today.\nLVIV, Ukraine (AP) — Sirens sounded. ST. PAUL: a second story."
    assert [m.group(1) for m in DATELINE.finditer(text)] == ["LVIV", "ST. PAUL"]


def test_a_dateline_in_title_case_before_the_outlets_name_in_capitals():
    text = "Warsaw CNN —  Poland's president flew to Vilnius on Monday."
    assert text[dateline_end(text):].lstrip().startswith("Poland's")
    assert dateline_end("Russia struck Kyiv — and Lviv.") == 0


def test_an_agency_dateline_with_its_date_opens_no_title():
    from livebrief.places.datelines import dateline_end
    from livebrief.read.genre import lead

    text = "MINSK, 7 May (BelTA) – Belarus will answer any attack at once, the president said. He spoke at a parade."
    assert text[dateline_end(text):].startswith("Belarus will")
    s, e = lead(text)
    assert text[s:e] == "Belarus will answer any attack at once, the president said."
