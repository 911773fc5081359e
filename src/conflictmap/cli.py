"""Command line: ``conflictmap extract|ingest|export|geocode|demo|db``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from conflictmap.articles import ArticleError, parse_iso_date, read_article_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except ArticleError as exc:
        print(f"conflictmap: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the store's own failures: one line, not a traceback
        from conflictmap.backup import BackupError
        from conflictmap.store import StoreUnavailable

        if isinstance(exc, BackupError):
            print(f"conflictmap: error: {exc}", file=sys.stderr)
            return 2
        if isinstance(exc, StoreUnavailable):
            print(f"conflictmap: error: {exc}", file=sys.stderr)
            return 3
        raise
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

    _export_parser(commands)

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

    _db_parser(commands)
    return parser


def _db_parser(commands) -> None:
    db = commands.add_parser("db", help="the database: bring its schema up to date, back it up, restore a backup")
    actions = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    upgrade = actions.add_parser("upgrade", help="apply the schema migrations this version has (connecting does it too)")
    upgrade.set_defaults(handler=_db_upgrade)
    backup = actions.add_parser("backup", help="write a consistent copy of the whole database to PATH")
    backup.add_argument("path", metavar="PATH")
    backup.set_defaults(handler=_db_backup)
    restore = actions.add_parser("restore", help="replace everything in the database with the backup at PATH")
    restore.add_argument("path", metavar="PATH")
    restore.set_defaults(handler=_db_restore)


def _db_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from conflictmap.store import connect, current_revisions, database_url, has_postgis, retrying, upgrade

    def revision() -> str:
        with engine.connect() as conn:
            return ", ".join(sorted(current_revisions(conn)))

    engine = connect(migrate=False)
    before = retrying(revision, "opening the database")
    applied = retrying(lambda: upgrade(engine), "upgrading the database")
    where = make_url(database_url()).render_as_string(hide_password=True)
    extra = " with PostGIS" if has_postgis(engine) else ""
    done = f"was {before or 'empty'}" if applied else "already up to date"
    print(f"{where}{extra}: schema at revision {revision()} ({done})")
    return 0


def _counts(rows: dict[str, int]) -> str:
    return ", ".join(f"{count} {table}" for table, count in rows.items())


def _db_backup(args: argparse.Namespace) -> int:
    from conflictmap.backup import backup
    from conflictmap.store import connect

    result = backup(connect(), args.path)
    kind = "SQLite database" if result.kind == "sqlite" else "conflictmap dump (gzip JSON)"
    print(f"backed up {_counts(result.rows)} to {result.path} ({kind})")
    return 0


def _db_restore(args: argparse.Namespace) -> int:
    from conflictmap.backup import restore
    from conflictmap.store import connect

    result = restore(connect(), args.path)
    print(f"restored {_counts(result.rows)} from {result.path}; the database held nothing else afterwards")
    return 0


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


def events_csv(records: list[dict]) -> str:
    """Event records as CSV with formula-like cells neutralised (kept here for callers of the CLI module)."""
    from conflictmap.export import records_csv

    return records_csv(records)


def _export_parser(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the stored events (csv, xlsx, geojson) or the map and briefing (png, html, pdf)",
        description="Write the stored events, filtered like the dashboard. csv/xlsx follow ACLED's columns; "
        "png is the briefing page (or the map alone with --map), html the standalone offline map, pdf the briefing.",
    )
    export.add_argument("--format", choices=("csv", "xlsx", "geojson", "png", "html", "pdf"), default="csv")
    export.add_argument("--out", help="file to write (default: standard output for csv and geojson)")
    export.add_argument("--from", dest="start", type=_date_arg, metavar="YYYY-MM-DD", help="first day of the period")
    export.add_argument("--to", dest="end", type=_date_arg, metavar="YYYY-MM-DD", help="last day of the period")
    export.add_argument(
        "--event-type", action="append", default=[], metavar="TYPE", help="ACLED event type (repeatable)"
    )
    export.add_argument(
        "--actor", action="append", default=[], metavar="NAME", help="actor on either side (repeatable)"
    )
    export.add_argument("--admin1", action="append", default=[], metavar="GOVERNORATE", help="governorate (repeatable)")
    export.add_argument("--include-undated", action="store_true", help="also events with no known date")
    export.add_argument("--title", help="briefing title (png, pdf)")
    export.add_argument("--subtitle", help="briefing subtitle (png, pdf)")
    export.add_argument("--aspect", choices=("16:9", "4:3"), default="16:9", help="map aspect ratio (png, html, pdf)")
    export.add_argument("--width", type=int, default=1600, help="image width in pixels (png)")
    export.add_argument("--map", action="store_true", help="png: the map alone instead of the whole briefing")
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from conflictmap.export import EventFilters, events_csv, geojson_text, write_xlsx
    from conflictmap.record import EVENT_TYPES
    from conflictmap.store import connect, load_events

    unknown = [t for t in args.event_type if t not in EVENT_TYPES]
    if unknown:
        raise ArticleError(f"unknown event type {unknown[0]!r}; one of: {', '.join(EVENT_TYPES)}")
    if args.start and args.end and args.start > args.end:
        raise ArticleError(f"--from {args.start} is after --to {args.end}")
    if args.format in ("xlsx", "png", "pdf") and not args.out:
        raise ArticleError(f"--format {args.format} needs --out FILE")
    filters = EventFilters(
        start=args.start,
        end=args.end,
        event_types=tuple(args.event_type),
        actors=tuple(args.actor),
        admin1=tuple(args.admin1),
        include_undated=args.include_undated,
    )
    frame = filters.apply(load_events(connect()))
    if args.format in ("csv", "geojson"):
        text = events_csv(frame) if args.format == "csv" else geojson_text(frame)
        if not args.out:
            sys.stdout.write(text)
            return 0
        Path(args.out).write_text(text, encoding="utf-8")
    elif args.format == "xlsx":
        write_xlsx(frame, args.out)
    else:
        return _export_rendered(args, frame, filters)
    print(f"wrote {len(frame)} events to {args.out}", file=sys.stderr)
    return 0


def _export_rendered(args: argparse.Namespace, frame, filters) -> int:
    from conflictmap.briefing import build_briefing
    from conflictmap.render import RenderUnavailable, briefing_pdf, briefing_png, map_png, standalone_map_html

    out = args.out
    try:
        if args.format == "html":
            text = standalone_map_html(frame, aspect=args.aspect)
            if not out:
                sys.stdout.write(text)
                return 0
            Path(out).write_text(text, encoding="utf-8")
        elif args.format == "png" and args.map:
            map_png(frame, out, width=args.width, aspect=args.aspect)
        else:
            briefing = build_briefing(frame, filters, title=args.title, subtitle=args.subtitle, aspect=args.aspect)
            if args.format == "png":
                briefing_png(briefing, frame, out, width=args.width)
            else:
                briefing_pdf(briefing, frame, out)
    except RenderUnavailable as exc:
        print(f"conflictmap: error: {exc}", file=sys.stderr)
        return 3
    print(f"wrote {len(frame)} events to {out}", file=sys.stderr)
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
