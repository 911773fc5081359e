"""The briefing: what one slide says about the events that pass the filters.

:func:`build_briefing` gathers the content (title, period and filters in words, key
figures, the most lethal events with their sources, a footer saying when and from
what it was made); :func:`briefing_document` lays it out as one self-contained HTML
page, which :mod:`conflictmap.render` turns into PNG and PDF. Every piece of
article text is escaped here, so nothing from a report is ever markup.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from conflictmap.analysis import key_figures
from conflictmap.cartography import ASPECTS
from conflictmap.charts import fatalities_chart
from conflictmap.export import EventFilters
from conflictmap.mapview import EVENT_COLOURS

DEFAULT_TITLE = "Conflict events in northern Syria"
EVIDENCE_CHARS = 190


@dataclass(frozen=True)
class LethalEvent:
    date: str
    place: str
    what: str
    actors: str
    fatalities: int
    evidence: str
    source: str
    source_url: str | None
    event_id: str


@dataclass(frozen=True)
class Briefing:
    title: str
    subtitle: str
    period: str
    filters: list[str]
    figures: list[tuple[str, str]]
    lethal: list[LethalEvent]
    generated_at: dt.datetime
    data: str
    aspect: str = "16:9"
    undated_left_out: int = 0
    notes: list[str] = field(default_factory=list)
    outlines: dict | None = None  # imported governorate and border outlines for the map, GeoJSON

    @property
    def scope(self) -> str:
        """Period and filters as one line."""
        return " · ".join([self.period, *self.filters])

    @property
    def footer(self) -> str:
        return (
            f"Generated {self.generated_at:%d %B %Y, %H:%M} UTC by conflictmap from {self.data}. "
            "Events and tolls are as the reports state them, read automatically; each one can be traced to its "
            "sentence and source."
        )


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def period_in_words(frame: pd.DataFrame, filters: EventFilters) -> str:
    figures = key_figures(frame)
    start = filters.start or figures.first
    end = filters.end or figures.last
    if start is None and end is None:
        return "No dated events"
    if end is None:
        return f"From {_day(start)}"
    if start is None:
        return f"Up to {_day(end)}"
    if start == end:
        return _day(start)
    return f"{_day(start)} to {_day(end)}"


def default_title(filters: EventFilters) -> str:
    if len(filters.admin1) == 1:
        return f"Conflict events in {filters.admin1[0]} governorate"
    return DEFAULT_TITLE


def default_subtitle(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "No events match the filters"
    return "What news reports say happened, where, who fought whom, and how many were killed"


def _place(location: object, admin1: object) -> str:
    location = location if isinstance(location, str) else ""
    if isinstance(admin1, str) and admin1.lower() not in location.lower():
        return f"{location}, {admin1}" if location else admin1
    return location or "place not known"


def most_lethal(frame: pd.DataFrame, count: int = 5) -> list[LethalEvent]:
    """The ``count`` events with the highest reported toll, each with its evidence and source."""
    killed = frame[frame["fatalities"].fillna(0) > 0]
    ordered = killed.assign(_killed=killed["fatalities"].astype("float")).sort_values(
        ["_killed", "event_date"], ascending=[False, True]
    )
    lethal = []
    for _, event in ordered.head(count).iterrows():
        date = event["event_date"]
        evidence = " ".join(str(event["evidence"] or "").split())
        if len(evidence) > EVIDENCE_CHARS:
            evidence = evidence[: EVIDENCE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        actor1 = event["actor1"] if isinstance(event["actor1"], str) else "Unidentified"
        actor2 = event["actor2"] if isinstance(event["actor2"], str) else None
        url = event.get("source_url")
        lethal.append(
            LethalEvent(
                date=_day(date.date()) if not pd.isna(date) else "date not known",
                place=_place(event["location"], event["admin1"]),
                what=str(event["sub_event_type"]),
                actors=f"{actor1} vs {actor2}" if actor2 else actor1,
                fatalities=int(event["fatalities"]),
                evidence=evidence,
                source=str(event["source"]) if isinstance(event["source"], str) else "source not named",
                source_url=url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None,
                event_id=str(event["event_id"]),
            )
        )
    return lethal


def data_in_words(frame: pd.DataFrame, database: str | None = None) -> str:
    reports = frame["article_id"].nunique()
    sources = frame["source"].dropna().value_counts().index.tolist()
    named = ", ".join(sources[:5]) + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
    text = f"{len(frame)} events in {reports} news reports" + (f" ({named})" if named else "")
    return text + (f", database {database}" if database else "")


def build_briefing(
    frame: pd.DataFrame,
    filters: EventFilters | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    aspect: str = "16:9",
    database: str | None = None,
    now: dt.datetime | None = None,
    count: int = 5,
    outlines: dict | None = None,
) -> Briefing:
    """The briefing's content for ``frame``, the events already filtered by ``filters``."""
    if aspect not in ASPECTS:
        raise ValueError(f"aspect must be one of {', '.join(ASPECTS)}, not {aspect!r}")
    filters = filters or EventFilters()
    figures = key_figures(frame)
    return Briefing(
        title=(title or "").strip() or default_title(filters),
        subtitle=(subtitle or "").strip() or default_subtitle(frame),
        period=period_in_words(frame, filters),
        filters=filters.in_words(),
        figures=[
            ("Events", f"{figures.events:,}"),
            ("Killed (as reported)", f"{figures.fatalities:,}"),
            ("Places", f"{figures.places:,}"),
            ("Located to the village", f"{figures.village_precision_share:.0%}"),
        ],
        lethal=most_lethal(frame, count),
        generated_at=(now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC),
        data=data_in_words(frame, database),
        aspect=aspect,
        undated_left_out=int(frame["event_date"].isna().sum()),
        outlines=outlines,
    )


def fatalities_by_type_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Killed per event type, as horizontal bars in the map's colours, each with its number."""
    data = (
        frame.assign(killed=frame["fatalities"].fillna(0).astype(int))
        .groupby("event_type", as_index=False)["killed"]
        .sum()
    )
    types = [t for t in EVENT_COLOURS if t in set(data["event_type"])]
    base = alt.Chart(data, title="Killed by event type").encode(
        y=alt.Y("event_type:N", title=None, sort="-x"),
        x=alt.X("killed:Q", title="People killed", axis=alt.Axis(tickCount=4)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "event_type:N", legend=None, scale=alt.Scale(domain=types, range=[EVENT_COLOURS[t] for t in types])
        ),
        tooltip=[alt.Tooltip("event_type:N", title="Event type"), alt.Tooltip("killed:Q", title="Killed")],
    )
    numbers = base.mark_text(align="left", dx=4, fontSize=12, fontWeight="bold", color="#2d3436").encode(
        text=alt.Text("killed:Q", format=",")
    )
    return alt.layer(bars, numbers)


def _readable(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # The charts go into a slide: text as large as the sheet's small print, never smaller.
    return (
        chart.configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#2d3436", titleColor="#2d3436")
        .configure_legend(labelFontSize=12, titleFontSize=12, symbolSize=110, labelLimit=220)
        .configure_title(fontSize=14, color="#1e272e", anchor="start")
        .configure_view(stroke=None)
    )


def briefing_charts(frame: pd.DataFrame, width: int = 290, height: int = 90) -> list[alt.TopLevelMixin]:
    """The casualty charts of a briefing: killed per month by side of the dead, and by event type.

    Sized to sit beside the map at their natural size, so their text is never shrunk."""
    # Whole-month bars: a month's bar spans its month on the time axis; a labelled tick every six months.
    monthly = fatalities_chart(frame, "MS")
    sides = monthly.encoding.color.copy()
    sides.title = "Side of the dead"
    sides.legend = alt.Legend(orient="bottom", columns=3, direction="vertical")
    over_time = (
        monthly.encode(
            x=alt.X(
                "yearmonth(period):T",
                title=None,
                axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount={"interval": "month", "step": 6}),
            ),
            y=alt.Y("sum(fatalities):Q", title="People killed", axis=alt.Axis(tickCount=4)),
            color=sides,
        )
        .properties(width=width, height=height, title="Killed per month")
    )
    by_type = fatalities_by_type_chart(frame).properties(width=width - 140, height=int(height * 0.8))
    return [_readable(over_time), _readable(by_type)]


# --- layout -----------------------------------------------------------------------------------

# Every rule sits under .cm-sheet, so the dashboard can show the same pieces without restyling itself.
SHEET_STYLE = """
.cm-sheet, .cm-sheet * { box-sizing: border-box; }
.cm-sheet { font: 15px/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1e272e; }
.cm-sheet .cm-header { border-bottom: 3px solid #2d3436; padding-bottom: 10px; margin-bottom: 14px; }
.cm-sheet h1 { font-size: 30px; margin: 0 0 4px; padding: 0; line-height: 1.15; font-weight: bold; }
.cm-sheet .subtitle { font-size: 18px; margin: 0 0 6px; color: #2d3436; }
.cm-sheet .scope { font-size: 14px; margin: 0; color: #57606f; }
.cm-sheet .top { display: flex; gap: 20px; align-items: flex-start; }
.cm-sheet .map { flex: 0 0 800px; margin: 0; }
.cm-sheet .map img { display: block; width: 800px; border: 1px solid #b2bec3; }
.cm-sheet .nomap { width: 800px; border: 1px solid #b2bec3; background: #f1f2f6; display: flex;
  align-items: center; justify-content: center; color: #57606f; }
.cm-sheet .side { flex: 1 1 auto; min-width: 0; }
.cm-sheet .figures { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-bottom: 10px; }
.cm-sheet .figure { background: #f1f2f6; border-left: 4px solid #2d3436; padding: 5px 10px; }
.cm-sheet .figure .value { font-size: 26px; font-weight: bold; line-height: 1.1; }
.cm-sheet .figure .label { font-size: 12px; color: #57606f; text-transform: uppercase; letter-spacing: .03em; }
.cm-sheet .charts img { display: block; max-width: 100%; margin: 8px auto 0; }
.cm-sheet h2 { font-size: 15px; margin: 16px 0 4px; padding: 0; text-transform: uppercase; letter-spacing: .04em; color: #2d3436; }
.cm-sheet table.lethal { width: 100%; border-collapse: collapse; font-size: 12.5px; border: none; }
.cm-sheet .lethal td { border: none; border-top: 1px solid #dfe4ea; padding: 5px 8px 5px 0; vertical-align: top; }
.cm-sheet .lethal .killed { color: #c0392b; font-weight: bold; font-size: 15px; white-space: nowrap; width: 90px; }
.cm-sheet .lethal .when { white-space: nowrap; width: 150px; }
.cm-sheet .lethal .what { width: 300px; }
.cm-sheet .lethal .evidence { font-style: italic; color: #2f3542; overflow-wrap: anywhere; }
.cm-sheet .lethal .source { color: #57606f; font-style: normal; overflow-wrap: anywhere; }
.cm-sheet .cm-footer { margin-top: 12px; border-top: 1px solid #b2bec3; padding-top: 6px; font-size: 11.5px; color: #57606f; }
"""
_DOCUMENT_STYLE = "html, body { margin: 0; background: #fff; } .cm-sheet { width: 1280px; padding: 24px 32px 16px; }"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def header_html(briefing: Briefing) -> str:
    return (
        f'<header class="cm-header"><h1 class="cm-title">{_e(briefing.title)}</h1>'
        f'<p class="subtitle">{_e(briefing.subtitle)}</p>'
        f'<p class="scope">{_e(briefing.scope)}</p></header>'
    )


def figures_html(briefing: Briefing) -> str:
    boxes = "".join(
        f'<div class="figure"><div class="value">{_e(value)}</div><div class="label">{_e(label)}</div></div>'
        for label, value in briefing.figures
    )
    return f'<div class="figures">{boxes}</div>'


def lethal_html(briefing: Briefing) -> str:
    if not briefing.lethal:
        return "<h2>Most lethal events</h2><p>No event in this selection reports anyone killed.</p>"
    rows = []
    for event in briefing.lethal:
        source = _e(event.source)
        if event.source_url:
            source += f" · {_e(event.source_url)}"
        rows.append(
            "<tr>"
            f'<td class="killed">{event.fatalities:,} killed</td>'
            f'<td class="when"><b>{_e(event.place)}</b><br>{_e(event.date)}</td>'
            f'<td class="what">{_e(event.what)}<br>{_e(event.actors)}</td>'
            f'<td class="evidence">“{_e(event.evidence)}” <span class="source">Source: {source}</span></td>'
            "</tr>"
        )
    return f'<h2>Most lethal events</h2><table class="lethal">{"".join(rows)}</table>'


def footer_html(briefing: Briefing) -> str:
    note = ""
    if briefing.undated_left_out:
        note = f" {briefing.undated_left_out} events with no known date are counted but not charted."
    return f'<div class="cm-footer">{_e(briefing.footer + note)}</div>'


def charts_html(chart_svgs: list[str]) -> str:
    # SVG as an <img>: a picture, never a live document, whatever text it holds.
    return "".join(
        f'<img alt="Casualty chart" src="data:image/svg+xml;base64,{base64.b64encode(svg.encode("utf-8")).decode("ascii")}">'
        for svg in chart_svgs
    )


def briefing_document(briefing: Briefing, map_png: bytes | None, chart_svgs: list[str]) -> str:
    """The briefing as one self-contained HTML page (images inline, no script)."""
    if map_png:
        picture = base64.b64encode(map_png).decode("ascii")
        map_part = f'<figure class="map"><img alt="Map of the events" src="data:image/png;base64,{picture}"></figure>'
    else:
        across, down = ASPECTS[briefing.aspect]
        map_part = (
            f'<figure class="map"><div class="nomap" style="aspect-ratio:{across}/{down}">'
            "No map: no event in this selection has a place.</div></figure>"
        )
    charts = charts_html(chart_svgs)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f'<title>{_e(briefing.title)}</title><style>{_DOCUMENT_STYLE}{SHEET_STYLE}</style></head><body><div class="cm-sheet">'
        f"{header_html(briefing)}"
        f'<div class="top">{map_part}<div class="side">{figures_html(briefing)}<div class="charts">{charts}</div></div></div>'
        f"{lethal_html(briefing)}"
        f"{footer_html(briefing)}"
        "</div></body></html>"
    )
