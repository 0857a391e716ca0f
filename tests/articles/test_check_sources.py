"""check_sources with a fake transport: never the network."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import checklist, links
from articles.models import Article, SourceLinkCheck
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db


class FakeWeb:
    """Answers from a table: url -> {method: Answer or an exception}; records every request."""

    def __init__(self, table):
        self.table = table
        self.requests = []

    def __call__(self, method, url, timeout):
        self.requests.append((method, url, timeout))
        answer = self.table.get(url, {}).get(method, self.table.get(url, {}).get("*"))
        if answer is None:
            raise links.TransportError("Name or service not known")
        if isinstance(answer, Exception):
            raise answer
        return answer


def A(status, location=""):  # noqa: N802
    return links.Answer(status, location)


@pytest.fixture
def article(db):
    return ArticleFactory(title="Cramp", slug="cramp")


def add(article, url, title=None):
    return SourceFactory(article=article, url=url, title=title or url)


def result(url) -> SourceLinkCheck:
    return SourceLinkCheck.objects.get(url=url)


def test_each_kind_of_answer_is_stored_with_its_date(article):
    web = FakeWeb(
        {
            "https://ok.example/a": {"HEAD": A(200)},
            "https://old.example/a": {"HEAD": A(301, "/new-place")},
            "https://old.example/new-place": {"HEAD": A(200)},
            "https://gone.example/a": {"*": A(404)},
            "https://journal.example/a": {"*": A(403)},
            "https://down.example/a": {"*": links.TransportError("timed out")},
            "https://error.example/a": {"*": A(500)},
        }
    )
    for url in web.table:
        if url != "https://old.example/new-place":
            add(article, url)
    report = links.check_sources(transport=web, host_delay=0)
    assert result("https://ok.example/a").outcome == "ok"
    moved = result("https://old.example/a")
    assert (moved.outcome, moved.final_url) == ("moved", "https://old.example/new-place")
    assert (result("https://gone.example/a").outcome, result("https://gone.example/a").status_code) == (
        "broken",
        404,
    )
    assert result("https://journal.example/a").outcome == "restricted"
    assert result("https://down.example/a").outcome == "unreachable"
    assert "timed out" in result("https://down.example/a").detail
    assert result("https://error.example/a").outcome == "broken"
    assert report.total == 6
    assert all(
        check.checked_at > timezone.now() - timedelta(minutes=1) for check in SourceLinkCheck.objects.all()
    )


def test_head_first_then_get_when_head_is_refused(article):
    add(article, "https://nohead.example/a")
    web = FakeWeb({"https://nohead.example/a": {"HEAD": A(405), "GET": A(200)}})
    links.check_sources(transport=web, host_delay=0, timeout=3)
    assert [(m, t) for m, _, t in web.requests] == [("HEAD", 3), ("GET", 3)]
    assert result("https://nohead.example/a").outcome == "ok"


def test_a_redirect_loop_or_a_redirect_off_the_web_is_broken(article):
    add(article, "https://loop.example/a")
    add(article, "https://odd.example/a")
    web = FakeWeb(
        {
            "https://loop.example/a": {"*": A(302, "https://loop.example/a")},
            "https://odd.example/a": {"*": A(302, "javascript:alert(1)")},
        }
    )
    links.check_sources(transport=web, host_delay=0)
    assert "redirects" in result("https://loop.example/a").detail
    assert result("https://odd.example/a").outcome == "broken"


def test_each_site_is_asked_a_limited_number_of_times_per_run_and_spaced_out(article):
    for n in range(5):
        add(article, f"https://big.example/{n}")
    add(article, "https://small.example/a")
    web = FakeWeb(
        {
            **{f"https://big.example/{n}": {"*": A(200)} for n in range(5)},
            "https://small.example/a": {"*": A(200)},
        }
    )
    waits = []
    clock = iter(range(1000)).__next__
    report = links.check_sources(
        transport=web, per_host=3, host_delay=10, sleep=waits.append, clock=lambda: clock()
    )
    assert report.total == 4
    assert report.deferred == 2
    assert len([u for _, u, _ in web.requests if "big.example" in u]) == 3
    assert len(waits) == 2 and all(w > 0 for w in waits)  # between the three requests to one site

    # The next run takes the two left over first, and skips those checked today.
    web.requests.clear()
    report = links.check_sources(transport=web, per_host=3, host_delay=0)
    assert report.total == 2 and report.skipped_recent == 4


def test_archived_articles_are_not_checked_and_bad_addresses_do_not_stop_the_run(article):
    archived = ArticleFactory(status=Article.Status.ARCHIVED)
    add(archived, "https://archived.example/a")
    add(article, "ftp://files.example/a")
    add(article, "https://fine.example/a")

    def boom(method, url, timeout):
        if "fine" in url:
            return A(200)
        raise RuntimeError("unexpected")

    links.check_sources(transport=boom, host_delay=0)
    assert not SourceLinkCheck.objects.filter(url="https://archived.example/a").exists()
    assert result("ftp://files.example/a").outcome == "broken"
    assert result("https://fine.example/a").outcome == "ok"


def test_the_command_reports_progress_and_totals(article, monkeypatch):
    add(article, "https://gone.example/a")
    web = FakeWeb({"https://gone.example/a": {"*": A(410)}})
    monkeypatch.setattr(links, "urllib_transport", web)
    out = io.StringIO()
    call_command("check_sources", stdout=out)
    text = out.getvalue()
    assert "[1/1] Broken: https://gone.example/a" in text
    assert "Checked 1 address(es): 1 broken." in text


def test_broken_sources_show_in_the_checklist_and_the_report(article, editor_client):
    add(article, "https://gone.example/a", title="Old leaflet")
    links.check_sources(transport=FakeWeb({"https://gone.example/a": {"*": A(404)}}), host_delay=0)
    assert "Broken: Old leaflet" in checklist.checklist_for(article).item("source_links").detail
    page = editor_client.get(reverse("admin:articles_article_source_links")).content.decode()
    assert "https://gone.example/a" in page and "Cramp" in page and "Broken (404)" in page
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Broken (404)" in change


def test_the_report_escapes_stored_addresses(article, editor_client):
    SourceLinkCheck.objects.create(
        url="https://x.example/<script>alert(1)</script>", outcome="broken", checked_at=timezone.now()
    )
    page = editor_client.get(reverse("admin:articles_article_source_links")).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_the_real_transport_reports_an_unreachable_address_without_raising_anything_else():
    # A closed local port: refused at once, no outside network involved.
    with pytest.raises(links.TransportError):
        links.urllib_transport("HEAD", "http://127.0.0.1:9/", 1)


def test_the_task_queue_checks_sources_with_the_same_rules_and_skips_what_was_just_checked(
    article, monkeypatch
):
    from articles.tasks import check_source_links

    web = FakeWeb({"https://ok.example/a": {"HEAD": A(200)}, "https://gone.example/a": {"*": A(404)}})
    monkeypatch.setattr(links, "urllib_transport", web)
    add(article, "https://ok.example/a")
    add(article, "https://gone.example/a")

    first = check_source_links.enqueue()
    assert first.return_value == 2
    assert result("https://gone.example/a").is_broken and not result("https://ok.example/a").is_broken
    # Run again (a worker died before marking it done): nothing is asked twice.
    asked = len(web.requests)
    assert check_source_links.enqueue().return_value == 0
    assert len(web.requests) == asked
