"""The packaged gazetteer: a read-only SQLite file, opened lazily, queried by folded name.

Built by scripts/build_gazetteer.py. Loading costs one file open; each lookup is one indexed
query, so nothing large is held in memory.
"""
from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import ConfigError

PATH = Path(__file__).with_name("gazetteer.sqlite")
# ids of the settlements added from Ukraine's codifier (KATOTTG) count down from here; the
# gazetteer's own extra places (regions, seas, facilities) have small negative ids
ESTIMATED_ID_BASE = -400000


def fold(name: str) -> str:
    """Case, accents, apostrophes, hyphens and a leading 'the' do not distinguish place names."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "").replace("'", "").replace("ʼ", "").replace("`", "").replace(".", "")
    s = s.replace("-", " ").replace("–", " ")
    s = " ".join(s.split())
    if s.startswith("the "):
        s = s[4:]
    return s


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    feature: str
    cc: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int

    @property
    def geonameid(self) -> int | None:
        return self.id if self.id > 0 else None

    @property
    def estimated(self) -> bool:
        """A settlement of Ukraine's codifier that GeoNames lacks: its point is the middle of its
        hromada's known places (within 25 km for 96.5% of them), not its own."""
        return self.id <= ESTIMATED_ID_BASE


class Gazetteer:
    def __init__(self, path: Path = PATH):
        self.path = path
        self._local = threading.local()

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            if not self.path.exists():
                raise ConfigError(f"gazetteer file missing: {self.path} (run scripts/build_gazetteer.py)")
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def lookup(self, name: str) -> list[Place]:
        return list(self._lookup(fold(name)))

    @lru_cache(maxsize=50_000)  # noqa: B019 - one gazetteer per process: the cache lives as long as it does
    def _lookup(self, folded: str) -> tuple[Place, ...]:
        if not folded:
            return ()
        rows = self.con.execute(
            "SELECT DISTINCT p.id, p.name, p.feature, p.cc, p.admin1, p.lat, p.lon, p.population "
            "FROM names n JOIN places p ON p.id = n.place_id WHERE n.name = ?", (folded,)).fetchall()
        return tuple(Place(*r) for r in rows)

    def notable(self, name: str) -> list[Place]:
        """The places of that name a reader would know without context: countries, first-level
        units and cities of 100,000 people."""
        return [p for p in self.lookup(name)
                if p.feature in ("country", "admin1") or (p.feature == "city" and p.population >= 100_000)]

    def get(self, place_id: int) -> Place | None:
        r = self.con.execute("SELECT id, name, feature, cc, admin1, lat, lon, population FROM places WHERE id = ?",
                             (place_id,)).fetchone()
        return Place(*r) if r else None

    def names(self, place_id: int) -> list[str]:
        """The folded names a place bears (its own and its alternates)."""
        return [r[0] for r in self.con.execute("SELECT name FROM names WHERE place_id = ?", (place_id,))]

    def admin1_of(self, cc: str, code: str) -> Place | None:
        r = self.con.execute("SELECT id, name, feature, cc, admin1, lat, lon, population FROM places "
                             "WHERE feature = 'admin1' AND cc = ? AND admin1 = ?", (cc, code)).fetchone()
        return Place(*r) if r else None

    def unit_of(self, place: Place) -> str | None:
        """The name of the first-level unit (oblast, state) a place is in: the unit itself for a
        unit, the place's own name for a city that is a unit of its own (Kyiv, whose unit the
        gazetteer lists under no other name), None for a country or a place with no unit."""
        if place.feature == "admin1":
            return place.name
        if not (place.cc and place.admin1):
            return None
        unit = self.admin1_of(place.cc, place.admin1)
        return unit.name if unit is not None else place.name

    def units(self, cc: str) -> list[Place]:
        """The first-level units of a country."""
        rows = self.con.execute("SELECT id, name, feature, cc, admin1, lat, lon, population FROM places "
                                "WHERE feature = 'admin1' AND cc = ?", (cc,)).fetchall()
        return [Place(*r) for r in rows]

    def country(self, cc: str) -> Place | None:
        r = self.con.execute("SELECT id, name, feature, cc, admin1, lat, lon, population FROM places "
                             "WHERE feature = 'country' AND cc = ?", (cc,)).fetchone()
        return Place(*r) if r else None

    @lru_cache(maxsize=8)  # noqa: B019 - one gazetteer per process: the cache lives as long as it does
    def towns_by_name(self, cc: str, min_population: int) -> dict[str, tuple[Place, ...]]:
        """A country's towns of at least ``min_population``, by each of their (folded) names."""
        rows = self.con.execute(
            "SELECT n.name, p.id, p.name, p.feature, p.cc, p.admin1, p.lat, p.lon, p.population FROM names n "
            "JOIN places p ON p.id = n.place_id WHERE p.cc = ? AND p.feature = 'city' AND p.population >= ?",
            (cc, min_population)).fetchall()
        out: dict[str, set[Place]] = {}
        for r in rows:
            out.setdefault(r[0], set()).add(Place(*r[1:]))
        return {k: tuple(v) for k, v in out.items()}

    @lru_cache(maxsize=4)  # noqa: B019 - one gazetteer per process: the cache lives as long as it does
    def sites_pattern(self, ccs: frozenset[str]) -> re.Pattern | None:
        """The names of several words of the sites of those countries the lists hold (a dam, a
        plant, an airport, an island: "Zaporizhzhia nuclear power plant"), as one pattern over text
        in any case: the model tags only the town in their names, and the town is not where they are."""
        marks = ",".join("?" * len(ccs))
        names = sorted({r[0] for r in self.con.execute(
            f"SELECT n.name FROM names n JOIN places p ON p.id = n.place_id WHERE p.feature = 'other' "
            f"AND p.cc IN ({marks}) AND n.name LIKE '% %'", sorted(ccs))}, key=len, reverse=True)
        if not names:
            return None
        return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, n.split())) for n in names) + r")\b", re.I)

    @cached_property
    def capital_ids(self) -> frozenset[int]:
        """The national capitals, which news copy means by their names unless it says otherwise."""
        return frozenset(r[0] for r in self.con.execute("SELECT place_id FROM capitals"))

    def capital(self, cc: str) -> Place | None:
        r = self.con.execute("SELECT p.id, p.name, p.feature, p.cc, p.admin1, p.lat, p.lon, p.population FROM capitals c "
                             "JOIN places p ON p.id = c.place_id WHERE c.cc = ?", (cc,)).fetchone()
        return Place(*r) if r else None

    def size(self) -> int:
        return int(self.con.execute("SELECT value FROM meta WHERE key = 'places'").fetchone()[0])


_default: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    global _default
    if _default is None:
        _default = Gazetteer()
    return _default
