"""Ingest and store throughput with 1 and 4 concurrent writers, and dashboard read latency while they write.

    python bench/concurrency.py [--articles 240] [--backend sqlite|postgresql ...]

For each backend: the demo corpus is extracted once, then copied into N distinct
articles (a numbered line added, so each has its own id and event ids); writer
processes store them with store_article (one transaction each, as the ingest
does) from a common start: "store" times the writes alone, "ingest" each
writer's whole path (extract, geocode, store), as `conflictmap ingest` runs it.
While four writers run, this process reads the whole
event table with load_events (what every dashboard page does) over and over and
times each read; the same reads on the finished database give the idle figure.

PostgreSQL comes from CONFLICTMAP_TEST_PG_URL (a superuser URL; a scratch database
is made and dropped), or, when that is unset and we are root, from a throwaway
server started with .ci/postgres.
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from conflictmap.articles import read_article_file  # noqa: E402
from conflictmap.geocode import OfflineGeocoder  # noqa: E402
from conflictmap.pipeline import article_events, demo_files  # noqa: E402
from conflictmap.store import connect, count_events, load_events, store_article  # noqa: E402

WORK: list = []  # (article, events) pairs, filled before the writers fork
GEOCODER: list = []  # the offline geocoder, loaded before the writers fork
REPORTS: list = []  # distinct real reports for the ingest runs (FA-KES from ../shared when present)
FAKES_CSV = ROOT.parent / "shared" / "data" / "fakes" / "FA-KES-Dataset.utf8.csv"


def _workload(count: int) -> list:
    geocoder = OfflineGeocoder()
    base = []
    for path in demo_files():
        article = read_article_file(path)
        base.append((article, article_events(article, geocoder)))
    work = []
    for index in range(count):
        article, article_events_ = base[index % len(base)]
        clone = copy.copy(article)
        clone.text = f"{article.text}\n(Benchmark copy {index}.)"
        events = []
        for ordinal, event in enumerate(article_events_):
            event = copy.copy(event)
            event.article_id = clone.article_id
            event.assign_id(ordinal)
            events.append(event)
        work.append((clone, events))
    return work


def _writer(url: str, indices: list[int], start) -> None:
    engine = connect(url)
    start.wait()
    for index in indices:
        article, events = WORK[index]
        store_article(engine, article, events)
    engine.dispose()


def _ingest_writer(url: str, indices: list[int], start) -> None:
    engine, geocoder = connect(url), GEOCODER[0]
    start.wait()
    for index in indices:
        article = REPORTS[index]
        store_article(engine, article, article_events(article, geocoder))
    engine.dispose()


def _run_writers(url: str, writers: int, read_while_writing: bool, target=_writer) -> tuple[float, list[float]]:
    context = multiprocessing.get_context("fork")
    start = context.Event()
    total = len(REPORTS) if target is _ingest_writer else len(WORK)
    slices = [list(range(i, total, writers)) for i in range(writers)]
    processes = [context.Process(target=target, args=(url, part, start)) for part in slices]
    for process in processes:
        process.start()
    reader = connect(url)
    time.sleep(1.0)  # let every writer connect first
    began = time.perf_counter()
    start.set()
    latencies = []
    while any(process.is_alive() for process in processes):
        if read_while_writing:
            t = time.perf_counter()
            load_events(reader)
            latencies.append(time.perf_counter() - t)
        else:
            time.sleep(0.01)
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a writer failed (exit {process.exitcode})")
    reader.dispose()
    return elapsed, latencies


def _idle_reads(url: str, times: int = 30) -> list[float]:
    engine = connect(url)
    latencies = []
    for _ in range(times):
        t = time.perf_counter()
        load_events(engine)
        latencies.append(time.perf_counter() - t)
    engine.dispose()
    return latencies


def _ms(values: list[float]) -> str:
    if not values:
        return "no reads"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms ({len(ordered)} reads)"


class _Databases:
    """Fresh, empty databases on one backend."""

    def __init__(self, backend: str, pg_url: str | None, scratch: Path) -> None:
        self.backend, self.pg_url, self.scratch, self.made = backend, pg_url, scratch, []

    def new(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.scratch / f'{uuid.uuid4().hex[:8]}.sqlite'}"
        name = f"cm_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self.made.append(name)
        return make_url(self.pg_url).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.made:
            return
        admin = create_engine(self.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def bench(backend: str, pg_url: str | None, scratch: Path) -> None:
    databases = _Databases(backend, pg_url, scratch)
    counts: dict[str, int] = {}
    try:
        for kind, target in (("store", _writer), ("ingest", _ingest_writer)):
            for writers in (1, 4):
                url = databases.new()
                connect(url).dispose()
                elapsed, during = _run_writers(url, writers, read_while_writing=writers == 4, target=target)
                stored = count_events(connect(url))
                articles = len(WORK) if kind == "store" else len(REPORTS)
                expected = sum(len(events) for _, events in WORK) if kind == "store" else counts.setdefault(kind, stored)
                assert stored == expected, f"{stored} events stored, {expected} expected (as with one writer)"
                print(
                    f"{backend:10} {kind:6} {writers} writer{'s' if writers > 1 else ' '}: {articles / elapsed:7.1f} articles/s, "
                    f"{stored / elapsed:7.1f} events/s ({articles} articles, {stored} events in {elapsed:.2f} s)"
                )
                if writers == 4:
                    print(f"{backend:10} {kind:6} dashboard read (load_events) while 4 write: {_ms(during)}")
        print(f"{backend:10} dashboard read (load_events) idle, same data: {_ms(_idle_reads(url))}")
    finally:
        databases.drop_all()


def _reports(count: int) -> tuple[list, str]:
    """Distinct reports to ingest: real FA-KES articles when ../shared is there, else the demo copies."""
    if FAKES_CSV.is_file():
        from conflictmap.evaluate import fakes_article, read_fakes

        seen, reports = set(), []
        for row in read_fakes(FAKES_CSV):
            if row["article_content"] not in seen:
                seen.add(row["article_content"])
                reports.append(fakes_article(row))
        return reports[:count], "distinct FA-KES reports"
    return [article for article, _ in WORK], "demo copies (no ../shared: repeated sentences make extraction look faster)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]

    WORK.extend(_workload(args.articles))
    GEOCODER.append(OfflineGeocoder())  # loaded before the writers fork, as one ingest process loads it once
    reports, described = _reports(args.articles)
    REPORTS.extend(reports)
    print(f"store runs: {len(WORK)} copies of the demo reports, extracted beforehand; ingest runs: {len(REPORTS)} {described}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {len(WORK)} articles per run")
    with tempfile.TemporaryDirectory() as scratch:
        pg_url, pg_dir = os.environ.get("CONFLICTMAP_TEST_PG_URL"), None
        if "postgresql" in backends and not pg_url and os.geteuid() == 0:
            pg_dir = Path(scratch) / "pg"
            os.chmod(scratch, 0o755)  # the postgres user must reach its cluster inside our scratch folder
            lines = subprocess.run(
                [str(ROOT / ".ci" / "postgres"), "start", str(pg_dir)], check=True, capture_output=True, text=True
            ).stdout
            pg_url = next(line.split("=", 1)[1] for line in lines.splitlines() if "CONFLICTMAP_TEST_PG_URL" in line)
        try:
            for backend in backends:
                if backend == "postgresql" and not pg_url:
                    print("postgresql: skipped (no server: set CONFLICTMAP_TEST_PG_URL)")
                    continue
                bench(backend, pg_url, Path(scratch))
        finally:
            if pg_dir:
                subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", str(pg_dir)], check=False)


if __name__ == "__main__":
    main()
