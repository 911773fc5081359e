"""Ingest: paste or upload a report, check what was extracted, then save it."""

import datetime as dt

import pandas as pd
import streamlit as st

from conflictmap.articles import ArticleError, decode_bytes, parse_article
from conflictmap.pipeline import article_events
from conflictmap.store import store_article
from conflictmap_ui import as_plain_markdown, engine, setup_page

setup_page("Ingest")
st.title("Add a report")

with st.form("report"):
    pasted = st.text_area("Paste the report's text", height=220)
    uploaded = st.file_uploader("…or upload a file (.txt or .html)", type=["txt", "html", "htm"])
    cols = st.columns(3)
    known_date = cols[0].checkbox("Publication date known", value=False)
    published = cols[1].date_input("Published", value=dt.date.today(), min_value=dt.date(2000, 1, 1))
    source = cols[2].text_input("Source (outlet)")
    submitted = st.form_submit_button("Extract events")

if submitted:
    st.session_state.pop("pending", None)
    try:
        if uploaded is not None:
            raw, name = decode_bytes(uploaded.getvalue(), uploaded.name), uploaded.name
        else:
            raw, name = pasted, "pasted text"
        article = parse_article(
            raw, name=name, published=published if known_date else None, source=source.strip() or None
        )
        st.session_state["pending"] = (article, article_events(article))
    except ArticleError as exc:
        st.error(str(exc))

if "pending" in st.session_state:
    article, events = st.session_state["pending"]
    st.subheader("What was extracted")
    st.caption(
        f"Article {article.article_id} · published {article.published or 'unknown'} · "
        f"source {as_plain_markdown(article.source or 'unknown')} · {len(events)} events"
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
        result = store_article(engine(), article, events)
        del st.session_state["pending"]
        if result.added:
            st.success(f"Saved the article and {result.events} events.")
        else:
            st.info("This article is already stored; nothing changed.")
