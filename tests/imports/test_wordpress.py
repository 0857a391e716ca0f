"""WordPress exports: which items come in, with categories, tags, authors, dates and comments; bad XML."""

import datetime
import io

import pytest
from django.utils import timezone

from imports import wxr
from imports.parsed import BadFile, ParsedArticle
from tests.imports.conftest import BROKEN, WORDPRESS


def read(path=WORDPRESS, **options):
    with open(path, "rb") as stream:
        return list(wxr.read_export(stream, source="export.xml", **options))


def posts(entries):
    return [entry for entry in entries if isinstance(entry, ParsedArticle)]


def test_only_published_posts_by_default_and_the_rest_counted():
    entries = read()

    assert [post.title for post in posts(entries)] == [
        "Living with neuromyotonia: what the twitching means",
        "Getting your strength back after a hospital stay",
    ]
    assert sorted(entry.reason for entry in entries if isinstance(entry, wxr.Skipped)) == [
        "attachments (only posts are imported)",
        "drafts (use --include-drafts)",
        "pages (only posts are imported)",
    ]


def test_drafts_come_in_when_asked_without_a_first_published_date():
    draft = posts(read(include_drafts=True))[-1]

    assert draft.title == "Sleep and restless legs (work in progress)"
    assert draft.published_at is None
    assert any("no first-published date" in note for note in draft.notes)


def test_nested_categories_tags_authors_and_dates():
    first, second = posts(read())

    assert first.crumbs == ["Health", "Brain & Nerves", "Rare conditions"]
    assert first.tags == ["Cramp", "Autoimmune"]
    assert first.authors == ["Hanna Kowalski"]  # the display name, not the login
    assert second.authors == ["Dayo Fadeyi"]
    assert first.published_at == datetime.datetime(2019, 3, 2, 9, 30, tzinfo=datetime.UTC)
    assert first.updated_at == datetime.datetime(2024, 5, 17, 10, 15, tzinfo=datetime.UTC)
    # Saved once at publication: not an update.
    assert second.updated_at is None
    # "Uncategorized" is WordPress's default, not a category.
    assert second.crumbs == ["Health", "Recovery"]
    assert first.key == "wordpress:https://steadynerves.example/?p=101"
    assert first.origin == "https://steadynerves.example/2019/03/living-with-neuromyotonia/"
    assert first.origin_site == "Steady Nerves"


def test_post_body_becomes_markdown_with_the_chrome_listed():
    first, second = posts(read())

    assert "## What causes it? {#what-causes-it}" in first.body
    assert "- Cramps, often after exercise\n" in first.body
    assert "[Isaacs' syndrome](https://steadynerves.example/isaacs-syndrome/)" in first.body
    assert "commission" not in first.body and "newsletter" not in first.body.lower()
    assert "caption" not in first.body and "Stretching after a walk" not in first.body
    assert any(item.startswith("Advertising or affiliate disclosure") for item in first.removed)
    assert any(item.startswith("Newsletter sign-up box") for item in first.removed)
    assert "WordPress shortcodes removed: caption." in first.notes
    assert (
        first.summary == "Why nerves keep firing in neuromyotonia, what it feels like and when to get help."
    )
    assert first.summary_from == "the post's excerpt"
    # Classic-editor text with blank lines between paragraphs, and a bold line as a heading.
    assert second.sections == ["Start small", "Eating for recovery"]
    assert second.summary_from == "the first paragraph"
    assert "Share this" not in second.body and "Advertisement" not in second.body


def test_only_approved_comments_with_names_dates_and_replies():
    first, second = posts(read())

    assert [(c.name, c.key, c.parent_key) for c in first.comments] == [
        ("Marguerite L.", "wp:501", ""),
        ("Hanna Kowalski", "wp:502", "wp:501"),
        ("Truth Seeker", "wp:503", ""),
    ]
    assert first.comments[0].posted_at == datetime.datetime(2019, 3, 5, 18, 2, tzinfo=datetime.UTC)
    assert "Comments not imported: pending (never approved there): 1, pingbacks: 1, spam: 1." in first.notes
    assert [c.text for c in second.comments] == [
        "The physio on my ward said the same.\n\nChair first, then the corridor."
    ]
    assert "Comments not imported: in the bin: 1." in second.notes


@pytest.mark.parametrize("name", ["billion-laughs.xml", "external-entity.xml"])
def test_entities_and_document_types_are_refused(name):
    with pytest.raises(BadFile, match="XML bombs"):
        read(BROKEN / name)


def test_a_damaged_export_says_where_after_the_posts_before_it():
    entries = []
    with pytest.raises(BadFile, match="damaged near line"):
        with open(BROKEN / "truncated-export.xml", "rb") as stream:
            for entry in wxr.read_export(stream, source="x.xml"):
                entries.append(entry)


def test_an_rss_feed_is_not_an_export():
    with pytest.raises(BadFile, match="Not a WordPress export"):
        read(BROKEN / "not-wordpress.xml")


def _export(items: str) -> io.BytesIO:
    return io.BytesIO(
        (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
            f"<channel><title>Site</title><link>https://site.example</link><wp:wxr_version>1.2</wp:wxr_version>{items}"
            "</channel></rss>"
        ).encode()
    )


def _item(number: int, content: str = "<p>Text of the post.</p>", title: str | None = None) -> str:
    title = f"Post {number}" if title is None else title
    return (
        f"<item><title>{title}</title><guid>https://site.example/?p={number}</guid>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{number}</wp:post_id>"
        "<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type></item>"
    )


def test_a_post_with_active_content_is_refused_alone():
    entries = list(
        wxr.read_export(
            _export(_item(1) + _item(2, '<p>Hi <img src=x onerror="alert(1)"></p>') + _item(3)),
            source="x.xml",
        )
    )

    assert [type(entry).__name__ for entry in entries] == ["ParsedArticle", "BadItem", "ParsedArticle"]
    assert "Refused as hostile" in entries[1].message


def test_a_post_without_a_title_is_one_bad_item():
    entries = list(wxr.read_export(_export(_item(1, title="")), source="x.xml"))

    assert isinstance(entries[0], wxr.BadItem) and "No title" in entries[0].message


def test_reading_is_a_stream_that_forgets_each_post():
    # Posts are handed on one at a time and dropped from the tree, so memory does not grow with the file.
    stream = _export("".join(_item(n) for n in range(1, 301)))
    reader = wxr.read_export(stream, source="x.xml")

    first = next(reader)
    assert first.title == "Post 1"
    assert sum(1 for _ in reader) == 299


def test_dates_without_a_time_zone_are_the_sites():
    local_only = (
        "<wp:post_date>2020-07-01 10:00:00</wp:post_date><wp:post_date_gmt>0000-00-00</wp:post_date_gmt>"
    )
    export = _export(_item(1).replace("<wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>", local_only))

    post = next(wxr.read_export(export, source="x.xml"))

    assert timezone.localtime(post.published_at).hour == 10
    assert any("site time" in note for note in post.notes)
