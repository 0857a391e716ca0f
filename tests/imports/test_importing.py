"""Importing for real: drafts, authors, categories, tags, dates, sources, held comments; again and again."""

import datetime
import shutil

import pytest
from django.apps import apps
from django.utils import timezone
from taggit.models import Tag

from articles import workflow
from articles.models import Article, ArticleRevision, Category, Contributor
from comments.models import Comment, WatchedPhrase
from imports import importer
from imports.models import ImportedArticle
from tests.factories import CategoryFactory, ContributorFactory
from tests.imports.conftest import BROKEN, PUBLISHER_A, PUBLISHER_B, TEXT, WORDPRESS, line_for

pytestmark = pytest.mark.django_db


def everything() -> dict:
    """Every row of every table (sessions aside), to show that nothing changed."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label != "sessions.Session"
    }


def test_an_imported_article_is_a_draft_with_its_first_version_saying_where_it_came_from(run_import, editor):
    report = run_import(PUBLISHER_A)

    line = report.lines[0]
    assert line.outcome == "imported"
    article = Article.objects.get(pk=line.article_id)
    assert article.status == Article.Status.DRAFT
    assert not article.is_live and article.published_at is None and article.go_live_at is None
    assert article.created_by == editor
    revision = article.revisions.get()
    assert revision.number == 1 and revision.is_major
    assert revision.change_summary == (
        "Imported from https://www.clearwellhealth.example/brain-nervous-system/neuromyotonia"
    )
    assert revision.created_by == editor
    assert article.body_html.count("<h2") == 4


def test_provenance_is_kept_apart_from_the_workflow_dates(run_import):
    report = run_import(PUBLISHER_A)

    article = Article.objects.get(pk=report.lines[0].article_id)
    assert article.origin == "https://www.clearwellhealth.example/brain-nervous-system/neuromyotonia"
    assert article.origin_site == "Clearwell Health"
    assert timezone.localtime(article.original_published_at).date() == datetime.date(2022, 1, 18)
    assert timezone.localtime(article.original_updated_at).date() == datetime.date(2024, 5, 17)
    assert article.published_at is None and article.last_reviewed_on is None


def test_authors_become_contributors_without_accounts_or_credentials(run_import):
    existing = ContributorFactory(name="Hanna Kowalski", slug="hanna", credentials="Health writer")

    run_import(WORDPRESS)

    first = Article.objects.get(title__startswith="Living with neuromyotonia")
    assert list(first.authors.all()) == [existing]  # matched by name, not duplicated
    new = Contributor.objects.get(name="Dayo Fadeyi")
    assert new.user is None and new.credentials == ""
    assert Contributor.objects.filter(name__iexact="hanna kowalski").count() == 1


def test_the_byline_credentials_are_not_invented_into_the_contributor(run_import):
    run_import(PUBLISHER_A)

    contributor = Contributor.objects.get(name="Rosa Delgado")
    assert contributor.credentials == "" and contributor.user is None


def test_category_paths_match_by_name_ignoring_case_and_ampersands(run_import):
    health = CategoryFactory(name="HEALTH", slug="health", parent=None)
    nerves = CategoryFactory(name="Brain and nerves", slug="brain-and-nerves", parent=health)

    report = run_import(WORDPRESS)

    first = Article.objects.get(title__startswith="Living with neuromyotonia")
    assert first.category.parent == nerves
    assert first.category.name == "Rare conditions"
    assert Category.objects.filter(name__iexact="health").count() == 1
    assert "HEALTH > Brain and nerves > Rare conditions" in report.new_categories
    assert any("New categories created" in note for note in line_for(report, "Living with").notes)


def test_breadcrumb_words_that_are_not_categories_are_dropped(run_import):
    run_import(TEXT / "rebuilding-strength.txt", TEXT / "sleep-and-shift-work.txt")

    assert Article.objects.get(title__startswith="Rebuilding").category.full_name == "Health > Recovery"
    assert (
        Article.objects.get(title__startswith="Shift work").category.full_name == "Wellbeing > Sleep & Rest"
    )
    assert not Category.objects.filter(name__in=["Home", "More"]).exists()


def test_drop_crumb_can_be_changed(run_import):
    run_import(TEXT / "rebuilding-strength.txt", drop_crumbs=("Health",))

    assert Article.objects.get().category.full_name == "More > Recovery"


def test_no_new_categories_uses_the_fallback_and_says_so(run_import):
    fallback = CategoryFactory(name="Imported", slug="imported")

    report = run_import(TEXT / "rebuilding-strength.txt", new_categories=False, category="imported")

    assert Article.objects.get().category == fallback
    assert Category.objects.count() == 1
    notes = " ".join(report.lines[0].notes)
    assert "No category “Health > Recovery” here" in notes and "Filed under “Imported”" in notes


def test_without_any_category_the_article_has_none_and_the_report_says_to_file_it(run_import):
    report = run_import(TEXT / "rebuilding-strength.txt", new_categories=False)

    assert Article.objects.get().category is None
    assert "No category: file it by hand before review." in report.lines[0].notes


def test_a_new_top_level_category_never_takes_an_address_the_site_uses(run_import, tmp_path):
    page = tmp_path / "search.txt"
    page.write_text(
        "Search > Tips\nFinding good health information\nBy Ann Lee\n\nCheck who wrote it and when.\n"
    )

    run_import(page)

    category = Article.objects.get().category
    assert category.parent.name == "Search" and category.parent.slug != "search"


def test_tags_and_sources_are_kept(run_import):
    run_import(PUBLISHER_A, TEXT / "nerves-that-will-not-rest.txt")

    article = Article.objects.get(title__startswith="Neuromyotonia: Causes")
    assert sorted(article.tags.names()) == ["Muscle cramps", "Rare diseases"]
    text_page = Article.objects.get(title__startswith="Neuromyotonia: when")
    assert list(text_page.sources.values_list("title", "url")) == [
        ("Rare nerve disorders overview", "https://nerve-charity.example/nmt"),
        ("Isaacs' syndrome fact sheet", "https://neuro-info.example/isaacs"),
    ]


def test_existing_tags_are_reused_ignoring_case(run_import):
    Tag.objects.create(name="cramp")

    run_import(WORDPRESS)

    assert Tag.objects.filter(name__iexact="cramp").count() == 1


def test_comments_are_held_screened_and_marked_imported(run_import):
    run_import(WORDPRESS)

    article = Article.objects.get(title__startswith="Living with neuromyotonia")
    comments = list(article.comments.order_by("original_posted_at"))
    assert [c.original_author_name for c in comments] == ["Marguerite L.", "Hanna Kowalski", "Truth Seeker"]
    assert all(c.status == Comment.Status.PENDING and c.is_imported and c.author is None for c in comments)
    assert comments[1].parent == comments[0]
    assert comments[0].original_posted_at == datetime.datetime(2019, 3, 5, 18, 2, tzinfo=datetime.UTC)
    assert comments[0].screening_reasons[0].startswith("Imported from https://steadynerves.example/")
    # The seeded watched patterns catch the misinformation in the old comment too.
    assert any("stop taking your medication" in reason for reason in comments[2].screening_reasons)
    assert not Comment.objects.approved().exists()


def test_watched_safeguarding_wording_in_old_comments_is_flagged(run_import):
    WatchedPhrase.objects.create(phrase="magnets cure", category="safeguarding", action="hold")

    run_import(PUBLISHER_B)

    ray = Comment.objects.get(original_author_name="Ray")
    assert ray.is_safeguarding and ray.status == Comment.Status.PENDING


def test_importing_the_same_files_again_changes_nothing(run_import):
    paths = [WORDPRESS, PUBLISHER_A, PUBLISHER_B, TEXT]
    run_import(*paths)
    before = everything()

    report = run_import(*paths)

    assert report.counts()["imported"] == report.counts()["updated"] == 0
    assert {line.outcome for line in report.lines} == {"unchanged"}
    after = everything()
    for label in ("imports.ImportedArticle",):  # last_imported_at is not touched either
        assert after[label] == before[label]
    assert after == before


def test_a_changed_source_updates_a_draft_nobody_has_touched(run_import, tmp_path):
    export = tmp_path / "export.xml"
    shutil.copy(WORDPRESS, export)
    run_import(export)
    article = Article.objects.get(title__startswith="Getting your strength back")

    export.write_text(export.read_text().replace("eggs, beans, fish", "eggs, beans, tofu, fish"))
    report = run_import(export)

    line = line_for(report, "Getting your strength back")
    assert line.outcome == "updated"
    article.refresh_from_db()
    assert "tofu" in article.body
    assert article.version == 2
    assert article.revisions.get(number=2).change_summary.startswith("Imported again from")
    assert Article.objects.filter(title__startswith="Getting your strength back").count() == 1
    assert article.comments.count() == 1  # the old comment, not a second copy


def test_a_draft_edited_here_since_is_left_alone(run_import, editor, tmp_path):
    export = tmp_path / "export.xml"
    shutil.copy(WORDPRESS, export)
    run_import(export)
    article = Article.objects.get(title__startswith="Getting your strength back")
    article.body += "\nAn editor's addition.\n"
    article.save()
    workflow.record_edit(article, by=editor)

    export.write_text(export.read_text().replace("eggs, beans, fish", "eggs, beans, tofu, fish"))
    report = run_import(export)

    line = line_for(report, "Getting your strength back")
    assert line.outcome == "left_alone" and "edited here since" in line.message
    article.refresh_from_db()
    assert "An editor's addition." in article.body and "tofu" not in article.body


@pytest.mark.parametrize(("state", "says"), [("in_review", "in review"), ("live", "(live)")])
def test_a_reimport_of_an_article_in_review_or_live_reports_it(run_import, editor, tmp_path, state, says):
    export = tmp_path / "export.xml"
    shutil.copy(WORDPRESS, export)
    run_import(export)
    article = Article.objects.get(title__startswith="Getting your strength back")
    if state == "in_review":
        workflow.submit_for_review(article, by=editor)
    else:
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, go_live_at=timezone.now(), published_at=timezone.now()
        )
    export.write_text(export.read_text().replace("eggs, beans, fish", "eggs, beans, tofu, fish"))
    versions = ArticleRevision.objects.count()

    report = run_import(export)

    line = line_for(report, "Getting your strength back")
    assert line.outcome == "left_alone"
    assert line.headline().startswith("export.xml (post 102): Already imported")
    assert says in line.message
    article.refresh_from_db()
    assert "tofu" not in article.body
    assert ArticleRevision.objects.count() == versions


def test_the_same_page_from_an_export_and_as_a_file_is_one_article(run_import, tmp_path):
    run_import(WORDPRESS)
    saved = tmp_path / "saved.html"
    saved.write_text(
        '<html><head><link rel="canonical" href="https://steadynerves.example/2021/11/strength-after-hospital/">'
        "</head><body><article><h1>Getting your strength back after a hospital stay</h1>"
        "<p>A week in bed can take more out of your muscles than you would guess.</p></article></body></html>"
    )

    report = run_import(saved)

    assert report.lines[0].outcome in ("updated", "unchanged", "left_alone")
    assert Article.objects.filter(title__startswith="Getting your strength back").count() == 1


def test_a_dry_run_stores_nothing_and_says_what_would_happen(run_import):
    before = everything()

    report = run_import(WORDPRESS, PUBLISHER_A, TEXT, BROKEN, dry_run=True, user=None)

    assert everything() == before
    assert report.dry_run
    assert report.counts()["imported"] == 9  # 2 posts, 1 saved page, 3 text pages, 3 oddly encoded files
    assert {line.outcome for line in report.lines if line.group == "imported"} == {"would_import"}
    assert "Health > Brain & Nerves > Rare conditions" in report.new_categories
    assert report.new_categories.count("Health") == 1  # each new category named once
    assert "Rosa Delgado" in report.new_contributors
    first = line_for(report, "Living with neuromyotonia")
    assert first.comments == "3 found; 3 new would be held for a moderator"


def test_each_bad_file_gets_one_clear_line_and_nothing_is_stored_for_it(run_import):
    report = run_import(BROKEN)

    failed = {
        line.source.rsplit("/", 1)[-1]: line.message for line in report.lines if line.outcome == "failed"
    }
    assert set(failed) == {
        "billion-laughs.xml",
        "empty.html",
        "external-entity.xml",
        "hostile.html",
        "no-title.html",
        "no-title.txt",
        "not-wordpress.xml",
        "only-spaces.txt",
        "photo-saved-as-page.html",
        "truncated-export.xml",
    }
    assert failed["photo-saved-as-page.html"] == "Not a page: this is a PNG image."
    assert failed["empty.html"].startswith("Empty")
    assert "XML bombs" in failed["billion-laughs.xml"]
    assert not Article.objects.filter(title__icontains="sleep").exists()  # the hostile page
    assert not Article.objects.filter(title__icontains="Headline").exists()
    assert report.failed


def test_odd_encodings_are_read_correctly(run_import):
    run_import(
        BROKEN / "pain-after-surgery-cp1252.txt", BROKEN / "cafe-latin1.html", BROKEN / "salt-utf8-bom.txt"
    )

    pain = Article.objects.get(title__contains="talking about pain")
    assert pain.title == "“I’m fine, really”: talking about pain after surgery"
    assert "don’t want to be a nuisance – yet" in pain.body and "£s" in pain.body
    assert list(pain.authors.values_list("name", flat=True)) == ["Ciarán O’Neill"]
    cafe = Article.objects.get(title="Café culture and caffeine")
    assert "café au lait" in cafe.body
    salt = Article.objects.get(title="Salt: how much is too much?")
    assert "\ufeff" not in salt.title + salt.body
    assert salt.category.full_name == "Health > Nutrition"


def test_a_page_over_the_size_limit_is_refused_unread(run_import, tmp_path, settings):
    settings.IMPORT_MAX_PAGE_BYTES = 2000
    big = tmp_path / "big.html"
    big.write_text("<html><body><h1>Big</h1>" + "<p>Words words words.</p>" * 200 + "</body></html>")

    report = run_import(big)

    assert report.lines[0].outcome == "failed" and report.lines[0].message.startswith("Too large")
    assert not Article.objects.exists()


def test_one_bad_post_never_stops_the_others_nor_leaves_half_an_article(run_import, monkeypatch):
    real = importer.Importer._store_comments

    def broken(self, parsed, article):
        if parsed.title.startswith("Living with"):
            raise importer.DatabaseError("the database went away")
        return real(self, parsed, article)

    monkeypatch.setattr(importer.Importer, "_store_comments", broken)

    report = run_import(WORDPRESS)

    failed = line_for(report, "Living with neuromyotonia")
    assert failed.outcome == "failed" and failed.message.startswith("Nothing was stored")
    assert not Article.objects.filter(title__startswith="Living with").exists()
    assert not Category.objects.filter(name="Rare conditions").exists()  # created in its transaction
    assert not ImportedArticle.objects.filter(source_key__endswith="p=101").exists()
    assert "Health > Brain & Nerves > Rare conditions" not in report.new_categories
    assert Article.objects.filter(title__startswith="Getting your strength back").exists()
    # The same import again brings the failed one in.
    monkeypatch.setattr(importer.Importer, "_store_comments", real)
    again = run_import(WORDPRESS)
    assert line_for(again, "Living with neuromyotonia").outcome == "imported"


def test_titles_and_text_with_sql_and_unicode_are_stored_exactly(run_import, tmp_path):
    page = tmp_path / "odd.txt"
    title = "Robert'); DROP TABLE articles;-- and “quotes” ‮reversed‬ 🙂"
    page.write_text(f"{title}\nBy Zoë Ångström\n\nText with % and _ and \\ and ' and \" in it, fine.\n")

    run_import(page)

    article = Article.objects.get()
    assert article.title == title
    assert "% and \\_ and \\\\ and ' and \" in it" in article.body
    assert article.authors.get().name == "Zoë Ångström"


def test_only_editors_can_import(writer):
    with pytest.raises(PermissionError):
        importer.Importer(importer.Options(user=writer))
    importer.Importer(importer.Options(user=writer, dry_run=True))  # a dry run needs nobody


def test_a_new_old_comment_on_an_updated_draft_joins_its_thread(run_import, tmp_path):
    export = tmp_path / "export.xml"
    shutil.copy(WORDPRESS, export)
    run_import(export)
    reply = """<wp:comment><wp:comment_id>507</wp:comment_id><wp:comment_author>Ines</wp:comment_author>
        <wp:comment_date_gmt>2019-05-01 10:00:00</wp:comment_date_gmt>
        <wp:comment_content>Same for me, Marguerite.</wp:comment_content>
        <wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
        <wp:comment_parent>501</wp:comment_parent></wp:comment>"""
    export.write_text(export.read_text().replace("</wp:comment>", "</wp:comment>" + reply, 1))

    report = run_import(export)

    line = line_for(report, "Living with neuromyotonia")
    assert line.outcome == "updated"
    assert line.comments == "4 found; 1 new held for a moderator, 3 already imported"
    ines = Comment.objects.get(original_author_name="Ines")
    assert ines.parent.original_author_name == "Marguerite L."
    assert Comment.objects.filter(original_author_name="Marguerite L.").count() == 1
