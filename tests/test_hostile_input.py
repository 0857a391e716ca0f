"""Hostile input through every way in: nothing runs, nothing 500s, nothing is lost.

Every entry of ``tests.hostile.HOSTILE`` goes through article titles, summaries
and bodies (the admin's form, as an editor), slugs, comments (as a reader),
search, the sign-up and log-in forms, and the query string and path of every
public address. Each is either stored exactly as typed and shown back as text,
or refused with a plain-English message (a NUL byte, which PostgreSQL cannot
store; text longer than the field allows).
"""

import unicodedata
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article
from articles.search import clean_query
from comments.models import Comment, ModerationSettings
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    CommentFactory,
    ConditionFactory,
    ContributorFactory,
    PageFactory,
    UserFactory,
)
from tests.hostile import HOSTILE, RAW_ENCODED, as_parsed, executable_parts, find, parse, text_content
from tests.html import json_ld
from tests.mail import confirm_signup

pytestmark = pytest.mark.django_db

VALUES = pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
NULL_REFUSED = "Null characters are not allowed."
# Overlong addresses are cut off by the web server long before Django sees them.
URL_VALUES = {name: value for name, value in HOSTILE.items() if len(value) < 5000}


def assert_inert(response, *, admin: bool = False):
    assert response.status_code < 500
    assert executable_parts(response.content, admin=admin) == []


def form_fields(html, form_id: str) -> dict:
    """What a browser would submit for the form ``form_id`` as it stands."""
    form = find(parse(html), "form", id=form_id)
    assert form is not None, f"no form #{form_id}"
    data: dict[str, list[str]] = {}
    for element in form.iter():
        name, tag = element.get("name"), element.tag
        if not name:
            continue
        if tag == "input":
            kind = element.get("type", "text")
            if kind in {"submit", "button", "file"} or (
                kind in {"checkbox", "radio"} and element.get("checked") is None
            ):
                continue
            data.setdefault(name, []).append(element.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            data.setdefault(name, []).append((element.text or "").removeprefix("\n"))
        elif tag == "select":
            chosen = [option.get("value", "") for option in element.iter("option") if option.get("selected")]
            data.setdefault(name, []).extend(chosen)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items() if values}


# --- Articles: title, summary and body from the admin's form, as an editor --------------------


_EMPTY_ARTICLE_FORM: dict = {}


def _submit_article(client, **fields):
    """Post the admin's "add article" form as a browser would, with ``fields`` typed in."""
    url = reverse("admin:articles_article_add")
    if not _EMPTY_ARTICLE_FORM:  # the empty form is the same for every test: read it once
        _EMPTY_ARTICLE_FORM.update(form_fields(client.get(url).content, "article_form"))
    return client.post(url, {**_EMPTY_ARTICLE_FORM, **fields})


@VALUES
def test_article_title_summary_and_body_are_stored_as_typed_and_shown_inert(editor_client, client, value):
    response = _submit_article(editor_client, title=value, slug="hostile", summary=value, body=value)

    limit = min(Article._meta.get_field("title").max_length, Article._meta.get_field("summary").max_length)
    if "\x00" in value or len(value.strip()) > limit:
        assert response.status_code == 200
        message = NULL_REFUSED if "\x00" in value else "Ensure this value has at most"
        assert message in response.content.decode()
        assert not Article.objects.exists()
        # What the editor typed is still in the form (NUL aside, which HTML cannot carry).
        body = find(parse(response.content), "textarea", name="body")
        assert text_content(body).removeprefix("\n") == as_parsed(value.strip())
        return

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert (article.title, article.summary, article.body) == (value.strip(),) * 3
    assert executable_parts(article.body_html) == []
    assert_inert(editor_client.get(reverse("admin:articles_article_change", args=[article.pk])), admin=True)

    # Published, it reads back as plain text wherever the page shows it.
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, go_live_at="2020-01-01T00:00Z", published_at="2020-01-01T00:00Z"
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert_inert(response)
    page = parse(response.content)
    assert text_content(find(page, "h1")) == as_parsed(article.title)
    assert text_content(find(page, "p", class_="summary")) == as_parsed(article.summary)
    assert find(page, "meta", name="description").get("content") == as_parsed(article.summary)
    # The structured data for search engines is still valid JSON carrying the exact title.
    (medical_page,) = [block for block in json_ld(response.content) if block["@type"] == "MedicalWebPage"]
    assert medical_page["headline"] == article.title


SLUGS = URL_VALUES | {
    "blank": " ",
    "slash": "a/b",
    "space": "a b",
    "dot-dot": "../admin",
}


@pytest.mark.parametrize("slug", list(SLUGS.values()), ids=list(SLUGS))
def test_hostile_slug_is_refused_with_a_form_error(editor_client, slug):
    response = _submit_article(editor_client, title="Cramp", slug=slug)

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "Enter a valid “slug”" in content or "This field is required." in content or NULL_REFUSED in content
    )
    assert not Article.objects.exists()


@VALUES
def test_markdown_body_renders_inert_on_the_public_page(client, value):
    article = ArticleFactory(published=True, body=value.replace("\x00", ""))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert_inert(response)


@pytest.mark.parametrize("value", list(URL_VALUES.values()), ids=list(URL_VALUES))
def test_admin_list_answers_hostile_searches_filters_and_actions(editor_client, value):
    article = ArticleFactory(title="Cramp")
    url = reverse("admin:articles_article_changelist")
    for params in ({"q": value}, {"status__exact": value}):
        response = editor_client.get(url, params)
        assert response.status_code == (400 if "\x00" in value else 200), params
        assert_inert(response, admin=True)
    # An unknown action is "no action selected"; ids that are not ids are a bad request.
    response = editor_client.post(url, {"action": value, "_selected_action": article.pk, "index": 0})
    assert response.status_code == 302
    response = editor_client.post(url, {"action": "delete_selected", "_selected_action": value, "index": 0})
    assert response.status_code == 400
    assert Article.objects.filter(pk=article.pk).exists()


# --- Comments, posted by a reader -------------------------------------------------------------


@pytest.fixture
def commenting():
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()
    return ArticleFactory(published=True, title="Cramp", slug="cramp")


@VALUES
def test_comment_is_stored_as_typed_and_shown_as_text(client, commenting, value):
    reader = UserFactory(username="hostile-reader")
    client.force_login(reader)

    response = client.post(reverse("comments:post", args=[commenting.pk]), {"text": value})

    if "\x00" in value or len(value) > Comment.MAX_LENGTH:
        assert response.status_code == 400
        message = "null character" if "\x00" in value else "Comments can be up to 5,000 characters long"
        assert message in response.content.decode()
        assert not Comment.objects.exists()
        assert_inert(response)
        return
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.text == value
    response = client.get(commenting.get_absolute_url())
    assert_inert(response)
    shown = find(parse(response.content), "article", id=f"comment-{comment.pk}")
    assert text_content(find(shown, "div", class_="comment-text")) == as_parsed(value)


@VALUES
def test_report_note_is_stored_as_typed_or_refused(client, value):
    comment = CommentFactory(status=Comment.Status.APPROVED)
    client.force_login(UserFactory(username="reporter"))

    response = client.post(
        reverse("comments:report", args=[comment.pk]), {"reason": "misinformation", "details": value}
    )

    assert_inert(response)
    report = comment.reports.first()
    if "\x00" in value or len(value) > 1000:
        assert response.status_code == 400
        assert report is None
        assert (
            "null character" in response.content.decode()
            or "under 1,000 characters" in response.content.decode()
        )
    else:
        assert response.status_code == 302
        assert report.details == value.strip()


@pytest.mark.parametrize("raw", RAW_ENCODED.values(), ids=RAW_ENCODED.keys())
def test_comment_with_bytes_that_are_not_utf8_is_stored_readably(client, commenting, raw):
    client.force_login(UserFactory(username="hostile-reader"))

    response = client.post(
        reverse("comments:post", args=[commenting.pk]),
        f"text=Cramp+{raw}".encode(),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    text = Comment.objects.get().text
    assert text.startswith("Cramp ")
    assert "\ufffd" in text  # the bytes that cannot be read are marked, not guessed
    text.encode("utf-8")  # and nothing unencodable reached the database


# --- Search ---------------------------------------------------------------------------------


@VALUES
def test_search_shows_the_query_back_as_text(client, value):
    ArticleFactory(published=True, title="Cramp and twitching", body="Cramp")

    response = client.get(reverse("articles:search"), {"q": value})

    assert response.status_code == 200
    assert_inert(response)
    query, _ = clean_query(value)
    page = parse(response.content)
    assert find(page, "input", id="page-search").get("value") == query
    if query:
        assert text_content(find(page, "h1")) == f"Search results for “{query}”"


@pytest.mark.parametrize("raw", RAW_ENCODED.values(), ids=RAW_ENCODED.keys())
def test_search_with_bytes_that_are_not_utf8(client, raw):
    response = client.get(f"/search/?q={raw}")
    assert response.status_code == 200
    assert_inert(response)


# --- Sign-up and log-in -----------------------------------------------------------------------

GOOD_SIGNUP = {"username": "newreader", "email": "new@example.org"}


@VALUES
@pytest.mark.parametrize("field", ["username", "email"])
def test_signup_refuses_a_hostile_name_or_address_and_keeps_what_was_typed(client, field, value):
    response = client.post(reverse("signup"), {**GOOD_SIGNUP, field: value})

    assert_inert(response)
    users = get_user_model().objects.all()
    if response.status_code == 302:
        # Only a name a reader could really have gets through, and it is kept as typed.
        assert field == "username"
        assert confirm_signup(client).status_code == 302
        assert users.get().username == unicodedata.normalize("NFKC", value)
        return
    assert response.status_code == 200
    assert not users.exists()
    page = parse(response.content)
    errors = find(page, "ul", class_="errorlist")
    assert errors is not None and text_content(errors).strip()
    shown = find(page, "input", name=field)
    assert shown.get("value", "") == as_parsed(value).strip()


@VALUES
def test_signup_accepts_any_password_it_can_store_and_it_logs_in_again(client, value):
    client.post(reverse("signup"), GOOD_SIGNUP)
    response = confirm_signup(client, password=value)

    assert_inert(response)
    if response.status_code == 200:
        # Too short, too common, all digits or a NUL byte: said in words, nothing created.
        errors = find(parse(response.content), "ul", class_="errorlist")
        assert errors is not None and text_content(errors).strip()
        assert not get_user_model().objects.exists()
        return
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "newreader", "password": value})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get().pk)


@VALUES
def test_login_with_hostile_username_or_password_is_refused_plainly(client, settings, value):
    settings.AXES_ENABLED = True  # throttling records every failure: it must store these too
    UserFactory(username="rea")
    for fields in ({"username": value, "password": "pw"}, {"username": "rea", "password": value}):
        response = client.post(reverse("login"), fields)
        assert response.status_code == 200
        assert_inert(response)
        content = response.content.decode()
        assert "Please enter a correct username and password" in content or NULL_REFUSED in content
        assert "_auth_user_id" not in client.session


@VALUES
def test_a_hostile_password_set_by_the_reader_logs_in(client, value):
    reader = UserFactory(username="rea")
    reader.set_password(value)
    reader.save()

    response = client.post(reverse("login"), {"username": "rea", "password": value})

    if "\x00" in value:
        assert response.status_code == 200
        assert NULL_REFUSED in response.content.decode()
    else:
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(reader.pk)


# --- Query strings and path segments on every public address ----------------------------------


@pytest.fixture
def site():
    category = CategoryFactory(name="Health", slug="health")
    article = ArticleFactory(published=True, slug="flagship", category=category, tags=["cramps"])
    article.conditions.add(ConditionFactory(slug="neuromyotonia"))
    article.authors.add(ContributorFactory(slug="priya"))
    PageFactory(slug="about")
    comment = CommentFactory(article=article, status=Comment.Status.APPROVED)
    return {"comment": comment}


PUBLIC_ADDRESSES = [
    "/",
    "/search/",
    "/articles/flagship/",
    "/health/",
    "/conditions/",
    "/conditions/neuromyotonia/",
    "/tags/cramps/",
    "/authors/priya/",
    "/pages/about/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/categories/health/rss/",
    "/sitemap.xml",
    "/robots.txt",
    "/comments/rules/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/healthz",
]

# Each address with its variable part replaced by the hostile value.
PATH_TEMPLATES = [
    "/articles/{}/",
    "/{}/",
    "/health/{}/",
    "/conditions/{}/",
    "/tags/{}/",
    "/authors/{}/",
    "/pages/{}/",
    "/feeds/categories/{}/rss/",
]


def _query(value: str) -> str:
    encoded = quote(value, safe="")
    return f"q={encoded}&page={encoded}&next={encoded}&reply_to={encoded}&{encoded}={encoded}"


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_hostile_query_strings_on_every_public_address(client, site, address):
    failures = []
    queries = {name: _query(value) for name, value in URL_VALUES.items()}
    queries.update({name: f"q={raw}&page={raw}&{raw}={raw}" for name, raw in RAW_ENCODED.items()})
    for name, query in queries.items():
        response = client.get(f"{address}?{query}")
        if response.status_code not in {200, 404}:
            failures.append(f"{name}: {response.status_code}")
        elif response["Content-Type"].startswith("text/html") and (
            problems := executable_parts(response.content)
        ):
            failures.append(f"{name}: {problems}")
    assert failures == []


@pytest.mark.parametrize("template", PATH_TEMPLATES)
def test_hostile_path_segments_answer_404(client, site, template):
    failures = []
    segments = {name: quote(value, safe="") for name, value in URL_VALUES.items()}
    segments.update(RAW_ENCODED)
    for name, segment in segments.items():
        response = client.get(template.format(segment))
        if response.status_code != 404:
            failures.append(f"{name}: {response.status_code}")
        elif problems := executable_parts(response.content):
            failures.append(f"{name}: {problems}")
    assert failures == []


@pytest.mark.parametrize("value", list(URL_VALUES.values()), ids=list(URL_VALUES))
def test_hostile_headers_are_harmless_even_where_they_are_recorded(client, settings, site, value):
    # Web servers refuse NUL and line breaks in headers, so those never arrive.
    printable = value.replace("\x00", "").replace("\n", " ")
    headers = {
        "HTTP_USER_AGENT": printable * 20,
        "HTTP_REFERER": printable,
        "HTTP_ACCEPT": printable * 50,
        "HTTP_ACCEPT_LANGUAGE": printable,
        "HTTP_X_FORWARDED_FOR": printable,
    }
    response = client.get("/articles/flagship/", **headers)
    assert response.status_code == 200
    assert_inert(response)

    # A failed log-in stores the user agent and Accept header with the attempt.
    settings.AXES_ENABLED = True
    response = client.post(reverse("login"), {"username": "nobody", "password": "guess"}, **headers)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
