"""Command line: ``conflictmap extract|ingest|export|geocode|demo|db``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from conflictmap.articles import ArticleError, parse_iso_date, read_article_file


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ArticleError, CommandError) as exc:
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


class CommandError(Exception):
    """Bad input to a command: one line on stderr, exit status 2, nothing changed."""


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
    ingest.add_argument(
        "paths", nargs="*", metavar="PATH", help="report files (.txt .html .json .jsonl .csv) or folders of them"
    )
    _article_options(ingest)
    ingest.add_argument("--url", action="append", default=[], help="a web page (or feed) to read; needs internet")
    ingest.add_argument("--feed", action="append", default=[], help="an RSS or Atom feed whose entries to read")
    ingest.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each URL (default 20)")
    ingest.set_defaults(handler=_ingest)

    _export_parser(commands)

    geocode = commands.add_parser("geocode", help="look up place names in the offline gazetteer")
    geocode.add_argument("names", nargs="+", metavar="NAME", help="place names or phrases; - reads one a line from stdin")
    geocode.add_argument("--admin1", help="governorate the report names, to prefer places there")
    geocode.add_argument("--format", choices=("text", "json"), default="text")
    geocode.add_argument("--online", action="store_true", help="ask Nominatim for names the offline gazetteers do not know well")
    geocode.add_argument("--nominatim-url", help="Nominatim server (default: $CONFLICTMAP_NOMINATIM or the public one)")
    geocode.set_defaults(handler=_geocode)

    _gazetteer_parser(commands)

    assets = commands.add_parser("assets", help="copy the map's JavaScript and CSS into the app's static folder")
    assets.add_argument("static_dir", nargs="?", default="static")
    assets.set_defaults(handler=_assets)

    demo = commands.add_parser("demo", help="load the demo corpus")
    demo.add_argument("--if-empty", action="store_true", help="only when the database holds no events")
    demo.set_defaults(handler=_demo)

    _db_parser(commands)

    reextract = commands.add_parser(
        "reextract", help="run extraction again over stored articles (events an analyst touched are kept)"
    )
    reextract.add_argument("article_ids", nargs="*", metavar="ARTICLE_ID", help="default: every stored article")
    reextract.set_defaults(handler=_reextract)

    _boundaries_parser(commands)
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
    from conflictmap.pipeline import ingest_items
    from conflictmap.places import layered_geocoder
    from conflictmap.sources import read_feed, read_path, read_url
    from conflictmap.store import connect

    if not (args.paths or args.url or args.feed):
        raise ArticleError("nothing to ingest: give a file, a folder, --url or --feed")
    overrides = {"published": args.published, "source": args.source}
    items = [item for path in args.paths for item in read_path(path, **overrides)]
    items += [item for url in args.url for item in read_url(url, args.timeout, **overrides)]
    items += [item for url in args.feed for item in read_feed(url, args.timeout, **overrides)]
    readable = [item for item in items if item.ok]
    if not readable:  # nothing to store: say why, touch no database
        for item in items:
            print(f"conflictmap: error: {item.error}", file=sys.stderr)
        return 2
    live = sys.stderr.isatty()

    def progress(done: int, total: int, step) -> None:
        if live:  # clear the progress line before a result line takes its place
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        if step.error:
            print(f"conflictmap: error: {step.error}", file=sys.stderr, flush=True)
        else:
            state = "added" if step.result.added else "already stored"
            print(f"[{done}/{total}] {step.name}: {state}, {step.result.events} events (article {step.result.article_id})", flush=True)
        if live:
            sys.stderr.write(f"\r\033[Kingesting: {done}/{total} ({done / total:.0%})" + ("\n" if done == total else ""))
            sys.stderr.flush()

    engine = connect()
    # places analysts fixed and gazetteers imported count
    report = ingest_items(engine, items, geocoder=layered_geocoder(engine), progress=progress)
    print(
        f"{report.added} articles added ({report.events_added} events), {report.already_stored} already stored, "
        f"{len(report.errors)} could not be read",
        flush=True,
    )
    return 2 if report.errors else 0


def _reextract(args: argparse.Namespace) -> int:
    from conflictmap.pipeline import reextract_articles
    from conflictmap.store import connect

    changed = reextract_articles(connect(), args.article_ids or None)
    print(f"re-extracted: {changed} machine rows written or removed; analysts' corrections untouched")
    return 0


def _assets(args: argparse.Namespace) -> int:
    from conflictmap.assets import install_assets

    copied = install_assets(args.static_dir)
    print(f"map assets in {args.static_dir}/vendor: {len(copied)} copied, the rest already current")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from conflictmap.pipeline import demo_files, ingest_file
    from conflictmap.places import layered_geocoder
    from conflictmap.store import connect, count_events

    engine = connect()
    if args.if_empty and count_events(engine):
        print(f"database already holds {count_events(engine)} events; demo not loaded")
        return 0
    geocoder, added, total = layered_geocoder(engine), 0, 0
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
    from conflictmap.review import reviewed_events
    from conflictmap.store import connect

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
    frame = filters.apply(reviewed_events(connect()))  # analysts' corrections included
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
    from conflictmap.boundaries import boundaries_geojson
    from conflictmap.briefing import build_briefing
    from conflictmap.render import RenderUnavailable, briefing_pdf, briefing_png, map_png, standalone_map_html
    from conflictmap.store import connect

    out = args.out
    outlines = boundaries_geojson(connect())  # imported governorate and border outlines, if any
    try:
        if args.format == "html":
            text = standalone_map_html(frame, aspect=args.aspect, outlines=outlines)
            if not out:
                sys.stdout.write(text)
                return 0
            Path(out).write_text(text, encoding="utf-8")
        elif args.format == "png" and args.map:
            map_png(frame, out, width=args.width, aspect=args.aspect, outlines=outlines)
        else:
            briefing = build_briefing(
                frame, filters, title=args.title, subtitle=args.subtitle, aspect=args.aspect, outlines=outlines
            )
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
    from conflictmap.gazetteer import GOVERNORATES, SYRIA_BBOX, find_governorate, in_bbox
    from conflictmap.geocode import OfflineGeocoder, parse_place_phrase
    from conflictmap.nominatim import online_or_offline
    from conflictmap.places import layered_geocoder
    from conflictmap.store import connect

    names = _names_from_args(args.names)
    if not names:
        print("conflictmap: error: no place names given", file=sys.stderr)
        return 2
    if args.admin1 and find_governorate(args.admin1) is None:
        known = ", ".join(g.name for g in GOVERNORATES)
        raise CommandError(f"--admin1 {args.admin1!r} is no Syrian governorate (one of: {known})")
    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = connect()
        geocoder = layered_geocoder(engine)
    except SQLAlchemyError as exc:  # the built-in gazetteer still answers without a database
        print(f"conflictmap: database unavailable, built-in gazetteer only ({type(exc).__name__})", file=sys.stderr)
        engine, geocoder = None, OfflineGeocoder()
    if engine is not None and (args.online or args.nominatim_url):
        geocoder = online_or_offline(engine, geocoder, args.nominatim_url or _default_nominatim())
    results = []
    for name in names:
        phrase = parse_place_phrase(name).kind != "locality"
        location = geocoder.geocode(name, admin1=args.admin1)
        match = None
        if location is not None:
            match = {"address": location.address, "latitude": location.latitude, "longitude": location.longitude}
            match |= {k: v for k, v in location.raw.items() if k not in ("alternatives", "osm", "address", "latitude", "longitude")}
            match["in_syria"] = location.raw.get("country") == "SY" or in_bbox(location.latitude, location.longitude, SYRIA_BBOX)
        results.append(
            {
                "query": name,
                "match": match,
                "candidates": [] if location is None else location.raw.get("alternatives", []),
                "unresolved": match is None and not phrase,
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
            print(
                f"{result['query']}: {match['address']} ({match['latitude']:.4f}, {match['longitude']:.4f})"
                f" precision {match['geo_precision']} score {match['score']} [{match['source']}]"
            )
            for candidate in result["candidates"]:
                print(f"    also: {candidate['name']}, {candidate['admin1'] or candidate['country']} score {candidate['score']}")
    last_error = getattr(geocoder, "last_error", None)
    if last_error:
        print(f"conflictmap: online geocoder unavailable, answered offline ({last_error})", file=sys.stderr)
    return 0 if all(r["match"] for r in results) else 1



def _default_nominatim() -> str:
    from conflictmap.nominatim import DEFAULT_URL, nominatim_url_from_env

    return nominatim_url_from_env() or DEFAULT_URL


def _names_from_args(names: list[str]) -> list[str]:
    """The names on the command line, with ``-`` standing for one name a line of stdin."""
    result: list[str] = []
    for name in names:
        if name == "-":
            result.extend(line.strip() for line in sys.stdin if line.strip())
        elif name.strip():
            result.append(name.strip())
    return result


# --- gazetteer imports and analyst fixes (issue 4) -------------------------------------------


def _gazetteer_parser(commands) -> None:
    gazetteer = commands.add_parser("gazetteer", help="import gazetteers, fix places, list names to place")
    actions = gazetteer.add_subparsers(dest="action", required=True, parser_class=_Parser)

    importer = actions.add_parser("import", help="import a GeoNames dump (SY.txt/SY.zip) or OCHA populated places (GeoJSON/CSV)")
    importer.add_argument("path")
    importer.add_argument("--alternate-names", metavar="PATH", help="GeoNames alternateNamesV2/alternatenames file (.txt or .zip)")
    importer.add_argument("--kind", choices=("auto", "geonames", "ocha"), default="auto")
    importer.set_defaults(handler=_gazetteer_import)

    download = actions.add_parser("download", help="fetch and import a GeoNames country dump (needs the internet)")
    download.add_argument("provider", choices=("geonames",))
    download.add_argument("country", help="two-letter country code, e.g. SY")
    download.add_argument("--url", help="dump folder (default: $CONFLICTMAP_GEONAMES_URL or download.geonames.org)")
    download.add_argument("--no-alternate-names", action="store_true", help="skip alternatenames/<country>.zip")
    download.add_argument("--keep", metavar="DIR", help="keep the downloaded files in DIR")
    download.set_defaults(handler=_gazetteer_download)

    fix = actions.add_parser("fix", help="store where a place is (it then outranks every gazetteer)")
    fix.add_argument("name")
    fix.add_argument("latitude", type=float)
    fix.add_argument("longitude", type=float)
    fix.add_argument("--admin1")
    fix.add_argument("--admin2")
    fix.add_argument("--by", help="who fixed it")
    fix.set_defaults(handler=_gazetteer_fix)

    unresolved = actions.add_parser("unresolved", help="list place names stored events carry that no gazetteer knew")
    unresolved.add_argument("--format", choices=("text", "json"), default="text")
    unresolved.set_defaults(handler=_gazetteer_unresolved)


def _read_gazetteer_file(path: str, kind: str, alternate_names: str | None):
    from conflictmap import geonames, ocha

    if not Path(path).is_file():
        raise CommandError(f"{path}: no such file")
    if kind == "auto":
        suffix = Path(path).suffix.lower()
        kind = "ocha" if suffix in (".geojson", ".json", ".csv") else "geonames"
    try:
        if kind == "ocha":
            return ocha.read_ocha_places(path), ocha.SOURCE
        return geonames.read_geonames_dump(path, alternate_names), geonames.SOURCE
    except (ocha.OchaError, geonames.GeoNamesError) as exc:
        raise CommandError(str(exc)) from None


def _gazetteer_import(args: argparse.Namespace) -> int:
    from conflictmap.places import import_places
    from conflictmap.store import connect

    places, source = _read_gazetteer_file(args.path, args.kind, args.alternate_names)
    engine = connect()
    report = import_places(engine, places, source)
    print(f"{args.path}: {report}")
    _prepare_gazetteer_index(engine)
    return 0


def _prepare_gazetteer_index(engine) -> None:
    """Build the layered gazetteer's index now, so the dashboard and ingest load it cached."""
    from conflictmap.places import layered_gazetteer

    started = time.perf_counter()
    gazetteer = layered_gazetteer(engine)
    print(f"gazetteer index ready: {len(gazetteer):,} places in {time.perf_counter() - started:.1f} s")


def _gazetteer_download(args: argparse.Namespace) -> int:
    import tempfile

    from conflictmap.geonames import GeoNamesError, download_geonames, read_geonames_dump
    from conflictmap.places import import_places
    from conflictmap.store import connect

    with tempfile.TemporaryDirectory(prefix="conflictmap-geonames-") as tmp:
        folder = args.keep or tmp
        try:
            dump, names = download_geonames(args.country, folder, url=args.url, alternate_names=not args.no_alternate_names)
            places = read_geonames_dump(dump, names)
        except GeoNamesError as exc:
            raise CommandError(str(exc)) from None
        engine = connect()
        report = import_places(engine, places, "geonames")
    print(f"{args.country.upper()} from GeoNames: {report}")
    _prepare_gazetteer_index(engine)
    return 0


def _gazetteer_fix(args: argparse.Namespace) -> int:
    from conflictmap.pipeline import regeocode_events
    from conflictmap.places import PlaceError, fix_place
    from conflictmap.store import connect

    engine = connect()
    try:
        place = fix_place(engine, args.name, args.latitude, args.longitude, admin1=args.admin1, admin2=args.admin2, by=args.by)
        moved = regeocode_events(engine, args.name, by=args.by)
    except PlaceError as exc:
        raise CommandError(str(exc)) from None
    print(f"fixed {place.name} at ({place.latitude}, {place.longitude}) {place.admin1 or ''}".rstrip())
    print(f"re-geocoded {moved} event{'s' if moved != 1 else ''} that name it")
    return 0


def _gazetteer_unresolved(args: argparse.Namespace) -> int:
    from conflictmap.places import unresolved_names
    from conflictmap.store import connect

    names = unresolved_names(connect())
    if args.format == "json":
        json.dump(names, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for entry in names:
            fixed = " (fixed since)" if entry["fixed"] else ""
            print(f"{entry['name']}: {entry['events']} events, {entry['admin1'] or 'no area'}{fixed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
