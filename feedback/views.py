"""'Was this page helpful?': a yes or no, then optionally what the reader was looking for.

Anyone may answer, logged in or not, and nothing about who they are is kept.

These views are exempt from CSRF protection on purpose. The form sits on the
article page, which the page cache keeps whole for anonymous readers; a CSRF
token would set a cookie on every article page and stop it being cached. The
protection guards actions taken with a reader's own authority, and an answer
here carries none: it is not tied to the account, a forged answer is no
different from one anyone can send, and the rate limit per address bounds both.
"""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from articles.models import Article
from feedback.forms import FeedbackForm, MoreForm
from feedback.models import PageFeedback
from feedback.privacy import mask_personal_data

# How long the "tell us more" step stays open after a yes or no.
MORE_WINDOW_SECONDS = 60 * 60
_SALT = "feedback.more"


def _live_article(article_pk: int) -> Article:
    article = Article.objects.live().only("pk", "title", "slug").filter(pk=article_pk).first()
    if article is None:
        raise Http404("No article lives at this address.")
    return article


def _usage(request, *, increment: bool):
    # django-ratelimit keeps a hashed key in the cache: the address itself is not stored.
    return get_usage(
        request,
        group="feedback.address",
        key="ip",
        rate=settings.FEEDBACK_RATE_PER_ADDRESS,
        increment=increment,
    )


def _limited(request) -> str | None:
    usage = _usage(request, increment=False)
    if usage is not None and usage["count"] >= usage["limit"]:
        minutes = max(1, ceil(usage["time_left"] / 60))
        return (
            "Thank you. We have had a lot of answers from your network in a short time, so this one was "
            f"not saved. Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
        )
    return None


def _page(request, article, *, status=200, **context):
    response = render(
        request,
        "feedback/thanks.html",
        {"article": article, "page_title": "Thank you", **context},
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # see the module docstring
@require_POST
def answer(request, article_pk: int):
    """Store a yes or no (and any text) about a live article, then thank the reader."""
    article = _live_article(article_pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _page(request, article, status=400, form=form, problem=True)
    if limited := _limited(request):
        return _page(request, article, status=429, limited=limited)
    with transaction.atomic():
        feedback = PageFeedback.objects.create(
            article=article,
            is_helpful=form.cleaned_data["helpful"] == "yes",
            looking_for=mask_personal_data(form.cleaned_data["looking_for"]),
        )
    _usage(request, increment=True)
    context = {"feedback": feedback}
    if not feedback.looking_for:
        context["more_form"] = MoreForm(initial={"token": signing.dumps(feedback.pk, salt=_SALT)})
    return _page(request, article, **context)


@csrf_exempt  # see the module docstring
@require_POST
def more(request, article_pk: int):
    """Add what the reader was looking for to the answer they just gave."""
    article = _live_article(article_pk)
    form = MoreForm(request.POST)
    if not form.is_valid():
        return _page(request, article, status=400, more_form=form, feedback=True)
    try:
        feedback_pk = signing.loads(form.cleaned_data["token"], salt=_SALT, max_age=MORE_WINDOW_SECONDS)
    except signing.BadSignature:
        return _page(
            request,
            article,
            status=400,
            expired="This form has expired. Thank you for your answer: you can give another from the page.",
        )
    if limited := _limited(request):
        return _page(request, article, status=429, limited=limited, more_form=form, feedback=True)
    with transaction.atomic():
        # Only once, and only for an answer about this article.
        updated = PageFeedback.objects.filter(pk=feedback_pk, article=article, looking_for="").update(
            looking_for=mask_personal_data(form.cleaned_data["looking_for"])
        )
    if updated:
        _usage(request, increment=True)
    return _page(request, article, feedback=True, told_more=True)
