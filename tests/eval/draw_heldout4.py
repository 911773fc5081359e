"""Repeat the draw of tests/eval/heldout4.json's articles (prints their unit ids).

Usage: python tests/eval/draw_heldout4.py [path to FA-KES-Dataset.utf8.csv]
"""

import collections
import csv
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"
SEED, PER_OUTLET, TOTAL, MAX_CHARS = 20261126, 2, 30, 3500

rows = list(csv.DictReader(CSV.open(encoding="utf-8", newline="")))
earlier = {item["article"].partition(":")[2] for name in ("dev", "heldout", "heldout2", "heldout3") for item in json.loads((HERE / f"{name}.json").read_text())}
seen: set[str] = set()
pool: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
for row in rows:
    if row["unit_id"] in earlier or row["unit_id"] in seen or len(row["article_content"]) > MAX_CHARS:
        continue
    seen.add(row["unit_id"])
    pool[row["source"]].append(row)
rng = random.Random(SEED)
picked = [row for source in sorted(pool) for row in rng.sample(pool[source], min(PER_OUTLET, len(pool[source])))]
rest = [row for source in sorted(pool) for row in pool[source] if row not in picked]
picked += rng.sample(rest, TOTAL - len(picked))
for row in picked:
    print(row["unit_id"], row["source"], row["date"], row["location"])
