"""Places: the packaged gazetteer (built from GeoNames-derived PyPI data) and toponym
recognition and resolution in articles."""
from __future__ import annotations

from .gazetteer import default_gazetteer


def gazetteer_size() -> int:
    try:
        return default_gazetteer().size()
    except Exception:  # noqa: BLE001 - info must never fail for a missing file
        return 0
