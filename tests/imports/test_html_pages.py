"""Saved web pages from two differently built sites: main text, metadata, what was left out, comments."""

import datetime

import pytest
from django.utils import timezone

from articles.markdown import render_markdown
from imports.htmlpage import read_html_page
from imports.parsed import BadFile
from tests.imports.conftest import BROKEN, PUBLISHER_A, PUBLISHER_B


def read(path_or_text, name="page.html"):
    text = path_or_text.read_text() if hasattr(path_or_text, "read_text") else path_or_text
    return read_html_page(text, source=name, name=name)


def local_day(value):
    return timezone.localtime(value).date()


# --- Publisher A: a modern health site with structured data ------------------------


def test_publisher_a_metadata():
    page = read(PUBLISHER_A)

    assert page.title == "Neuromyotonia: Causes, Symptoms and Treatment"
    assert page.origin_url == "https://www.clearwellhealth.example/brain-nervous-system/neuromyotonia"
    assert page.key == f"url:{page.origin_url}"  # the canonical address, without its tracking parameters
    assert page.origin_site == "Clearwell Health"
    assert page.crumbs == ["Home", "Brain and Nervous System Health"]
    assert page.authors == ["Rosa Delgado"]
    assert page.tags == ["Muscle cramps", "Rare diseases"]
    assert local_day(page.published_at) == datetime.date(2022, 1, 18)
    assert local_day(page.updated_at) == datetime.date(2024, 5, 17)
    assert page.summary_from == "the page's description"


def test_publisher_a_body_keeps_sections_anchors_lists_and_links():
    page = read(PUBLISHER_A)

    assert page.sections == [
        "What causes neuromyotonia?",
        "Symptoms",
        "How is it diagnosed?",
        "How is it treated?",
    ]
    assert "## What causes neuromyotonia? {#causes}" in page.body
    assert "### Managing it day to day" in page.body
    assert "- Painful cramps and stiffness\n" in page.body
    assert "[what happens during an EMG](https://www.clearwellhealth.example/tests/emg)" in page.body
    html = render_markdown(page.body)
    assert '<h2 id="causes">What causes neuromyotonia?</h2>' in html


def test_publisher_a_chrome_is_removed_and_listed():
    page = read(PUBLISHER_A)

    for gone in ("commission", "newsletter", "cookies", "Share", "Was this article helpful", "How we vet",
                 "Eleven ways to fall asleep", "In this article", "Medically reviewed by"):  # fmt: skip
        assert gone.lower() not in page.body.lower(), gone
    removed = "\n".join(page.removed)
    for label in (
        "Advertising or affiliate disclosure: “We include products",
        "Editorial-standards note: “How we vet our content",
        "Newsletter sign-up box: “Get our Nerve Health newsletter",
        "List of links to other articles: “Latest",
        "Share buttons:",
        "Cookie banner: “We use cookies",
        "“Was this helpful?” box",
        "Jump-links list",
    ):
        assert label in removed, label


def test_publisher_a_sources_and_reviewer():
    page = read(PUBLISHER_A)

    assert page.sources == [
        {"title": "Neuromyotonia overview, Rare Disease Network", "url": "https://rare-diseases.example/nmt"}
    ]
    assert any("Dr. Imran Qureshi" in note and "not carried over" in note for note in page.notes)
    assert any("credentials are not copied" in note for note in page.notes)


# --- Publisher B: an older blog theme with comments --------------------------------


def test_publisher_b_metadata():
    page = read(PUBLISHER_B)

    assert page.title == "Restless nights: sleep after surgery"
    assert page.crumbs == ["Home", "Health", "Recovery"]  # "You are here:" and the page itself dropped
    assert page.authors == ["Tom Okafor"]
    assert page.tags == ["sleep", "knee surgery"]
    assert local_day(page.published_at) == datetime.date(2018, 6, 3)
    assert local_day(page.updated_at) == datetime.date(2025, 9, 10)
    assert "“Last updated: 10/09/2025” read as last updated 10 September 2025" in " ".join(page.notes)


def test_publisher_b_bold_paragraphs_become_sections_and_the_list_stays_a_list():
    page = read(PUBLISHER_B)

    assert page.sections == ["Why sleep goes wrong", "What helped me"]
    assert "- A pillow between my knees\n" in page.body
    for gone in ("ADVERTISEMENT", "SnoozeWell", "Share this", "Exclusive", "More from", "Leave a Reply"):
        assert gone not in page.body, gone
    removed = "\n".join(page.removed)
    assert "Advertisement" in removed
    assert "Advertising or affiliate disclosure: “Sponsored by SnoozeWell" in removed
    assert "List of links to other articles: “Exclusive to members" in removed


def test_publisher_b_comments_with_replies_and_dates():
    page = read(PUBLISHER_B)

    names = [(c.name, c.text) for c in page.comments]
    assert names == [
        ("Gail P.", "The pillow between the knees made all the difference for me too."),
        ("Tom Okafor", "Glad it is not just me, Gail!"),
        ("Ray", "Magnets cure nerve damage and you will not need the painkillers. Doctors hide this."),
    ]
    assert page.comments[1].parent_key == page.comments[0].key
    assert local_day(page.comments[2].posted_at) == datetime.date(2018, 7, 1)
    assert "Gail P." not in page.body and "Leave a Reply" not in page.body


def test_a_page_without_an_address_is_keyed_by_file_name_and_text():
    text = (
        "<html><head><title>Hydration</title></head><body><h1>Hydration</h1><p>Drink water.</p></body></html>"
    )

    page = read(text, "water.html")

    assert page.origin == "water.html" and page.origin_url == ""
    assert page.key.startswith("file:water.html:")


def test_relative_links_without_an_address_are_reported():
    page = read(
        '<html><body><h1>T</h1><p>See <a href="/other">the other page</a> for more on this.</p></body></html>'
    )

    assert "[the other page](/other)" in page.body
    assert any("relative to the old site" in note for note in page.notes)


# --- Bad pages --------------------------------------------------------------------


def test_no_title_fails():
    with pytest.raises(BadFile, match="No title"):
        read(BROKEN / "no-title.html")


def test_hostile_page_is_refused_with_what_was_found():
    with pytest.raises(BadFile) as refused:
        read(BROKEN / "hostile.html")

    message = str(refused.value)
    assert message.startswith("Refused as hostile")
    assert "onerror" in message and "javascript:" in message


def test_scripts_outside_the_article_are_only_left_out():
    page = read(
        "<html><head><script>track()</script></head><body><article><h1>Salt</h1>"
        "<p>Most salt is already in bread, cheese and ready meals, not the salt shaker.</p>"
        '<script async src="https://widgets.example/embed.js"></script></article>'
        "<script>more()</script></body></html>"
    )

    assert "track" not in page.body and "embed" not in page.body
    assert page.title == "Salt"


def test_deeply_nested_markup_does_not_stop_the_reader():
    text = (
        "<html><body><h1>Deep</h1>"
        + "<div>" * 5000
        + "<p>Words at the bottom of a deep page.</p>"
        + "</div>" * 5000
    )
    try:
        page = read(text + "</body></html>")
    except BadFile:
        return  # refusing it with a reason is fine too
    assert page.title == "Deep"


def test_the_old_sites_page_scripts_do_not_make_a_page_hostile():
    page = read(
        '<html><body onload="startAds()"><nav><a href="#" onclick="openMenu()">Menu</a></nav>'
        "<h1>Iron and tiredness</h1><p>Low iron is a common reason for feeling tired all the time.</p>"
        "<script>trackPage()</script></body></html>"
    )

    assert page.title == "Iron and tiredness"
    assert "openMenu" not in page.body and "trackPage" not in page.body


def test_a_first_sentence_starting_with_updated_is_article_text():
    page = read(
        "<html><body><article><h1>Blood pressure</h1><p>Updated guidance from 2023 says most adults should "
        "aim for a reading below 140 over 90 when it is measured at a clinic.</p></article></body></html>"
    )

    assert page.body.startswith("Updated guidance from 2023 says")


def test_a_credits_line_without_structured_data_names_the_writer_not_the_reviewer():
    page = read(
        '<html><body><article><h1>Walking after a hip replacement</h1><p class="byline">'
        "Medically reviewed by Dr. Imran Qureshi, MD — Written by Rosa Delgado, RN — "
        "Updated on May 17, 2024</p>"
        "<p>Most people walk with a frame on the first day after the operation.</p></article></body></html>"
    )

    assert page.authors == ["Rosa Delgado"]
    assert local_day(page.updated_at) == datetime.date(2024, 5, 17)
    assert "Medically reviewed" not in page.body
