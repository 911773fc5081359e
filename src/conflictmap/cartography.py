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


def attribution_text(frame: pd.DataFrame, background: str = OFFLINE_BACKGROUND) -> str:
    sources = frame["source"].dropna().value_counts().index.tolist() if "source" in frame else []
    shown = ", ".join(sources[:2]) + (" and others" if len(sources) > 2 else "")
    events = f"Events: news reports ({shown})" if shown else "Events: news reports"
    return f"{events} · Places: GeoNames · Background: {background}"


def fit_to_events(fmap: folium.Map, frame: pd.DataFrame, margin_deg: float = 0.25) -> None:
    """Centre the view on the events (with a margin) instead of the whole region."""
    points = frame[["latitude", "longitude"]].dropna()
    if points.empty:
        return
    south, north = float(points["latitude"].min()), float(points["latitude"].max())
    west, east = float(points["longitude"].min()), float(points["longitude"].max())
    # A single place, or a few close together, still gets some surroundings.
    pad_lat = max(margin_deg, (0.6 - (north - south)) / 2)
    pad_lon = max(margin_deg, (0.8 - (east - west)) / 2)
    fmap.fit_bounds([(south - pad_lat, west - pad_lon), (north + pad_lat, east + pad_lon)])


def decorate_for_briefing(
    fmap: folium.Map, frame: pd.DataFrame, background: str = OFFLINE_BACKGROUND, still: bool = True
) -> folium.Map:
    """Add north arrow, scale bar (unless the map has one) and attribution; fit to the
    events. A ``still`` map (for an image) loses its zoom buttons."""
    NorthArrow().add_to(fmap)
    if not getattr(fmap, "control_scale", False):
        MetricScale().add_to(fmap)
    Attribution(attribution_text(frame, background)).add_to(fmap)
    fit_to_events(fmap, frame)
    style = ".leaflet-control-attribution{font-size:11px}"
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
