"""Ingest: paste a report and check it before saving, or bring in many files (or a web page or feed) at once."""

import datetime as dt

import pandas as pd
import streamlit as st

from conflictmap.articles import ArticleError, parse_article
from conflictmap.pipeline import article_events, ingest_items
from conflictmap.sources import RECORD_SUFFIXES, TEXT_SUFFIXES, read_bytes, read_feed, read_url
from conflictmap.store import StoreUnavailable, store_article
from conflictmap_ui import engine, escape_markdown, geocoder, setup_page

setup_page("Ingest")
st.title("Add reports")

# --- one pasted report, checked before it is saved --------------------------------------

st.subheader("Paste a report")
with st.form("report"):
    pasted = st.text_area("Paste the report's text", height=220)
    cols = st.columns(3)
    known_date = cols[0].checkbox("Publication date known", value=False)
    published = cols[1].date_input("Published", value=dt.date.today(), min_value=dt.date(2000, 1, 1))
    source = cols[2].text_input("Source (outlet)")
    submitted = st.form_submit_button("Extract events")

if submitted:
    st.session_state.pop("pending", None)
    try:
        article = parse_article(
            pasted, name="pasted text", published=published if known_date else None, source=source.strip() or None
        )
        st.session_state["pending"] = (article, article_events(article, geocoder()))
    except ArticleError as exc:
        st.error(str(exc))

if "pending" in st.session_state:
    article, events = st.session_state["pending"]
    st.caption(
        f"Article {article.article_id} · published {article.published or 'unknown'} · "
        f"source {escape_markdown(article.source or 'unknown')} · {len(events)} events"
    )
    if events:
        st.dataframe(
            pd.DataFrame([e.to_dict() for e in events])[
                ["event_date", "sub_event_type", "actor1", "actor2", "location", "geo_precision", "fatalities", "evidence"]
            ],
            width="stretch",
            hide_index=True,
        )
    else:
        st.warning("No event was found in this report. Saving keeps the article with no events.")
    if st.button("Save to the database", type="primary"):
        try:
            result = store_article(engine(), article, events)
        except StoreUnavailable as exc:
            # Kept pending: the analyst can save again once the database is back.
            st.error(f"Nothing was saved: {exc}. The extracted events are kept here; try Save again.")
            st.stop()
        del st.session_state["pending"]
        if result.added:
            st.success(f"Saved the article and {result.events} events.")
        else:
            st.info("This article is already stored; nothing changed.")


def _ingest_with_progress(items, what: str) -> None:
    """Store every readable article with a progress bar; list what could not be read."""
    if not items:
        st.warning(f"No {what} to ingest.")
        return
    bar = st.progress(0.0, text=f"Reading {len(items)} {what}…")

    def progress(done: int, total: int, step) -> None:
        bar.progress(done / total, text=f"Ingested {done} of {total}: {step.name}")

    report = ingest_items(engine(), items, geocoder=geocoder(), progress=progress)
    bar.progress(1.0, text=f"Done: {len(report.steps)} of {len(report.steps)} processed")
    st.success(
        f"{report.added} articles added ({report.events_added} events), "
        f"{report.already_stored} already stored, {len(report.errors)} could not be read."
    )
    for step in report.errors:
        st.error(step.error)
    rows = [
        {
            "input": step.name,
            "result": step.error
            or (f"added, {step.result.events} events" if step.result.added else "already stored, nothing changed"),
            "article": step.result.article_id if step.result else None,
        }
        for step in report.steps
    ]
    st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True)


# --- many files at once ---------------------------------------------------------------------

st.subheader("Upload files")
with st.form("uploads", clear_on_submit=True):
    files = st.file_uploader(
        "Reports (.txt, .html) or files of many articles (.json, .jsonl, .csv with title, text, date, source, url)",
        type=[suffix.lstrip(".") for suffix in (*TEXT_SUFFIXES, *RECORD_SUFFIXES)],
        accept_multiple_files=True,
    )
    upload = st.form_submit_button("Ingest the files")
if upload:
    _ingest_with_progress([item for file in files or [] for item in read_bytes(file.getvalue(), file.name)], "files")

# --- the web, for those who are online --------------------------------------------------------

with st.expander("From the web (needs internet access)"):
    with st.form("web"):
        address = st.text_input("Address of a news page or an RSS/Atom feed", placeholder="https://…")
        as_feed = st.checkbox("It is a feed: read every entry", value=False)
        fetch = st.form_submit_button("Fetch and ingest")
    if fetch:
        address = address.strip()
        if not address:
            st.error("Give the address of a page or a feed.")
        else:
            with st.spinner(f"Fetching {address}…"):
                items = read_feed(address) if as_feed else read_url(address)
            _ingest_with_progress(items, "articles")
