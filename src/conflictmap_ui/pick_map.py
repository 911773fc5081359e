"""A map to pick a point on: the analyst clicks where something lies, the page gets that point.

The offline map (vendored Leaflet, town names for orientation), optionally with a ring
where the thing is shown now and a marker at the point picked so far, rendered by
``st_folium``. The Events page moves an event with it; the Unresolved-places page
places a village no gazetteer knew.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import folium
import streamlit as st
from streamlit_folium import st_folium

from conflictmap.gazetteer import SYRIA_BBOX, in_bbox
from conflictmap.mapview import offline_map, town_labels

Point = tuple[float, float]

# A red dot, drawn as HTML so that it needs no marker image from elsewhere.
_PICKED_DOT = (
    '<div class="cm-picked" style="width:14px;height:14px;border-radius:50%;background:#d63031;'
    'border:2px solid #fff;box-shadow:0 0 3px #000"></div>'
)


@dataclass(frozen=True)
class NowRing:
    """An unfilled circle where the thing being placed is shown now."""

    location: Point
    radius: int
    color: str
    dashed: bool = False
    tooltip: str | None = None


def click_to_pick_map(
    key: str,
    *,
    center: Point,
    zoom: int,
    height: int,
    now: NowRing | None = None,
    picked: Point | None = None,
    picked_tooltip: str | None = None,
) -> Point | None:
    """Show a map to click on; return the point last clicked, rounded to 5 decimals, or None.

    ``picked_tooltip`` given, the map keeps a layer for the point picked so far and shows
    ``picked`` there (when set) as a red dot with that tooltip (escaped); the layer goes to
    the map apart from the rest, so that a new pick does not redraw it.
    """
    fmap = offline_map(location=center, zoom_start=zoom, bounds=None)
    town_labels(min_population=0).add_to(fmap)
    if now is not None:
        # Leaflet lets a click on the ring through to the map, so it still picks that point.
        folium.CircleMarker(
            now.location, radius=now.radius, color=now.color, fill=False,
            dash_array="4 3" if now.dashed else None, tooltip=now.tooltip,
        ).add_to(fmap)
    layer = None
    if picked_tooltip is not None:
        layer = folium.FeatureGroup(name="Picked")
        if picked is not None:
            folium.Marker(
                picked,
                tooltip=html.escape(picked_tooltip),
                icon=folium.DivIcon(html=_PICKED_DOT, icon_size=(18, 18), icon_anchor=(9, 9)),
            ).add_to(layer)
    st_folium(
        fmap, key=key, height=height, use_container_width=True, returned_objects=["last_clicked"],
        feature_group_to_add=layer,
    )
    # Read from the session state, where the map's component keeps what it last sent
    # (and where a test can put a click).
    clicked = (st.session_state.get(key) or {}).get("last_clicked")
    if not clicked:
        return None
    return round(float(clicked["lat"]), 5), round(float(clicked["lng"]), 5)


def outside_syria(latitude: float, longitude: float) -> str | None:
    """The message refusing a point that lies outside Syria, or None for a point inside."""
    if in_bbox(latitude, longitude, SYRIA_BBOX):
        return None
    return f"{latitude:.5f}, {longitude:.5f} lies outside Syria; nothing was changed."
