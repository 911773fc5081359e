"""What a map needs before it goes into a briefing: north arrow, scale bar, source
attribution, a view fitted to the events, and a fixed aspect ratio.

Kept apart from :mod:`conflictmap.mapview`, which builds the interactive map; this
module only decorates a finished ``folium.Map``.
"""

from __future__ import annotations

import html
import json

import folium
import pandas as pd
from branca.element import Element, MacroElement, Template

ASPECTS = {"16:9": (16, 9), "4:3": (4, 3)}
OFFLINE_BACKGROUND = "no tiles (offline background)"


def aspect_height(width: int, aspect: str) -> int:
    """The height that gives ``width`` the chosen aspect ratio ("16:9" or "4:3")."""
    if aspect not in ASPECTS:
        raise ValueError(f"aspect must be one of {', '.join(ASPECTS)}, not {aspect!r}")
    across, down = ASPECTS[aspect]
    return round(width * down / across)


class NorthArrow(MacroElement):
    """A north arrow in a corner of the map (web maps here are always north-up)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var arrow = L.control({position: {{ this.position_json }}});
          arrow.onAdd = function() {
            var div = L.DomUtil.create("div", "cm-north-arrow");
            div.style.cssText = "background:rgba(255,255,255,.9);border-radius:4px;padding:3px 6px 2px;"
              + "box-shadow:0 1px 4px rgba(0,0,0,.3);text-align:center;font:bold 13px sans-serif;color:#2d3436";
            div.innerHTML = '<svg width="22" height="30" viewBox="0 0 22 30" aria-label="North">'
              + '<polygon points="11,1 20,28 11,21 2,28" fill="#2d3436"/>'
              + '<polygon points="11,1 11,21 2,28" fill="#b2bec3"/></svg><div>N</div>';
            return div;
          };
          arrow.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, position: str = "topright") -> None:
        super().__init__()
        self.position_json = json.dumps(position)


class Attribution(MacroElement):
    """The sources of what the map shows, in Leaflet's attribution box (text only)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          if (!map.attributionControl) { L.control.attribution().addTo(map); }
          map.attributionControl.setPrefix("Leaflet");
          map.attributionControl.addAttribution({{ this.text_json }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        # Escaped here: Leaflet inserts attributions as HTML.
        self.text_json = json.dumps(html.escape(text))


class MetricScale(MacroElement):
    """Leaflet's scale bar in kilometres, for maps built without one."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, position: "bottomleft"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class SizeKey(MacroElement):
    """What a circle's size means: people killed, with circles drawn at the map's own radii.

    Placed top left, beside the event-type legend, which it moves up there."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
          var map = {{ this._parent.get_name() }};
          // The event-type legend joins the key in the top band, where the view keeps no events,
          // instead of covering a corner of them at the bottom.
          var legend = map.getContainer().querySelector(".cm-legend");
          if (legend) { legend.style.clear = "none"; map._controlCorners.topleft.appendChild(legend); }
          var key = L.control({position: "topleft"});
          key.onAdd = function() {
            var div = L.DomUtil.create("div", "cm-size-key");
            div.style.cssText = "background:rgba(255,255,255,.92);padding:5px 8px;border-radius:4px;clear:none;"
              + "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.3 sans-serif;color:#2d3436";
            div.innerHTML = {{ this.html_json }};
            return div;
          };
          key.addTo(map);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, samples: tuple[tuple[int, str], ...] = ((1, "1"), (10, "10"), (100, "100 or more"))) -> None:
        super().__init__()
        from conflictmap.mapview import marker_radius

        radii = [marker_radius(killed) for killed, _ in samples]
        height = 2 * max(radii) + 4
        x, shapes = 2.0, []
        for radius, (_, label) in zip(radii, samples, strict=True):
            cx = x + radius
            shapes.append(
                f'<circle cx="{cx:.1f}" cy="{height - 2 - radius:.1f}" r="{radius:.1f}" fill="#b2bec3" '
                'fill-opacity=".6" stroke="#2d3436" stroke-width="1"/>'
                f'<text x="{cx:.1f}" y="{height + 13:.0f}" text-anchor="middle" font-size="11">{html.escape(label)}</text>'
            )
            x = cx + radius + (30 if label != samples[-1][1] else 0) + 6
        svg = (
            f'<svg width="{x + 24:.0f}" height="{height + 17:.0f}" style="display:block;overflow:visible">'
            + "".join(shapes)
            + "</svg>"
        )
        self.html_json = json.dumps("<b>Circle size: people killed</b>" + svg)


def attribution_text(frame: pd.DataFrame, background: str = OFFLINE_BACKGROUND) -> str:
    sources = frame["source"].dropna().value_counts().index.tolist() if "source" in frame else []
    shown = ", ".join(sources[:2]) + (" and others" if len(sources) > 2 else "")
    events = f"Events: news reports ({shown})" if shown else "Events: news reports"
    return f"{events} · Places: GeoNames · Background: {background}"


# Who made the outlines, told by the file names the project's reference data comes in.
OUTLINE_PUBLISHERS = {"ocha": "OCHA", "ne10m": "Natural Earth", "ne_": "Natural Earth", "opensyria": "OpenSyria"}


def outlines_credit(outlines: dict | None) -> str:
    """The background's credit: who published the imported outlines, and that there are no tiles."""
    if not outlines:
        return OFFLINE_BACKGROUND
    publishers = []
    for feature in outlines.get("features", []):
        source = str(feature.get("properties", {}).get("source") or "imported file")
        name = next((who for prefix, who in OUTLINE_PUBLISHERS.items() if source.lower().startswith(prefix)), source)
        if name not in publishers:
            publishers.append(name)
    return f"outlines from {', '.join(publishers)} (no tiles)"


def fit_to_events(
    fmap: folium.Map, frame: pd.DataFrame, margin_deg: float = 0.25, clear_top: int = 0, clear_bottom: int = 0
) -> None:
    """Centre the view on the events (with a margin) instead of the whole region, keeping
    ``clear_top`` and ``clear_bottom`` pixels free of them for the map's keys."""
    points = frame[["latitude", "longitude"]].dropna()
    if points.empty:
        return
    south, north = float(points["latitude"].min()), float(points["latitude"].max())
    west, east = float(points["longitude"].min()), float(points["longitude"].max())
    # A single place, or a few close together, still gets some surroundings.
    pad_lat = max(margin_deg, (0.6 - (north - south)) / 2)
    pad_lon = max(margin_deg, (0.8 - (east - west)) / 2)
    fmap.fit_bounds(
        [(south - pad_lat, west - pad_lon), (north + pad_lat, east + pad_lon)],
        padding_top_left=(0, clear_top) if clear_top else None,
        padding_bottom_right=(0, clear_bottom) if clear_bottom else None,
    )


def decorate_for_briefing(
    fmap: folium.Map, frame: pd.DataFrame, background: str = OFFLINE_BACKGROUND, still: bool = True
) -> folium.Map:
    """Add north arrow, scale bar (unless the map has one) and attribution; fit to the
    events. A ``still`` map (for an image) loses its zoom buttons."""
    NorthArrow().add_to(fmap)
    if not getattr(fmap, "control_scale", False):
        MetricScale().add_to(fmap)
    SizeKey().add_to(fmap)
    Attribution(attribution_text(frame, background)).add_to(fmap)
    # Quarter zoom steps: the events fill the fixed frame instead of the nearest whole zoom's smaller view.
    fmap.options["zoom_snap"] = 0.25
    # The legend, the size key and the north arrow sit in the top band: no event beneath them.
    fit_to_events(fmap, frame, clear_top=150, clear_bottom=24)
    # Town names stay legible where they fall on an event's circle.
    style = ".leaflet-control-attribution{font-size:11px}.cm-town{text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}"
    if still:
        # No zoom buttons on a picture, and one scale line (kilometres) is enough.
        style += (
            ".leaflet-control-zoom{display:none}.leaflet-control-scale-line+.leaflet-control-scale-line{display:none}"
        )
    fmap.get_root().header.add_child(Element(f"<style>{style}</style>"))
    return fmap


OUTLINE_STYLES = {
    "border": {"color": "#4a4a4a", "weight": 1.6, "fill": False, "opacity": 0.9},
    "admin1": {"color": "#8a8f98", "weight": 1, "dashArray": "4 3", "fill": False, "opacity": 0.9},
}
OUTLINE_DEFAULT = {"color": "#a0a4aa", "weight": 0.8, "fill": False, "opacity": 0.8}


def add_outlines(fmap: folium.Map, outlines: dict) -> folium.Map:
    """Governorate and border outlines (from `conflictmap boundaries import`) as a quiet background."""
    folium.GeoJson(
        outlines,
        name="Outlines",
        control=False,
        style_function=lambda feature: OUTLINE_STYLES.get(feature["properties"].get("kind"), OUTLINE_DEFAULT),
        interactive=False,
    ).add_to(fmap)
    return fmap
