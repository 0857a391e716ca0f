"""No redirect takes a reader off the site, whatever ``next=`` or the address says.

Each hostile target is sent to every place that redirects: log-in (reader and
admin), sign-up, log-out, comment posting and reporting, password reset, and
addresses the site itself redirects (missing slash, old slugs). Wherever a
redirect goes, a browser resolving its ``Location`` must land on this site.
"""

import re
from urllib.parse import quote, unquote_to_bytes, urljoin, urlsplit

import pytest
from django.urls import reverse

from comments.models import Comment, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.hostile import find, parse
from tests.mail import confirm_signup

pytestmark = pytest.mark.django_db

SITE = "testserver"

TARGETS = {
    "absolute": "https://evil.example/",
    "absolute-http": "http://evil.example",
    "scheme-relative": "//evil.example",
    "three-slashes": "///evil.example",
    "four-slashes": "////evil.example/",
    "slash-backslash": "/\\evil.example",
    "backslashes": "\\\\evil.example",
    "backslash-slash": "\\/evil.example",
    "tab-inside": "/\t/evil.example",
    "newline-inside": "/\n/evil.example",
    "leading-space": " //evil.example",
    "leading-control": "\x01//evil.example",
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JavaScript:alert(document.cookie)",
    "javascript-spaced": " javascript:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "scheme-no-slashes": "http:evil.example",
    "https-no-slashes": "https:evil.example",
    "scheme-one-slash": "http:/evil.example",
    "scheme-backslashes": "https:\\\\evil.example",
    "userinfo": "https://testserver@evil.example/",
    "backslash-userinfo": "https://evil.example\\@testserver/",
    "fragment-userinfo": "https://evil.example#@testserver",
    "lookalike-subdomain": "https://testserver.evil.example/",
    "ideographic-dot": "//evil\u3002example",
    "fullwidth-slashes": "\uff0f\uff0fevil.example",
    "percent-encoded": "%2F%2Fevil.example",
    "percent-encoded-scheme": "https%3A%2F%2Fevil.example",
    "double-percent-encoded": "%252F%252Fevil.example",
    "encoded-backslash": "/%5Cevil.example",
    "encoded-dot": "//evil%2Eexample",
    "ipv6-userinfo": "http://[::1]:80@evil.example/",
    "nul": "/\x00//evil.example",
}
TARGET_IDS = list(TARGETS)
RELATIVE_PATHS = {
    "fullwidth-slashes",
    "percent-encoded",
    "percent-encoded-scheme",
    "double-percent-encoded",
    "encoded-backslash",
    "nul",
}
EACH_TARGET = pytest.mark.parametrize("target", list(TARGETS.values()), ids=TARGET_IDS)


def lands_on_site(location: str) -> bool:
    """Where a browser on one of our pages would go with this ``Location``, is it this site?

    Browsers drop leading and trailing spaces and control characters, remove tabs
    and line breaks anywhere, read a backslash as a slash, and read any run of two
    or more slashes at the start as the start of a host name.
    """
    cleaned = location.strip("".join(map(chr, range(0x21))))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    cleaned = re.sub(r"^([a-zA-Z][\w+.-]*:)?/{2,}", r"\1//", cleaned)
    parts = urlsplit(cleaned)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return False
    if parts.scheme and not parts.netloc:
        # "https:evil.example" is evil.example to a browser on an https page.
        return False
    resolved = urlsplit(urljoin(f"https://{SITE}/articles/page/", cleaned))
    return resolved.hostname == SITE and "@" not in resolved.netloc


def assert_stays_on_site(response):
    assert response.status_code in {301, 302, 303}, response.status_code
    assert lands_on_site(response["Location"]), response["Location"]


def test_the_checker_tells_on_site_from_off_site():
    on_site = ["/", "/articles/x/#comment-form", "?page=2", "https://testserver/", "%2F%2Fevil.example"]
    assert all(lands_on_site(location) for location in on_site)
    # Encoded slashes and look-alikes are only odd paths on this site once the query string is decoded.
    off_site = [target for name, target in TARGETS.items() if name not in RELATIVE_PATHS]
    assert not any(lands_on_site(location) for location in off_site)


@pytest.fixture
def reader(db):
    return UserFactory(username="rea")


# --- Log-in, sign-up and log-out --------------------------------------------------------------


@EACH_TARGET
@pytest.mark.parametrize("login_name", ["login", "admin:login"])
def test_login_sends_only_to_this_site(client, reader, superuser, target, login_name):
    user = superuser if login_name == "admin:login" else reader
    response = client.post(reverse(login_name), {"username": user.username, "password": "pw", "next": target})
    assert_stays_on_site(response)


@EACH_TARGET
def test_login_next_in_the_address_is_checked_too(client, reader, target):
    response = client.post(
        f"{reverse('login')}?next={quote(target, safe='')}", {"username": "rea", "password": "pw"}
    )
    assert_stays_on_site(response)


@EACH_TARGET
@pytest.mark.parametrize("page_name", ["login", "signup"])
def test_forms_never_carry_an_off_site_next(client, target, page_name):
    response = client.get(reverse(page_name), {"next": target})

    assert response.status_code == 200
    page = parse(response.content)
    carried = find(page, "input", name="next")
    assert carried is not None
    assert lands_on_site(carried.get("value", ""))
    if target not in {TARGETS[name] for name in RELATIVE_PATHS}:
        assert carried.get("value", "") in {"", "/"}
    for link in page.iter("a"):
        href = link.get("href") or ""
        assert lands_on_site(href) or href.startswith(("mailto:", "tel:")), href


@EACH_TARGET
def test_signup_sends_only_to_this_site(client, target):
    response = client.post(
        reverse("signup"),
        {"username": "newreader", "email": "new@example.org", "next": target},
    )
    assert_stays_on_site(response)
    # The link in the email carries the address on; choosing the password ends there.
    assert_stays_on_site(confirm_signup(client))


@EACH_TARGET
@pytest.mark.parametrize("logout_name", ["logout", "admin:logout"])
def test_logout_sends_only_to_this_site(client, superuser, target, logout_name):
    client.force_login(superuser)
    response = client.post(f"{reverse(logout_name)}?next={quote(target, safe='')}", {"next": target})
    if logout_name == "admin:logout" and "\x00" in target:
        assert response.status_code == 400  # the admin refuses NUL in its addresses
        return
    assert_stays_on_site(response)
    assert "_auth_user_id" not in client.session


@EACH_TARGET
def test_password_reset_ignores_next(client, reader, target):
    response = client.post(
        f"{reverse('password_reset')}?next={quote(target, safe='')}", {"email": reader.email, "next": target}
    )
    assert_stays_on_site(response)
    assert response["Location"] == reverse("password_reset_done")


# --- Comments -----------------------------------------------------------------------------------


@pytest.fixture
def article(db):
    settings_row = ModerationSettings.load()
    settings_row.trusted_after = 0
    settings_row.save()
    return ArticleFactory(published=True, slug="cramp")


@EACH_TARGET
def test_comment_post_returns_to_the_article_whatever_next_says(client, article, reader, target):
    client.force_login(reader)
    url = f"{reverse('comments:post', args=[article.pk])}?next={quote(target, safe='')}"

    response = client.post(url, {"text": "Thank you for this.", "next": target})

    assert_stays_on_site(response)
    assert response["Location"].startswith(article.get_absolute_url())


@EACH_TARGET
def test_anonymous_comment_post_goes_to_log_in_and_back_to_the_article(client, article, reader, target):
    url = f"{reverse('comments:post', args=[article.pk])}?next={quote(target, safe='')}"
    response = client.post(url, {"text": "Hello", "next": target})
    assert_stays_on_site(response)

    # The log-in page it leads to sends the reader back to the article.
    login_page = response["Location"]
    carried = find(parse(client.get(login_page).content), "input", name="next").get("value")
    response = client.post(login_page, {"username": "rea", "password": "pw", "next": carried})
    assert_stays_on_site(response)
    assert response["Location"].startswith(article.get_absolute_url())


@EACH_TARGET
def test_report_returns_to_the_article_whatever_next_says(client, article, reader, target):
    comment = CommentFactory(article=article, status=Comment.Status.APPROVED)
    client.force_login(reader)
    url = f"{reverse('comments:report', args=[comment.pk])}?next={quote(target, safe='')}"

    page = parse(client.get(url).content)
    for link in page.iter("a"):
        assert lands_on_site(link.get("href") or "") or link.get("href", "").startswith("tel:")
    response = client.post(url, {"reason": "misinformation", "next": target})

    assert_stays_on_site(response)
    assert response["Location"].startswith(article.get_absolute_url())


# --- Addresses the site redirects itself --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example",
        "//evil.example/",
        "///evil.example",
        "//evil.example/%2e%2e",
        "/%2F%2Fevil.example",
        "/%2Fevil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/.//evil.example",
        "/articles//evil.example",
        "/articles/cramp//evil.example",
        "/accounts/login//evil.example",
        "/conditions//evil.example",
        "/%09/evil.example",
        "/\\/evil.example",
    ],
)
def test_addresses_never_redirect_off_site(client, article, path):
    # Sent as the raw request path: the test client would read "//host" as a host.
    response = client.request(
        REQUEST_METHOD="GET", PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"), QUERY_STRING=""
    )
    if response.status_code in {301, 302, 303, 307, 308}:
        assert lands_on_site(response["Location"]), response["Location"]
    else:
        assert response.status_code == 404


def test_old_article_address_redirects_to_the_new_one_on_this_site(client, article):
    article.slug = "cramp-and-twitching"
    article.save()

    response = client.get("/articles/cramp/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/cramp-and-twitching/"
