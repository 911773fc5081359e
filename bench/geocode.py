"""Geocoding speed, gazetteer load time and accuracy on real report mentions.

Imports OCHA's populated places into a scratch SQLite database, then prints:
the time to build the layered gazetteer's index (once per import, which the
`gazetteer import` command does) and to load it in a fresh process, as the
dashboard and every ingest do (target under 1 s), offline look-ups per second over a warm batch
of real names (target at least 20,000/s), and how many of the real report
mentions in tests/data/report_places.json resolve within 10 km.
Usage: python bench/geocode.py [--ocha PATH] [--passes N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OCHA = ROOT.parent / "shared" / "data" / "ocha2015_syr_admin4_point.geojson"
REPORT_PLACES = ROOT / "tests" / "data" / "report_places.json"

_LOAD_SNIPPET = """
import sys, time
from conflictmap.store import connect
from conflictmap.places import layered_geocoder
engine = connect(sys.argv[1])
started = time.perf_counter()
geocoder = layered_geocoder(engine)
print(time.perf_counter() - started, len(geocoder.gazetteer))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocha", type=Path, default=DEFAULT_OCHA)
    parser.add_argument("--passes", type=int, default=20)
    args = parser.parse_args()
    if not args.ocha.exists():
        print(f"no OCHA populated places at {args.ocha}", file=sys.stderr)
        return 2

    from conflictmap.gazetteer import SYRIA_BBOX, distance_km, in_bbox
    from conflictmap.ocha import read_ocha_places
    from conflictmap.places import import_places, layered_geocoder
    from conflictmap.store import connect

    with tempfile.TemporaryDirectory(prefix="conflictmap-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        engine = connect(url)
        started = time.perf_counter()
        report = import_places(engine, read_ocha_places(args.ocha), "ocha")
        print(f"OCHA import: {report} in {time.perf_counter() - started:.2f} s")

        started = time.perf_counter()
        geocoder = layered_geocoder(engine)
        print(f"gazetteer index build (once per imported content; `gazetteer import` does it): {time.perf_counter() - started:.2f} s, "
              f"{len(geocoder.gazetteer)} places")
        loads = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", _LOAD_SNIPPET, url], capture_output=True, text=True, check=True,
                env={**os.environ},
            ).stdout.split()
            loads.append(float(out[0]))
        print(f"gazetteer load with OCHA imported, fresh process, cached index: median {statistics.median(loads):.3f} s "
              f"(runs: {', '.join(f'{s:.3f}' for s in loads)}; target < 1 s)")

        data = json.loads(REPORT_PLACES.read_text(encoding="utf-8"))
        batch = [(p["mention"], p["governorate"]) for p in data["places"]]
        batch += [(p["mention"], None) for p in data["places"]]
        batch += [(name, "Aleppo") for name in data["not_in_any_gazetteer"]]

        started = time.perf_counter()
        for name, admin1 in batch:
            geocoder.geocode(name, admin1=admin1)
        cold = len(batch) / (time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(args.passes):
            for name, admin1 in batch:
                geocoder.geocode(name, admin1=admin1)
        warm = args.passes * len(batch) / (time.perf_counter() - started)
        print(f"look-ups, offline, batch of {len(batch)} real names: cold {cold:,.0f}/s, "
              f"warm {warm:,.0f}/s (target >= 20,000/s)")

        unknown = set(data["not_in_any_gazetteer"])
        counted = [p for p in data["places"] if p["mention"] not in unknown]
        within = outside = 0
        for place in data["places"]:
            location = geocoder.geocode(place["mention"], admin1=place["governorate"])
            if location is None:
                continue
            if location.raw["country"] != "SY" or not in_bbox(location.latitude, location.longitude, SYRIA_BBOX):
                outside += 1
            if place["mention"] not in unknown and distance_km(
                place["latitude"], place["longitude"], location.latitude, location.longitude
            ) < 10:
                within += 1
        print(f"real report mentions: {within}/{len(counted)} in the gazetteer within 10 km "
              f"({within / len(counted):.1%}; target >= 90%), {outside} resolved outside Syria (target 0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
