"""Markdown rendering: help boxes, sanitising and the table of contents."""

import pytest

from articles.markdown import render_markdown, table_of_contents


@pytest.mark.parametrize(
    ("level", "label", "heading"),
    [
        ("gp", "Non-urgent:", "See a GP"),
        ("urgent", "Urgent:", "Get medical help today"),
        ("emergency", "Emergency:", "Call 999 or go to A&amp;E now"),
    ],
)
def test_each_help_box_level_has_its_own_class_and_printed_label(level, label, heading):
    html = render_markdown(f"!!! {level}\n    Some advice.")

    assert f'class="help-box help-box--{level}"' in html
    assert f'<strong class="help-box__level">{label}</strong> {heading}</p>' in html
    assert "<p>Some advice.</p>" in html
    assert "<aside" in html and "aria-label=" in html


def test_help_box_takes_an_editors_own_heading():
    html = render_markdown('!!! urgent "Ask for an urgent appointment if"\n    You feel worse.')

    assert '<strong class="help-box__level">Urgent:</strong> Ask for an urgent appointment if' in html
    assert 'aria-label="Urgent: Ask for an urgent appointment if"' in html


def test_unknown_box_type_becomes_plain_text_without_styling():
    html = render_markdown("!!! danger\n    Watch out.")

    assert "help-box" not in html and "admonition" not in html
    assert "<p>Watch out.</p>" in html


def test_raw_html_cannot_forge_classes_or_scripts():
    html = render_markdown(
        '<aside class="help-box evil" onclick="steal()">x</aside>'
        '<div class="help-box--emergency">y</div><script>alert(1)</script>'
        '<a href="javascript:alert(1)">z</a>'
    )

    assert "evil" not in html and "onclick" not in html and "<script" not in html
    assert "javascript:" not in html
    assert '<div class="help-box--emergency">' not in html


def test_heading_ids_never_clash_with_the_page_template():
    html = render_markdown("## Main\n\n## Comments\n\n## Sources")

    ids = [section["id"] for section in table_of_contents(html)]
    assert ids == ["main-section", "comments-section", "sources-section"]


def test_table_of_contents_lists_second_level_headings_as_text():
    html = render_markdown("## What is it?\n\n### Detail\n\n## Tips & <em>tricks</em>\n\ntext")

    assert table_of_contents(html) == [
        {"id": "what-is-it", "title": "What is it?"},
        {"id": "tips-tricks", "title": "Tips & tricks"},
    ]
    assert table_of_contents("") == []
