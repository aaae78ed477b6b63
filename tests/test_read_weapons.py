"""Weapon systems known by name: one list in the lexicon, read alike by aid, quantities and topics."""
from __future__ import annotations

import pytest

from livebrief.lexicon import lexicon
from livebrief.read.aid import ITEMS, MILITARY, OBJECTS
from livebrief.read.quantities import find_quantities
from livebrief.read.topics import TOPIC_CUES

NAMED = lexicon("en").words("weapons", "named")
SURNAMES = lexicon("en").set("weapons", "surnames")


@pytest.mark.parametrize("name", NAMED)
def test_a_named_system_is_counted_given_as_military_aid_and_a_cue_of_aid(name):
    counted = [(x.kind, x.value, x.unit) for x in find_quantities(f"Oslo will send 12 {name} to Kyiv.")]
    assert counted == [("equipment", 12, name)]
    assert OBJECTS.search(name) and MILITARY.search(name)
    assert bool(TOPIC_CUES["aid"].search(name)) == (name not in SURNAMES)


def test_a_system_named_like_a_person_is_no_cue_of_aid():
    assert "Bradley" in SURNAMES
    assert not TOPIC_CUES["aid"].search("Mr Bradley said his car was damaged again.")


def test_a_plural_is_read_unless_the_name_is_invariable():
    assert [x.unit for x in find_quantities("Rome sent 4 Stingers and 2 HIMARS.")] == ["Stingers", "HIMARS"]
    assert not MILITARY.search("several HIMARSs")


def test_an_aid_item_names_the_model_where_the_family_has_one():
    assert [m.group(0) for m in ITEMS.finditer("Leopard 2A6 and Leopard tanks, Javelins and NLAWs")] == \
        ["Leopard 2A6", "Javelins", "NLAWs"]
