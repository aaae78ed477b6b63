"""Text utilities at the bottom of the stages: language, sentence bounds, chunks."""
import pytest

from livebrief.text import chunks, detect_language, sentence_bounds


@pytest.mark.parametrize("text", [
    "On 4 May, Russian troops shelled Vovchansk and Staryi Saltiv. No casualties reported.",
    "Drone hits grain terminal in Izmail overnight",
    "Mortar fire on Nikopol; two men wounded",
    "Kupiansk-Vuzlovyi power substation damaged by strike",
    "Explosions heard in Melitopol",
    "Izium mass grave",
    "Damage in Vilkhivka, Kharkiv oblast",
    "Destroyed Kindergarten in Okhtyrka",
])
def test_short_english_reports_full_of_ukrainian_names_are_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text,lang", [
    ("Обстріл Херсона: двоє людей поранені, повідомляє обласна адміністрація", "uk"),
    ("В Белгороде объявлена воздушная тревога, сообщил губернатор области", "ru"),
    ("Ostrzał Chersonia, dwie osoby ranne", "pl"),
    ("Beschuss von Charkiw: zwei Verletzte in der Nacht", "de"),
    ("Bombardements sur Kharkiv : deux blessés cette nuit", "fr"),
    # short and in plain ASCII, but plainly another language
    ("Raketenangriff auf Odessa", "de"),
    ("Attacco russo su Kherson", "it"),
    ("Ataque con drones en Odesa", "es"),
])
def test_other_languages_are_not_taken_for_english(text, lang):
    assert detect_language(text) == lang


def test_sentence_bounds_and_chunks_keep_offsets():
    text = "First one here. Second sentence is this.\nThird line"
    s, e = sentence_bounds(text, text.index("Second"))
    assert text[s:e].strip() == "Second sentence is this."
    long = ("Word " * 30 + "ends here. ") * 10
    pieces = chunks(long, size=200)
    assert "".join(p for _o, p in pieces) == long
    assert all(long[o:o + len(p)] == p for o, p in pieces)
