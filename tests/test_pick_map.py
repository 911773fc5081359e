"""The click-to-pick map both review pages share, run by Streamlit's AppTest on a tiny script."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conflictmap_ui.pick_map import outside_syria


def _map_page(**options) -> AppTest:
    """A page holding nothing but the pick map under key 'pick'; what it returned is in state 'result'."""

    def script(options: dict) -> None:
        import streamlit as st

        from conflictmap_ui.pick_map import NowRing, click_to_pick_map

        if "now" in options:
            options = {**options, "now": NowRing(**options["now"])}
        st.session_state["result"] = click_to_pick_map("pick", center=(36.2, 37.1), zoom=9, height=300, **options)

    return AppTest.from_function(script, args=(options,), default_timeout=60)


def _map_args(app: AppTest) -> dict:
    (component,) = app.get("component_instance")
    return json.loads(component.proto.json_args)


def test_a_click_the_map_sent_comes_back_rounded_to_five_decimals():
    app = _map_page()
    app.session_state["pick"] = {"last_clicked": {"lat": 35.123456789, "lng": 36.987654321}}  # as the map sends a click
    app.run()
    assert not app.exception, app.exception
    assert app.session_state["result"] == (35.12346, 36.98765)


def test_before_any_click_the_map_gives_no_point():
    app = _map_page().run()
    assert not app.exception, app.exception
    assert app.session_state["result"] is None


def test_the_map_is_offline_and_shows_town_names_and_a_dashed_ring_with_its_tooltip():
    app = _map_page(now={"location": (36.2, 37.1), "radius": 14, "color": "#7f8c8d", "dashed": True, "tooltip": "Shown here now"}).run()
    args = _map_args(app)
    script = args["script"]
    assert "cm-town" in script and "circleMarker" in script
    assert '"dashArray": "4 3"' in script and '"color": "#7f8c8d"' in script and "Shown here now" in script
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links  # served here, never a CDN


def test_a_solid_ring_has_no_dashes_and_no_tooltip():
    script = _map_args(_map_page(now={"location": (36.2, 37.1), "radius": 8, "color": "#c0392b"}).run())["script"]
    assert '"color": "#c0392b"' in script and '"dashArray": null' in script and "bindTooltip" not in script


def test_the_picked_point_is_a_red_dot_in_a_layer_of_its_own_with_its_tooltip_escaped():
    args = _map_args(_map_page(picked=(36.52, 37.29), picked_tooltip="<b>Arshaf</b> goes here").run())
    layer = args["feature_group"]
    assert "[36.52, 37.29]" in layer and "cm-picked" in layer
    assert "&lt;b&gt;Arshaf&lt;/b&gt; goes here" in layer and "<b>Arshaf" not in layer
    assert "cm-picked" not in args["script"]


def test_a_page_that_shows_picks_gets_an_empty_layer_before_the_first_pick_and_one_that_does_not_gets_none():
    assert "cm-picked" not in _map_args(_map_page(picked_tooltip="Arshaf goes here").run())["feature_group"]
    assert _map_args(_map_page().run())["feature_group"] is None


@pytest.mark.parametrize("point", [(35.9402, 36.6251), (36.52, 37.29), (33.51, 36.29)])
def test_a_point_in_syria_is_not_refused(point):
    assert outside_syria(*point) is None


def test_a_point_outside_syria_is_refused_with_its_coordinates_and_a_word_that_nothing_changed():
    assert outside_syria(41.0, 29.0) == "41.00000, 29.00000 lies outside Syria; nothing was changed."
