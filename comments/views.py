import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import render_article
from comments import moderation, ratelimits
from comments.forms import CommentForm, ReportForm
from comments.models import Comment
from healthsite import limits

logger = logging.getLogger(__name__)

# Refusals that are about who is asking or where, rather than what was typed.
_FORBIDDEN = {"banned", "closed", "own"}
# A failed write was undone in full; the reader's text is shown again with this.
_NOT_SAVED = "Sorry, something went wrong on our side and your {} Nothing was saved: please try again."


@require_POST
def post_comment(request, article_pk):
    article = get_object_or_404(
        Article.objects.live()
        .select_related("category", "medical_reviewer")
        .prefetch_related("authors", "sources", "tags", "conditions"),
        pk=article_pk,
    )
    if not request.user.is_authenticated:
        return redirect_to_login(f"{article.get_absolute_url()}#comment-form")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _article_with_form(request, article, form, status=400)
    try:
        attempt, limited = ratelimits.take(request, ratelimits.POST)
    except limits.CountersUnavailable:
        logger.warning("Comment limits cannot be counted: comment on article %s refused", article.pk)
        form.add_error(None, ratelimits.UNAVAILABLE[ratelimits.POST])
        return _article_with_form(request, article, form, status=503)
    if limited:
        form.add_error(None, limited)
        return _article_with_form(request, article, form, status=429)
    try:
        comment = moderation.post_comment(
            article=article,
            author=request.user,
            text=form.cleaned_data["text"],
            parent=form.cleaned_data["parent"],
        )
    except moderation.CommentRefused as refused:
        attempt.give_back()
        form.add_error(None, refused.message)
        return _article_with_form(request, article, form, status=403 if refused.code in _FORBIDDEN else 400)
    except DatabaseError:
        attempt.give_back()
        # Showing the page again needs the database too; if it is still down the
        # site-wide error page (healthsite.views.server_error) takes over.
        logger.exception("A comment on article %s could not be saved", article.pk)
        form.add_error(None, _NOT_SAVED.format("comment was not saved."))
        return _article_with_form(request, article, form, status=503)
    if comment.is_visible:
        messages.success(request, "Thank you. Your comment is now on the page.")
    else:
        messages.success(
            request,
            "Thank you. Your comment is awaiting moderation: a moderator will read it "
            "before other readers can see it.",
        )
    return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")


def _article_with_form(request, article, form, *, status):
    # The article page again, with the refused form: what the reader typed stays
    # in the box, next to the reason it was not posted.
    request.comment_form = form
    response = render_article(request, article)
    response.status_code = status
    return response


@login_required
def report_comment(request, comment_pk):
    comment = get_object_or_404(
        Comment.objects.approved().select_related("article", "author"),
        pk=comment_pk,
        article__in=Article.objects.live(),
    )
    back = f"{comment.article.get_absolute_url()}#comments-heading"
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST)
        if not form.is_valid():
            status = 400
        else:
            status = _report(request, comment, form)
            if status is None:
                return redirect(back)
    else:
        form = ReportForm()
    return render(
        request, "comments/report.html", {"comment": comment, "form": form, "back": back}, status=status
    )


def _report(request, comment, form) -> int | None:
    """Record a valid report; None when it was recorded (or was already), else the status to answer with."""
    try:
        attempt, limited = ratelimits.take(request, ratelimits.REPORT)
    except limits.CountersUnavailable:
        logger.warning("Report limits cannot be counted: report on comment %s refused", comment.pk)
        form.add_error(None, ratelimits.UNAVAILABLE[ratelimits.REPORT])
        return 503
    if limited:
        form.add_error(None, limited)
        return 429
    try:
        moderation.report_comment(
            comment, by=request.user, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"]
        )
    except moderation.CommentRefused as refused:
        attempt.give_back()
        if refused.code == "duplicate":
            messages.info(request, refused.message)
            return None
        form.add_error(None, refused.message)
        return 403 if refused.code in _FORBIDDEN else 400
    except DatabaseError:
        attempt.give_back()
        logger.exception("A report on comment %s could not be saved", comment.pk)
        form.add_error(None, _NOT_SAVED.format("report was not sent."))
        return 503
    messages.success(request, "Thank you for your report. A moderator will look at the comment.")
    return None


def rules(request):
    return render(request, "comments/rules.html")
