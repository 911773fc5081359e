"""Map view: a folium map of events that works with no internet.

Every JavaScript and CSS file the map needs is served by the app (see
:mod:`conflictmap.assets`); tiles are an option, and without them the map shows
its markers and town labels on a plain background.
"""

from __future__ import annotations

import functools
import html
import json
import math
import unicodedata

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement, Template

from conflictmap.assets import asset_url
from conflictmap.gazetteer import NORTHERN_SYRIA_BBOX, builtin_places, in_bbox

NORTHERN_SYRIA_CENTER = (36.15, 38.2)
EVENT_MARKER_CLASS = "cm-event"

EVENT_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
}
PRECISION_LABELS = {1: "village or town", 2: "near a named place or area", 3: "district or governorate"}

TILE_LAYERS = {
    "OpenStreetMap": ("OpenStreetMap", None),
    "CartoDB Positron": ("CartoDB positron", None),
}


def offline_map(
    tiles: str | None = None, location=NORTHERN_SYRIA_CENTER, zoom_start: int = 7, bounds=NORTHERN_SYRIA_BBOX
) -> folium.Map:
    """A folium map whose scripts and styles all come from the app's own server.

    It opens on ``bounds`` (south, west, north, east); with ``bounds=None`` on
    ``location`` at ``zoom_start``.
    """
    fmap = folium.Map(location=location, zoom_start=zoom_start, tiles=None, control_scale=True, prefer_canvas=False)
    # streamlit-folium's frame script uses jQuery as well as Leaflet.
    fmap.default_js = [
        ("leaflet", asset_url("leaflet/leaflet.js")),
        ("jquery", asset_url("jquery/jquery.min.js")),
    ]
    fmap.default_css = [("leaflet_css", asset_url("leaflet/leaflet.css"))]
    if tiles in TILE_LAYERS:
        folium.TileLayer(TILE_LAYERS[tiles][0], name=tiles).add_to(fmap)
    _BackgroundStyle().add_to(fmap)
    if bounds is not None:
        south, west, north, east = bounds
        fmap.fit_bounds([(south, west), (north, east)])
    return fmap


class _BackgroundStyle(MacroElement):
    """A pale sea-and-land background so the map reads without tiles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().style.background = "#dfe6e9";
        {% endmacro %}
        """
    )


class _Legend(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var legend = L.control({position: "bottomright"});
          legend.onAdd = function() {
            var div = L.DomUtil.create("div", "cm-legend");
            div.style.cssText = "background:rgba(255,255,255,.92);padding:6px 8px;font:12px/1.4 sans-serif;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3)";
            div.innerHTML = {{ this.html_json }};
            return div;
          };
          legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, types: list[str]) -> None:
        super().__init__()
        rows = [
            f'<div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
            f'background:{EVENT_COLOURS[t]};margin-right:5px"></span>{html.escape(t)}</div>'
            for t in types
        ]
        rows.append(
            '<div style="margin-top:4px;color:#555">solid ring: village or town<br>dashed ring: area only</div>'
        )
        self.html_json = json.dumps("<b>Event type</b>" + "".join(rows))


def town_labels(min_population: int = 40000) -> folium.FeatureGroup:
    """Labels of the main towns of northern Syria, to orient a reader without tiles."""
    group = folium.FeatureGroup(name="Towns", control=False)
    for place in builtin_places():
        if place.country != "SY" or place.population < min_population:
            continue
        if not in_bbox(place.latitude, place.longitude, NORTHERN_SYRIA_BBOX):
            continue
        label = html.escape(_plain_name(place.name))
        folium.Marker(
            (place.latitude, place.longitude),
            icon=folium.DivIcon(
                html=f'<div class="cm-town" style="font:11px sans-serif;color:#2d3436;white-space:nowrap">&#9679; {label}</div>',
                icon_size=(120, 14),
                icon_anchor=(4, 7),
                class_name="cm-town-icon",
            ),
            interactive=False,
        ).add_to(group)
    return group


def _plain_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("\u2018", "'").replace("\u2019", "'")


def marker_radius(fatalities: object) -> float:
    killed = 0 if fatalities is None or pd.isna(fatalities) else int(fatalities)
    return 5 + min(25.0, 2.5 * math.sqrt(killed))


def popup_html(event: pd.Series) -> str:
    """Popup content for one event; every value from an article is escaped."""

    def esc(value: object) -> str:
        if value is None or (not isinstance(value, (dict, list, str)) and pd.isna(value)):
            return "&mdash;"
        return html.escape(str(value))

    date = event.get("event_date")
    date_text = date.strftime("%Y-%m-%d") if isinstance(date, pd.Timestamp) and not pd.isna(date) else "date not known"
    detail = event.get("fatalities_detail") or {}
    detail_text = ", ".join(f"{esc(side)}: {int(n)}" for side, n in detail.items())
    killed = event.get("fatalities")
    killed_text = "not reported" if killed is None or pd.isna(killed) else str(int(killed))
    precision = PRECISION_LABELS.get(int(event["geo_precision"]), "") if not pd.isna(event.get("geo_precision")) else ""
    unresolved = "" if event.get("location_resolved", True) else " <i>(place not in gazetteer: shown at the area)</i>"
    source = esc(event.get("source"))
    url = event.get("source_url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        source = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{source}</a>'
    return (
        f'<div class="cm-popup" style="font:12px/1.4 sans-serif;max-width:320px">'
        f"<b>{esc(event.get('sub_event_type'))}</b> &middot; {esc(date_text)}<br>"
        f"{esc(event.get('actor1'))} vs {esc(event.get('actor2'))}<br>"
        f"<b>{esc(event.get('location'))}</b>, {esc(event.get('admin1'))} ({esc(precision)}){unresolved}<br>"
        f"Killed: {esc(killed_text)}{' (' + detail_text + ')' if detail_text else ''}<br>"
        f'<div style="margin-top:4px;padding-left:6px;border-left:3px solid #ccc">{esc(event.get("evidence"))}</div>'
        f"Source: {source}</div>"
    )


def events_layer(frame: pd.DataFrame, name: str = "Events") -> folium.FeatureGroup:
    """Circle markers coloured by event type, sized by fatalities, dashed when area-level."""
    group = folium.FeatureGroup(name=name)
    for _, event in frame.iterrows():
        if pd.isna(event["latitude"]) or pd.isna(event["longitude"]):
            continue
        colour = EVENT_COLOURS.get(event["event_type"], "#34495e")
        precise = event.get("geo_precision") == 1
        folium.CircleMarker(
            (float(event["latitude"]), float(event["longitude"])),
            radius=marker_radius(event.get("fatalities")),
            color="#2d3436" if precise else colour,
            weight=1.5 if precise else 2,
            dash_array=None if precise else "4 3",
            fill=True,
            fill_color=colour,
            fill_opacity=0.75 if precise else 0.35,
            popup=folium.Popup(popup_html(event), max_width=340),
            tooltip=html.escape(f"{event.get('sub_event_type')} - {event.get('location')}"),
            class_name=EVENT_MARKER_CLASS,
        ).add_to(group)
    return group


def event_map(frame: pd.DataFrame, tiles: str | None = None) -> folium.Map:
    """The whole map: background, town labels, events and a legend."""
    fmap = offline_map(tiles)
    town_labels().add_to(fmap)
    events_layer(frame).add_to(fmap)
    present = [t for t in EVENT_COLOURS if t in set(frame["event_type"])] or list(EVENT_COLOURS)
    _Legend(present).add_to(fmap)
    return fmap


# --- the dashboard's scalable map (issue 5) ---------------------------------------------
#
# The base map (background, controls, legend, the events' data URL) stays the same
# while the analyst filters, so streamlit-folium keeps the map and its view; each
# filter change sends only a small FeatureGroup whose script calls CM.update().

EVENT_SHAPES = {
    "Battles": "circle",
    "Explosions/Remote violence": "triangle",
    "Violence against civilians": "diamond",
    "Protests": "square",
    "Riots": "hexagon",
    "Strategic developments": "cross",
}

ONLINE_TILES = [
    {
        "name": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "&copy; OpenStreetMap contributors",
    },
    {
        "name": "CartoDB Positron",
        "url": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        "attribution": "&copy; OpenStreetMap contributors &copy; CARTO",
    },
    {
        "name": "Esri World Imagery",
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attribution": "Tiles &copy; Esri",
    },
]
TERRITORY_COLOURS = {
    "Islamic State": "#2d3436",
    "Syrian rebels": "#27ae60",
    "Free Syrian Army": "#2ecc71",
    "Islamic Front": "#16a085",
    "Al-Nusra Front": "#6c5ce7",
    "Syrian government forces": "#c0392b",
    "SDF": "#f1c40f",
    "YPG": "#f39c12",
    "Turkish armed forces": "#e84393",
}


@functools.lru_cache(maxsize=4)
def major_towns(min_population: int = 40000) -> list[tuple[str, float, float]]:
    """(name, lat, lon) of the main towns of northern Syria, from the gazetteer."""
    towns = []
    for place in builtin_places():
        if place.country == "SY" and place.population >= min_population:
            if in_bbox(place.latitude, place.longitude, NORTHERN_SYRIA_BBOX):
                towns.append((_plain_name(place.name), round(place.latitude, 4), round(place.longitude, 4)))
    return sorted(set(towns))


class _RawScript(Element):
    """Script text that goes into the page as it is."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._code = code

    def render(self, **kwargs) -> str:
        return self._code


class _ScriptMacro(MacroElement):
    """A macro with only a script part, added to the figure without branca's second pass:
    branca compiles every rendered script as a Jinja template again, and lexing the
    100,000-event mask that way costs the server a third of a second on every rerun."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_RawScript(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _ConflictMap(_ScriptMacro):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.drawnItems = CM.init({{ this._parent.get_name() }}, {{ this.options_json }}).drawnItems;
        {% endmacro %}
        """
    )

    def __init__(self, options: dict) -> None:
        super().__init__()
        self.options_json = json.dumps(options, separators=(",", ":"))


def dashboard_map(data_url: str, boundaries_url: str | None = None, towns: list | None = None) -> folium.Map:
    """The dashboard's base map: it names where the events are, not the events themselves.

    Online tile layers are listed in the layer control but fetch nothing until chosen."""
    fmap = folium.Map(
        location=NORTHERN_SYRIA_CENTER, zoom_start=7, tiles=None, control_scale=False, prefer_canvas=True
    )
    fmap.default_js = [
        ("leaflet", asset_url("leaflet/leaflet.js")),
        ("conflictmap", asset_url("conflictmap/conflictmap-map.js")),
    ]
    fmap.default_css = [
        ("leaflet_css", asset_url("leaflet/leaflet.css")),
        ("conflictmap_css", asset_url("conflictmap/conflictmap-map.css")),
    ]
    _BackgroundStyle().add_to(fmap)
    south, west, north, east = NORTHERN_SYRIA_BBOX
    options = {
        "data": data_url,
        "boundaries": boundaries_url,
        "towns": towns if towns is not None else major_towns(),
        "tiles": ONLINE_TILES,
        "bounds": [[south, west], [north, east]],
        "types": list(EVENT_COLOURS),
        "colours": EVENT_COLOURS,
        "shapes": EVENT_SHAPES,
        "precision": {str(k): v for k, v in PRECISION_LABELS.items()},
    }
    _ConflictMap(options).add_to(fmap)
    return fmap


class _MapUpdate(_ScriptMacro):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        CM.update({{ this.payload_json }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict) -> None:
        super().__init__()
        self.payload_json = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")


def territory_payload(territory: pd.DataFrame) -> list[dict]:
    return [
        {
            "place": row.location,
            "lat": round(float(row.latitude), 5),
            "lon": round(float(row.longitude), 5),
            "holder": row.holder,
            "date": row.taken_on.strftime("%Y-%m-%d"),
            "how": row.how,
            "colour": TERRITORY_COLOURS.get(row.holder, "#636e72"),
        }
        for row in territory.itertuples(index=False)
    ]


def map_update(
    mask_b64: str, territory: pd.DataFrame | None = None, area=(), label: str = "", version: str = ""
) -> folium.FeatureGroup:
    """What a filter change sends to the map: rows to show, territory dots, the drawn area."""
    group = folium.FeatureGroup(name="cm-update", control=False)
    payload = {
        "mask": mask_b64,
        "territory": territory_payload(territory) if territory is not None else [],
        "area": [[float(a), float(b)] for a, b in area],
        "label": label,
        "version": version,
    }
    _MapUpdate(payload).add_to(group)
    return group
