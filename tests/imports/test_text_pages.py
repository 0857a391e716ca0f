"""Pages saved as plain text: breadcrumb, title, byline, dates, sections, lists, labels and comments."""

import datetime

import pytest
from django.utils import timezone

from imports.parsed import BadFile
from imports.textpage import read_text_page
from tests.imports.conftest import TEXT


def read(text: str, name: str = "page.txt"):
    return read_text_page(text, source=name, name=name)


def local_day(value) -> datetime.date:
    return timezone.localtime(value).date()


def test_the_layout_in_the_issue_is_read_part_by_part():
    page = read((TEXT / "rebuilding-strength.txt").read_text())

    assert page.crumbs == ["More", "Health", "Recovery"]
    assert page.title == "Rebuilding strength after a long illness"
    assert page.authors == ["Priya Natarajan"]
    assert page.published_at is None
    assert local_day(page.updated_at) == datetime.date(2024, 5, 17)
    assert page.sections == ["Why muscles weaken", "What helps", "When to get help"]
    assert "## What helps\n\n- Short walks, two or three times a day\n" in page.body
    assert "\n\n1. Start with what you can do today\n2. Add a little more each week\n" in page.body
    # "Label: text" paragraphs are kept as they are, not turned into headings.
    assert "\n\nTip: keep a water bottle by your chair so you remember to drink.\n" in page.body
    assert "\n\nNote: stop and rest if you feel dizzy or short of breath.\n" in page.body
    assert page.summary.startswith("After weeks of being unwell")
    assert page.summary_from == "the first paragraph"


def test_the_report_says_which_date_each_line_was_read_as():
    page = read((TEXT / "rebuilding-strength.txt").read_text())

    assert "“Updated May 17, 2024” read as last updated 17 May 2024." in page.notes
    assert "Comment by Jo Baker: “29 April 2014” read as posted 29 April 2014." in page.notes


@pytest.mark.parametrize(
    ("line", "which", "day"),
    [
        ("Updated May 17, 2024", "updated", datetime.date(2024, 5, 17)),
        ("2025-09-10 08:11:01", "published", datetime.date(2025, 9, 10)),
        ("17/05/2024", "published", datetime.date(2024, 5, 17)),
        ("Published 3 March 2023", "published", datetime.date(2023, 3, 3)),
        ("Last updated: 10.09.2025", "updated", datetime.date(2025, 9, 10)),
    ],
)
def test_dates_in_the_usual_forms(line, which, day):
    page = read(
        f"Health > Recovery\nA title\nBy Sam Field\n{line}\n\nA first paragraph that is long enough.\n"
    )

    value = page.updated_at if which == "updated" else page.published_at
    assert local_day(value) == day


def test_a_date_that_could_be_read_two_ways_is_read_day_first_and_the_report_says_so():
    page = read("A title\nBy Sam Field\n05/06/2024\n\nSome text for the article body here.\n")

    assert local_day(page.published_at) == datetime.date(2024, 6, 5)
    assert any("day first; it could also be month first" in note for note in page.notes)


def test_relative_and_partial_dates_are_not_guessed():
    page = read("A title\nBy Sam Field\nUpdated 2 days ago\n\nSome text for the article body here.\n")

    assert page.published_at is None and page.updated_at is None


def test_breadcrumbs_without_spaces_and_single_category_lines():
    assert read("More>Health>Recovery\nTitle here\nBy A Writer\n\nBody text.\n").crumbs == [
        "More",
        "Health",
        "Recovery",
    ]
    single = read((TEXT / "nerves-that-will-not-rest.txt").read_text())
    assert single.crumbs == ["Brain and Nervous System Health"]
    assert single.title == "Neuromyotonia: when nerves will not rest"


def test_two_short_lines_with_no_byline_are_a_title_and_a_heading():
    page = read("Sleep after surgery\nWhy it goes wrong\nPain, noise and medicines all play a part.\n")

    assert page.title == "Sleep after surgery"
    assert page.crumbs == []
    assert page.sections == ["Why it goes wrong"]


def test_byline_credentials_and_several_authors():
    page = read((TEXT / "nerves-that-will-not-rest.txt").read_text())
    assert page.authors == ["Alan Whitfield"]
    assert any("credentials are not copied" in note and "MD" in note for note in page.notes)

    both = read((TEXT / "sleep-and-shift-work.txt").read_text())
    assert both.authors == ["Leah Osei", "Mark Dunmore"]


def test_bullets_dashes_stars_and_numbers_are_list_items():
    page = read("T\nBy A B\n\nIntro line for the page.\n\n• one\n- two\n* three\n1. four\n2) five\n")

    assert "- one\n- two\n- three\n\n1. four\n2. five" in page.body


def test_a_sources_list_becomes_the_article_sources():
    page = read((TEXT / "nerves-that-will-not-rest.txt").read_text())

    assert page.sources == [
        {"title": "Rare nerve disorders overview", "url": "https://nerve-charity.example/nmt"},
        {"title": "Isaacs' syndrome fact sheet", "url": "https://neuro-info.example/isaacs"},
    ]
    assert "Sources" not in page.sections


def test_non_article_lines_are_taken_out_and_listed():
    page = read((TEXT / "rebuilding-strength.txt").read_text())

    assert "newsletter" not in page.body.lower()
    assert "Share" not in page.body
    assert "Ten gentle stretches" not in page.body
    kinds = " | ".join(page.removed)
    assert "Newsletter sign-up box" in kinds
    assert "Share buttons" in kinds
    assert "List of links to other articles: “Latest · Ten gentle stretches" in kinds


def test_comments_section_with_its_count():
    page = read((TEXT / "rebuilding-strength.txt").read_text())

    assert [(c.name, local_day(c.posted_at), c.text) for c in page.comments] == [
        (
            "Jo Baker",
            datetime.date(2014, 4, 29),
            "I had pneumonia last winter and this is exactly what my physio told me. Small steps every day.",
        ),
        ("Sam", datetime.date(2014, 5, 2), "Thank you. I needed to hear that it takes time."),
    ]
    assert "Reply" not in " ".join(c.text for c in page.comments)


def test_discussion_comments_heading_and_numeric_dates():
    page = read((TEXT / "nerves-that-will-not-rest.txt").read_text())

    assert [c.name for c in page.comments] == ["Frances", "Marek"]
    assert local_day(page.comments[1].posted_at) == datetime.date(2025, 9, 14)


def test_text_that_looks_like_markup_stays_text():
    page = read(
        "A title\nBy Sam Field\n\n<script>alert(1)</script> is not run.\n\n"
        "# not a heading, *not bold*, &amp; text.\n"
    )

    assert "&lt;script>alert(1)&lt;/script> is not run." in page.body
    assert "\\# not a heading, \\*not bold\\*, &amp;amp; text." in page.body


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "This first line is a long sentence, so it cannot be the title of anything at all.\nMore text.\n",
    ],
)
def test_no_title_is_a_clear_failure(text):
    with pytest.raises(BadFile, match="title"):
        read(text)


def test_a_title_with_no_text_under_it_fails():
    with pytest.raises(BadFile, match="No article text"):
        read("Health > Recovery\nJust a title\nBy Sam Field\n")


def test_the_key_is_the_file_name_and_a_hash_of_its_text():
    text = (TEXT / "sleep-and-shift-work.txt").read_text()

    same = read(text, "shift.txt").key
    assert read(text, "shift.txt").key == same
    assert read(text + "\nOne more line.\n", "shift.txt").key != same
    assert read(text, "other.txt").key != same
    assert same.startswith("file:shift.txt:")


def test_a_credits_line_with_reviewer_writer_and_date():
    page = read(
        "Health > Recovery\nWalking after a hip replacement\n"
        "Medically reviewed by Dr. Imran Qureshi, MD — Written by Rosa Delgado, RN — "
        "Updated on May 17, 2024\n\n"
        "Most people walk with a frame on the first day after the operation.\n"
    )

    assert page.authors == ["Rosa Delgado"]
    assert local_day(page.updated_at) == datetime.date(2024, 5, 17)
    assert any("Dr. Imran Qureshi" in note and "not carried over" in note for note in page.notes)
    assert any("“RN”" in note for note in page.notes)
    assert "Medically reviewed" not in page.body


def test_a_byline_with_its_date_after_on():
    page = read("Hydration\nBy Jane Doe on 3 May 2024\n\nDrink water through the day, more when it is hot.\n")

    assert page.authors == ["Jane Doe"]
    assert local_day(page.published_at) == datetime.date(2024, 5, 3)


def test_comments_with_the_name_and_the_date_on_lines_of_their_own():
    page = read(
        "Hydration\nBy Jane Doe\n\nDrink water through the day, more when it is hot.\n\n"
        "Comments (2)\nPriya\nMay 3, 2019 at 4:12 pm\nI keep a jug on my desk.\nReply\n"
        "Tom K\n4 May 2019\nHerbal tea counts too, my GP said.\n"
    )

    assert [(c.name, local_day(c.posted_at), c.text) for c in page.comments] == [
        ("Priya", datetime.date(2019, 5, 3), "I keep a jug on my desk."),
        ("Tom K", datetime.date(2019, 5, 4), "Herbal tea counts too, my GP said."),
    ]
