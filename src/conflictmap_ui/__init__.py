"""The dashboard's small Streamlit helper: page set-up, database, shared widgets.

Kept apart from the ``conflictmap`` library, which knows nothing of Streamlit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from conflictmap.analysis import date_span
from conflictmap.assets import install_assets
from conflictmap.review import reviewed_events
from conflictmap.store import connect, database_url

APP_DIR = Path(__file__).resolve().parents[2]


def setup_page(title: str) -> None:
    # No page_icon: Material icons are fetched from an outside host.
    st.set_page_config(page_title=f"{title} · conflictmap", layout="wide")
    _install_assets_once()


@st.cache_resource
def _install_assets_once() -> None:
    install_assets(APP_DIR / "static")


def engine() -> Engine:
    return _engine_for(database_url())


@st.cache_resource
def _engine_for(url: str) -> Engine:
    return connect(url)


def events_frame() -> pd.DataFrame:
    """The stored events as analysts left them (their corrections laid over the machine's)."""
    return reviewed_events(engine())


def date_range_slider(frame: pd.DataFrame, key: str = "timeline") -> tuple[dt.date, dt.date] | None:
    """The timeline: a date-range slider over the events' dates."""
    span = date_span(frame)
    if span is None:
        return None
    first, last = span
    if first == last:
        st.caption(f"All dated events fall on {first:%d %B %Y}.")
        return span
    return st.slider(
        "Timeline",
        min_value=first,
        max_value=last,
        value=(first, last),
        step=dt.timedelta(days=1),
        format="D MMM YYYY",
        key=key,
        help="Drag either end to narrow the period shown on the map and in the charts.",
    )


def empty_database_message() -> None:
    st.info(
        "The database holds no events yet. Load the demo corpus with `conflictmap demo` "
        "(`make run` does it for an empty database), or add a report on the **Ingest** page."
    )


# --- issue 6: review and ingest helpers ----------------------------------------------


@st.cache_resource
def geocoder():
    """One offline geocoder for every session (loading the gazetteer takes a moment)."""
    from conflictmap.geocode import OfflineGeocoder

    return OfflineGeocoder()


_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Report text made inert for st.markdown: no links, images, HTML or emphasis."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))


def incidents_frame() -> pd.DataFrame:
    """One row per incident (reports of the same event merged), for totals that count each once."""
    from conflictmap.incidents import incident_frame, load_splits

    return incident_frame(events_frame(), load_splits(engine()))
