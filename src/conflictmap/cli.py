"""Command line: ``conflictmap extract|ingest|export|geocode|demo``."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from conflictmap.articles import ArticleError, parse_iso_date, read_article_file
from conflictmap.record import EVENT_FIELDS


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ArticleError as exc:
        print(f"conflictmap: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not usage plus message
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="conflictmap", description="Geocoded conflict events from news reports.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    extract = commands.add_parser("extract", help="print an article's events (writes nothing)")
    extract.add_argument("path")
    _article_options(extract)
    extract.add_argument("--format", choices=("json", "csv"), default="json")
    extract.set_defaults(handler=_extract)

    ingest = commands.add_parser("ingest", help="extract, geocode and store articles")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    _article_options(ingest)
    ingest.set_defaults(handler=_ingest)

    export = commands.add_parser("export", help="write the stored events")
    export.add_argument("--format", choices=("csv", "geojson"), default="csv")
    export.add_argument("--out", help="file to write (default: standard output)")
    export.set_defaults(handler=_export)

    geocode = commands.add_parser("geocode", help="look up place names in the offline gazetteer")
    geocode.add_argument("names", nargs="+", metavar="NAME")
    geocode.add_argument("--admin1", help="governorate the report names, to prefer places there")
    geocode.add_argument("--format", choices=("text", "json"), default="text")
    geocode.set_defaults(handler=_geocode)

    assets = commands.add_parser("assets", help="copy the map's JavaScript and CSS into the app's static folder")
    assets.add_argument("static_dir", nargs="?", default="static")
    assets.set_defaults(handler=_assets)

    demo = commands.add_parser("demo", help="load the demo corpus")
    demo.add_argument("--if-empty", action="store_true", help="only when the database holds no events")
    demo.set_defaults(handler=_demo)

    _boundaries_parser(commands)
    return parser


def _boundaries_parser(commands) -> None:
    boundaries = commands.add_parser("boundaries", help="outlines for the offline map background")
    actions = boundaries.add_subparsers(dest="action", required=True, parser_class=_Parser)
    imp = actions.add_parser("import", help="store the outlines of a GeoJSON file (admin areas, border lines)")
    imp.add_argument("path")
    imp.add_argument("--kind", choices=("admin1", "admin2", "border", "outline"), help="default: guessed from the file")
    imp.set_defaults(handler=_boundaries_import)


def _article_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--published", type=_date_arg, help="publication date, YYYY-MM-DD")
    parser.add_argument("--source", help="the outlet, when the article does not say")


def _date_arg(value: str):
    try:
        return parse_iso_date(value)
    except ArticleError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _extract(args: argparse.Namespace) -> int:
    from conflictmap.pipeline import article_events

    article = read_article_file(args.path, published=args.published, source=args.source)
    records = [event.to_dict() for event in article_events(article)]
    if args.format == "json":
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(events_csv(records))
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from conflictmap.geocode import OfflineGeocoder
    from conflictmap.pipeline import article_events
    from conflictmap.store import connect, store_article

    # Read every file first, so one bad file stops the run before anything is stored.
    articles = [read_article_file(path, published=args.published, source=args.source) for path in args.paths]
    engine, geocoder = connect(), OfflineGeocoder()
    for path, article in zip(args.paths, articles, strict=True):
        result = store_article(engine, article, article_events(article, geocoder))
        state = "added" if result.added else "already stored"
        print(f"{path}: {state}, {result.events} events (article {result.article_id})")
    return 0


def _assets(args: argparse.Namespace) -> int:
    from conflictmap.assets import install_assets

    copied = install_assets(args.static_dir)
    print(f"map assets in {args.static_dir}/vendor: {len(copied)} copied, the rest already current")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from conflictmap.geocode import OfflineGeocoder
    from conflictmap.pipeline import demo_files, ingest_file
    from conflictmap.store import connect, count_events

    engine = connect()
    if args.if_empty and count_events(engine):
        print(f"database already holds {count_events(engine)} events; demo not loaded")
        return 0
    geocoder, added, total = OfflineGeocoder(), 0, 0
    for path in demo_files():
        _, result = ingest_file(engine, path, geocoder=geocoder)
        added += result.added
        total += result.events
    print(f"demo corpus: {len(demo_files())} articles ({added} new), {total} events; database holds {count_events(engine)} events")
    return 0


def _boundaries_import(args: argparse.Namespace) -> int:
    from conflictmap.boundaries import BoundaryError, import_boundaries
    from conflictmap.store import connect

    try:
        result = import_boundaries(connect(), args.path, kind=args.kind)
    except BoundaryError as exc:
        print(f"conflictmap: error: {exc}", file=sys.stderr)
        return 2
    print(f"{result.source}: {result.features} {result.kind} outlines stored")
    return 0


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: object) -> object:
    """Keep spreadsheets from running a cell that starts like a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def events_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(EVENT_FIELDS), lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = dict(record)
        row["fatalities_detail"] = json.dumps(row.get("fatalities_detail") or {}, ensure_ascii=False)
        writer.writerow({k: _neutralise(v) for k, v in row.items() if k in EVENT_FIELDS})
    return out.getvalue()


def events_geojson(records: list[dict]) -> dict:
    features = []
    for record in records:
        if record.get("latitude") is None or record.get("longitude") is None:
            continue
        properties = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _stored_records() -> list[dict]:
    import pandas as pd

    from conflictmap.store import connect, load_events

    frame = load_events(connect())
    records = []
    for row in frame.to_dict(orient="records"):
        record = {name: row[name] for name in EVENT_FIELDS}
        record["event_date"] = row["event_date"].date().isoformat() if not pd.isna(row["event_date"]) else None
        record["fatalities"] = None if pd.isna(row["fatalities"]) else int(row["fatalities"])
        records.append(record)
    return records


def _export(args: argparse.Namespace) -> int:
    records = _stored_records()
    text = events_csv(records) if args.format == "csv" else json.dumps(events_geojson(records), ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {len(records)} events to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _geocode(args: argparse.Namespace) -> int:
    from conflictmap.geocode import OfflineGeocoder

    geocoder = OfflineGeocoder()
    results = []
    for name in args.names:
        location = geocoder.geocode(name, admin1=args.admin1)
        results.append(
            {
                "query": name,
                "match": None
                if location is None
                else {"address": location.address, "latitude": location.latitude, "longitude": location.longitude}
                | {k: v for k, v in location.raw.items() if k != "alternatives"},
                "candidates": [] if location is None else location.raw.get("alternatives", []),
            }
        )
    if args.format == "json":
        json.dump(results if len(results) > 1 else results[0], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for result in results:
            match = result["match"]
            if match is None:
                print(f"{result['query']}: not found")
                continue
            print(f"{result['query']}: {match['address']} ({match['latitude']:.4f}, {match['longitude']:.4f}) score {match['score']}")
            for candidate in result["candidates"]:
                print(f"    also: {candidate['name']}, {candidate['admin1'] or candidate['country']} score {candidate['score']}")
    return 0 if all(r["match"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
