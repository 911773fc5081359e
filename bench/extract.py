"""Extraction speed and memory on the FA-KES corpus (804 real news articles).

Prints articles per second for the whole path an article takes before storage
(cleaning, extraction, geocoding) and the process's peak resident memory.
Usage: python bench/extract.py [--repeat N] [--fakes PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import time
from pathlib import Path

from conflictmap.articles import ArticleError, parse_article
from conflictmap.geocode import OfflineGeocoder
from conflictmap.pipeline import article_events

DEFAULT_FAKES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.fakes.exists():
        print(f"no FA-KES corpus at {args.fakes}", file=sys.stderr)
        return 2
    with args.fakes.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["article_content"] for row in rows]

    started = time.perf_counter()
    geocoder = OfflineGeocoder()
    load_s = time.perf_counter() - started

    best = best_cpu = float("inf")
    events = 0
    for _ in range(args.repeat):
        events = 0
        started, started_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            try:
                events += len(article_events(parse_article(text), geocoder))
            except ArticleError:
                pass
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(texts)}  events: {events}")
    print(f"gazetteer load: {load_s:.2f} s")
    print(f"extraction (clean + extract + geocode), best of {args.repeat}: {best:.2f} s = {len(texts) / best:.0f} articles/s")
    # On a shared machine the wall clock includes waiting for a core; CPU time does not.
    print(f"  CPU time of this process: {best_cpu:.2f} s = {len(texts) / best_cpu:.0f} articles per CPU-second")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  load average (1 min) when done: {load:.2f} on {os.cpu_count()} cores")
    print(f"peak RSS: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
