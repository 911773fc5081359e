"""The analyst's workflow at scale: ingest of a folder of many articles, and incident merging.

Prints articles per second for `ingest_items` over the FA-KES corpus written as a
CSV of articles into a fresh SQLite database, the time of a second (no-op) run,
and the time `incident_frame` takes over the stored events and over a synthetic
frame of many events.
Usage: python bench/workflow.py [--fakes PATH] [--synthetic N]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from conflictmap.geocode import OfflineGeocoder
from conflictmap.incidents import incident_frame
from conflictmap.pipeline import ingest_items
from conflictmap.review import reviewed_events
from conflictmap.sources import read_path
from conflictmap.store import connect

DEFAULT_FAKES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"


def _synthetic(n: int) -> pd.DataFrame:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        rows.append(
            {
                "event_id": f"e{i:015d}",
                "article_id": f"a{i // 2:015d}",
                "event_date": pd.Timestamp("2014-01-01") + pd.Timedelta(days=rng.randrange(1000)),
                "event_type": rng.choice(["Battles", "Explosions/Remote violence"]),
                "sub_event_type": "Armed clash",
                "actor1": rng.choice(["Islamic State", "Syrian rebels", "SDF", None]),
                "actor2": rng.choice(["Civilians", "Syrian government forces", None]),
                "latitude": 36.0 + rng.random() * 1.2,
                "longitude": 36.5 + rng.random() * 3.0,
                "geo_precision": rng.choice([1, 1, 2, 3]),
                "fatalities": rng.choice([None, rng.randrange(1, 60)]),
                "fatalities_detail": {},
                "confidence": rng.random(),
                "source": "bench",
                "source_url": None,
                "status": "auto",
                "published": None,
            }
        )
    return pd.DataFrame(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    parser.add_argument("--synthetic", type=int, default=20_000)
    args = parser.parse_args()
    if not args.fakes.exists():
        print(f"no FA-KES corpus at {args.fakes}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "fakes.csv"
        with args.fakes.open(encoding="utf-8") as src, batch.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["title", "text", "source"])
            for row in csv.DictReader(src):
                writer.writerow([row["article_title"], row["article_content"], row["source"]])
        engine = connect(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        geocoder = OfflineGeocoder()
        started = time.perf_counter()
        items = read_path(batch)
        report = ingest_items(engine, items, geocoder=geocoder)
        first = time.perf_counter() - started
        print(f"ingest: {len(items)} inputs in {first:.1f} s ({len(items) / first:.1f} per s); "
              f"{report.added} added, {report.already_stored} duplicates, {len(report.errors)} refused, {report.events_added} events")
        started = time.perf_counter()
        again = ingest_items(engine, read_path(batch), geocoder=geocoder)
        print(f"second ingest (nothing new): {time.perf_counter() - started:.1f} s, {again.added} added")
        events = reviewed_events(engine)
        started = time.perf_counter()
        incidents = incident_frame(events)
        print(f"incident_frame over {len(events)} stored events: {time.perf_counter() - started:.2f} s, "
              f"{len(incidents)} incidents ({int((incidents['source_count'] > 1).sum())} with several sources)")
    frame = _synthetic(args.synthetic)
    started = time.perf_counter()
    incidents = incident_frame(frame)
    print(f"incident_frame over {len(frame)} synthetic events: {time.perf_counter() - started:.2f} s, {len(incidents)} incidents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
