"""Weapon systems known by name: one list in the lexicon, read alike by aid, quantities and topics."""
from __future__ import annotations

import pytest

from livebrief.lexicon import lexicon
from livebrief.read.aid import ITEMS, MILITARY, OBJECTS
from livebrief.read.quantities import find_quantities
from livebrief.read.topics import TOPIC_CUES

NAMED = lexicon("en").words("weapons", "named")


@pytest.mark.parametrize("name", NAMED)
def test_a_named_system_is_counted_given_as_military_aid_and_a_cue_of_aid(name):
    counted = [(x.kind, x.value, x.unit) for x in find_quantities(f"Oslo will send 12 {name} to Kyiv.")]
    assert counted == [("equipment", 12, name)]
    assert OBJECTS.search(name) and MILITARY.search(name) and TOPIC_CUES["aid"].search(name)


def test_a_plural_is_read_unless_the_name_is_invariable():
    assert [x.unit for x in find_quantities("Rome sent 4 Stingers and 2 HIMARS.")] == ["Stingers", "HIMARS"]
    assert not MILITARY.search("several HIMARSs")


def test_an_aid_item_names_the_model_where_the_family_has_one():
    assert [m.group(0) for m in ITEMS.finditer("Leopard 2A6 and Leopard tanks, Javelins and NLAWs")] == \
        ["Leopard 2A6", "Javelins", "NLAWs"]
