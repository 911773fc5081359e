"""Repeat the seeded draw of a held-out set's articles (prints their unit ids).

Usage: python tests/eval/draw_heldout.py heldout2|...|heldout24 [path to FA-KES-Dataset.utf8.csv]

Each set drew two articles per outlet, then more at random up to 30, from the
FA-KES articles up to a length limit that no earlier set holds. From heldout9
on, a text that an earlier set already holds under another unit id is left out
too, and the sets drawn before it are drawn again rather than read from their
files, so that two sets can be drawn (and annotated) at the same time. From
heldout13 on, a text is also left out when half of its eight-word runs are in
texts drawn before it: that catches a copy whose dateline or opening differs,
which the comparison of openings missed twice in heldout11.
"""

import collections
import csv
import functools
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PER_OUTLET, TOTAL = 2, 30
# set -> (seed, length limit in characters, the sets drawn before it)
DRAWS = {
    "heldout2": (20261124, 2600, ("dev", "heldout")),
    "heldout3": (20261125, 3500, ("dev", "heldout", "heldout2")),
    "heldout4": (20261126, 3500, ("dev", "heldout", "heldout2", "heldout3")),
    "heldout5": (20261127, 3500, ("dev", "heldout", "heldout2", "heldout3", "heldout4")),
    "heldout6": (20261128, 5000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5")),
    "heldout7": (20261129, 5000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")),
    "heldout8": (20261130, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7")),
    "heldout9": (20261131, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8")),
    "heldout10": (20261132, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9")),
    "heldout11": (20261133, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10")),
    "heldout12": (20261134, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11")),
    "heldout13": (20261135, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12")),
    "heldout14": (20261136, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13")),
    "heldout15": (20261137, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14")),
    "heldout16": (20261138, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15")),
    "heldout17": (20261139, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16")),
    "heldout18": (20261140, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17")),
    "heldout19": (20261141, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18")),
    "heldout20": (20261142, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19")),
    "heldout21": (20261143, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20")),
    "heldout22": (20261144, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21")),
    "heldout23": (20261145, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22")),
    "heldout24": (20261146, 7000, ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23")),
}
DISTINCT_TEXTS_FROM = "heldout9"
DISTINCT_BODIES_FROM = "heldout13"
RUN_WORDS, SHARED_RUNS = 8, 0.5


def _opening(text: str) -> str:
    return " ".join(text.split())[:300]


def _word_runs(text: str) -> set[tuple[str, ...]]:
    words = text.lower().split()
    return {tuple(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def _mostly_seen(runs: set[tuple[str, ...]], seen_runs: set[tuple[str, ...]]) -> bool:
    return bool(runs) and len(runs & seen_runs) >= SHARED_RUNS * len(runs)


def _earlier_ids(set_name: str, csv_path: Path) -> set[str]:
    if set_name in DRAWS and list(DRAWS).index(set_name) >= list(DRAWS).index(DISTINCT_TEXTS_FROM):
        return {row["unit_id"] for row in draw(set_name, csv_path)}
    return {item["article"].partition(":")[2] for item in json.loads((HERE / f"{set_name}.json").read_text())}


@functools.cache
def _rows(csv_path: Path) -> list[dict[str, str]]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def draw(name: str, csv_path: Path) -> list[dict[str, str]]:
    seed, max_chars, before = DRAWS[name]
    rows = _rows(csv_path)
    earlier = {unit_id for set_name in before for unit_id in _earlier_ids(set_name, csv_path)}
    distinct_texts = list(DRAWS).index(name) >= list(DRAWS).index(DISTINCT_TEXTS_FROM)
    earlier_texts = {_opening(row["article_content"]) for row in rows if row["unit_id"] in earlier} if distinct_texts else set()
    distinct_bodies = list(DRAWS).index(name) >= list(DRAWS).index(DISTINCT_BODIES_FROM)
    seen_runs = {run for row in rows if row["unit_id"] in earlier for run in _word_runs(row["article_content"])} if distinct_bodies else set()
    seen: set[str] = set()
    pool: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for row in rows:
        if row["unit_id"] in earlier or row["unit_id"] in seen or len(row["article_content"]) > max_chars:
            continue
        if distinct_texts:
            if _opening(row["article_content"]) in earlier_texts:
                continue
            earlier_texts.add(_opening(row["article_content"]))
        if distinct_bodies:
            runs = _word_runs(row["article_content"])
            if _mostly_seen(runs, seen_runs):
                continue
            seen_runs |= runs
        seen.add(row["unit_id"])
        pool[row["source"]].append(row)
    rng = random.Random(seed)
    picked = [row for source in sorted(pool) for row in rng.sample(pool[source], min(PER_OUTLET, len(pool[source])))]
    rest = [row for source in sorted(pool) for row in pool[source] if row not in picked]
    return picked + rng.sample(rest, min(TOTAL - len(picked), len(rest)))  # the last draw may find fewer


if __name__ == "__main__":
    csv_path = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE.parents[2] / "shared" / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"
    for row in draw(sys.argv[1], csv_path):
        print(row["unit_id"], row["source"], row["date"], row["location"])
