"""The dashboard's small Streamlit helper: page set-up, database, shared widgets.

Kept apart from the ``conflictmap`` library, which knows nothing of Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
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


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=])")


def escape_markdown(value: object) -> str:
    """Report text made inert for st.markdown/st.caption: links, images, HTML and styling show as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


# --- issue 6: review and ingest helpers ----------------------------------------------


def geocoder():
    """The offline geocoder over every gazetteer layer (analyst-fixed > imported > built-in).

    One for every session, since loading the gazetteer takes a moment; a new one as
    soon as the places table changes (an analyst's fix here or on the command line).
    """
    from conflictmap.places import places_version

    url = database_url()
    return _geocoder_for(url, places_version(_engine_for(url)))


@st.cache_resource(max_entries=2)
def _geocoder_for(url: str, version: tuple):  # noqa: ARG001 (the version is the cache key)
    from conflictmap.places import layered_geocoder

    return layered_geocoder(_engine_for(url))


def refresh_geocoder() -> None:
    """Drop the cached geocoders, after a place was fixed."""
    _geocoder_for.clear()


def incidents_frame() -> pd.DataFrame:
    """One row per incident (reports of the same event merged), for totals that count each once."""
    from conflictmap.incidents import incident_frame, load_splits

    return incident_frame(events_frame(), load_splits(engine()))


def markdown_link(text: object, url: object) -> str:
    """``text`` (escaped) linked to ``url`` when it is a plain web address, else the text alone."""
    label = escape_markdown(text)
    if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
        return label
    from urllib.parse import quote

    # Percent-encoded, so no bracket, space or quote in it can end the link early.
    address = quote(url.strip(), safe=":/?#@!$&'*+,;=%~")
    return f"[{label}]({address})"
