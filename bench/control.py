#!/usr/bin/env python3
"""Control layers at size: import a ~20 MB layer and diff two ~5 MB layers.

    python bench/control.py

Layers are generated (many small polygons with many vertices, as hand-drawn maps are), so the
run needs no data. Prints import time and peak RSS growth for the 20 MB layer, and the diff
time for two 5 MB layers (issue 8: under 10 s and under 2 s), next to a baseline measured in the
same run: json.loads of the same bytes.
"""
from __future__ import annotations

import json
import math
import resource
import tempfile
import time

from livebrief.aggregate import control
from livebrief.store import Store


def layer(n_polys: int, vertices: int, shift: float, seed: int) -> str:
    feats = []
    for i in range(n_polys):
        cx, cy = 30 + (i % 60) * 0.15 + shift, 46 + (i // 60) * 0.15
        r = 0.05 + 0.02 * ((i * seed) % 5) / 5
        ring = [[round(cx + r * math.cos(2 * math.pi * k / vertices), 6), round(cy + r * math.sin(2 * math.pi * k / vertices), 6)]
                for k in range(vertices)]
        ring.append(ring[0])
        feats.append({"type": "Feature", "properties": {"status": "occupied" if i % 7 else "contested"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return json.dumps({"type": "FeatureCollection", "features": feats})


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    big = layer(3000, 300, 0.0, 3)
    a, b = layer(1200, 180, 0.0, 3), layer(1200, 180, 0.02, 5)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"{tmp}/c.db")
        store.migrate()
        t0 = time.perf_counter()
        json.loads(big)
        base = time.perf_counter() - t0
        before = rss_mb()
        t0 = time.perf_counter()
        control.import_layer(store, big, day="2023-01-01", source="big")
        imp = time.perf_counter() - t0
        grown = rss_mb() - before
        control.import_layer(store, a, day="2023-02-01", source="ab")
        control.import_layer(store, b, day="2023-03-01", source="ab")
        t0 = time.perf_counter()
        with store.read() as conn:
            d = control.diff(conn, "2023-02-01", "2023-03-01", "ab")
        dt = time.perf_counter() - t0
    print(f"import: {len(big) / 1e6:.1f} MB layer in {imp:.2f} s (ceiling 10 s); json.loads alone {base:.2f} s; "
          f"peak RSS grew {grown:.0f} MB")
    print(f"diff: two layers of {len(a) / 1e6:.1f} and {len(b) / 1e6:.1f} MB in {dt:.2f} s (ceiling 2 s); "
          f"{len(d['settlements'])} settlements changed")


if __name__ == "__main__":
    main()
