"""The reader's own account: their comments, email, newsletter, data download and deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import personal_data
from accounts.reader_forms import ChangeEmailForm, DeleteAccountForm
from comments.models import Comment
from newsletter import subscriptions
from newsletter.models import Subscriber

COMMENTS_PER_PAGE = 20

# What a reader is told about each of their comments.
COMMENT_STATES = {
    Comment.Status.PENDING: "Waiting for a moderator",
    Comment.Status.APPROVED: "Published",
    Comment.Status.REJECTED: "Not published: it broke our comment rules",
    Comment.Status.SPAM: "Not published: treated as spam",
}


@never_cache
@require_safe
@login_required
def account(request):
    comments = (
        Comment.objects.filter(author=request.user).select_related("article").order_by("-created_at", "-pk")
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    for comment in page.object_list:
        comment.state_for_reader = COMMENT_STATES.get(comment.status, comment.get_status_display())
        # The page shows their own pending comments too, but links only to what readers can see.
        comment.is_linkable = comment.is_visible and comment.article.is_live
    subscriber = (
        Subscriber.objects.filter(email=subscriptions.normalise_email(request.user.email)).first()
        if request.user.email
        else None
    )
    return render(
        request,
        "accounts/account.html",
        {
            "page_title": "Your account",
            "comments_page": page,
            "subscriber": subscriber,
            "can_delete": personal_data.can_delete_own_account(request.user),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def change_email(request):
    form = ChangeEmailForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        personal_data.request_email_change(request.user, form.cleaned_data["email"])
        messages.success(
            request,
            f"We have sent a link to {form.cleaned_data['email']}. "
            "Your email address changes when you follow it.",
        )
        return redirect("account")
    return render(
        request,
        "accounts/change_email.html",
        {"form": form, "page_title": "Change your email address"},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request, token):
    """A page with one button, so mail scanners that open links change nothing."""
    if request.method != "POST":
        return render(
            request, "accounts/confirm_email.html", {"page_title": "Confirm your new email address"}
        )
    try:
        personal_data.confirm_email_change(token)
    except personal_data.EmailChangeProblem as problem:
        return render(
            request,
            "accounts/email_link_problem.html",
            {
                "kind": problem.kind,
                "page_title": "This link does not work",
                "days": personal_data.EMAIL_CHANGE_DAYS,
            },
            status=409 if problem.kind == "taken" else 410 if problem.kind in {"expired", "used"} else 404,
        )
    messages.success(request, "Your email address has been changed.")
    return redirect("account" if request.user.is_authenticated else "login")


@never_cache
@require_POST
@login_required
def download_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def delete_account(request):
    if not personal_data.can_delete_own_account(request.user):
        return render(
            request, "accounts/delete_staff.html", {"page_title": "Delete your account"}, status=403
        )
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        summary = personal_data.delete_account(
            request.user, keep_comments=form.cleaned_data["comments"] == "keep"
        )
        logout(request)
        request.session["account_deleted"] = {
            "removed": summary.comments_removed,
            "kept": summary.comments_kept,
            "newsletter": summary.newsletter_deleted,
        }
        return redirect("account_deleted")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "page_title": "Delete your account"},
        status=400 if form.errors else 200,
    )


@never_cache
@require_safe
def account_deleted(request):
    return render(
        request,
        "accounts/account_deleted.html",
        {
            "summary": request.session.pop("account_deleted", None),
            "page_title": "Your account has been deleted",
        },
    )
