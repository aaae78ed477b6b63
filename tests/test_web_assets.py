"""The committed web assets that a script builds offline are what the script builds today."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_map_labels_are_what_the_script_builds_from_the_packaged_gazetteer():
    # a rebuilt gazetteer can change the labels (a town's current spelling becomes one of its
    # names): rebuild them with `python scripts/build_web_assets.py --labels`
    build = _script("build_web_assets")
    committed = (ROOT / "src" / "livebrief" / "publish" / "static" / "map-labels.json").read_text(encoding="utf-8")
    assert build.labels_json() == committed


def test_a_settlement_takes_the_current_spelling_only_where_the_gazetteer_names_it_so():
    build = _script("build_web_assets")
    assert build._modern("Dunayivtsi", {"dunaivtsi"}.__contains__) == "Dunaivtsi"
    assert build._modern("Kryvyy Rih", {"kryvyi rih"}.__contains__) == "Kryvyi Rih"
    assert build._modern("Dunayivtsi", set().__contains__) == "Dunayivtsi"


def test_the_map_names_ukraines_oblasts_as_they_are_called_now():
    labels = json.loads((ROOT / "src" / "livebrief" / "publish" / "static" / "map-labels.json").read_text(encoding="utf-8"))
    regions = {name for name, _lat, _lon, cc in labels["regions"] if cc == "UA"}
    assert {"Kyiv Oblast", "Odesa Oblast", "Vinnytsia Oblast", "Zakarpattia Oblast", "Khmelnytskyi Oblast"} <= regions
    assert not [r for r in regions if any(old in r for old in ("Kiev", "Odessa", "Vinnyts'k", "Misto"))]
