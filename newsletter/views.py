"""The newsletter's public pages: sign up, confirm, choose topics, unsubscribe.

Every answer is the same whatever the address's state, so nothing here tells
anyone whether an address is subscribed. Links with a forged, old or used token
get a page that says so in plain words, never an error.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage

from newsletter import subscriptions
from newsletter.forms import PreferencesForm, SignupForm
from newsletter.models import Subscriber

LINK_PROBLEM_STATUS = {"invalid": 404, "expired": 410, "used": 410}


def _email_key(group, request):
    email = subscriptions.normalise_email(request.POST.get("email", ""))
    return hashlib.sha256(email.encode()).hexdigest()


def _over_limit(request, *, key, rate: str, group: str) -> bool:
    usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
    return usage is not None and usage["should_limit"]


# The sign-up box sits on pages kept whole in the page cache for every reader,
# which therefore carry no per-reader CSRF token. Signing up only ever sends a
# confirmation email, rate-limited per network and per address, so a forged
# request can do no more than anyone could do with the form itself.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    """The sign-up page; the box on other pages posts here too."""
    if request.method != "POST":
        form = SignupForm(initial={"page": request.path})
        return render(request, "newsletter/signup.html", _signup_context(form))
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/signup.html", _signup_context(form), status=400)
    if _over_limit(
        request, key="ip", rate=settings.NEWSLETTER_SIGNUP_RATE_PER_ADDRESS, group="newsletter.signup.ip"
    ):
        form.add_error(
            None, "There have been many sign-ups from your network in the last hour. Please try again later."
        )
        return render(request, "newsletter/signup.html", _signup_context(form), status=429)
    # Over the limit for one address, the answer looks the same but nothing is sent,
    # so the form cannot be used to flood someone's inbox.
    if not _over_limit(
        request,
        key=_email_key,
        rate=settings.NEWSLETTER_SIGNUP_RATE_PER_EMAIL,
        group="newsletter.signup.email",
    ):
        data = form.cleaned_data
        subscriptions.request_signup(
            email=data["email"],
            page=data["page"] or reverse("newsletter:signup"),
            categories=[data["category"]] if data["category"] else [],
            conditions=[data["condition"]] if data["condition"] else [],
        )
    return redirect("newsletter:check_email")


def _signup_context(form) -> dict:
    return {"form": form, "wording": subscriptions.WORDING, "page_title": "Sign up to our newsletter"}


@require_safe
def check_email(request):
    return render(
        request,
        "newsletter/check_email.html",
        {"page_title": "Check your email", "days": subscriptions.CONFIRM_DAYS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """A page with one button: mail scanners that open links must not confirm for the reader."""
    if request.method != "POST":
        return render(request, "newsletter/confirm.html", {"page_title": "Confirm your subscription"})
    try:
        subscriber = subscriptions.confirm(token)
    except subscriptions.LinkProblem as problem:
        return _link_problem(request, problem.kind)
    messages.success(request, "Thank you: you are subscribed. Choose your topics and how often below.")
    return redirect("newsletter:preferences", token=subscriber.token)


def _link_problem(request, kind: str):
    return render(
        request,
        "newsletter/link_problem.html",
        {"kind": kind, "page_title": "This link does not work", "days": subscriptions.CONFIRM_DAYS},
        status=LINK_PROBLEM_STATUS[kind],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscriber = subscriptions.subscriber_for_token(token)
    if subscriber is None:
        return _link_problem(request, "invalid")
    if subscriber.status != Subscriber.Status.CONFIRMED:
        return render(
            request,
            "newsletter/not_subscribed.html",
            {"subscriber": subscriber, "page_title": "You are not subscribed"},
        )
    form = PreferencesForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        subscriptions.update_preferences(
            subscriber,
            frequency=form.cleaned_data["frequency"],
            categories=form.cleaned_data["categories"],
            conditions=form.cleaned_data["conditions"],
        )
        messages.success(request, "Your choices are saved.")
        return redirect("newsletter:preferences", token=subscriber.token)
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "subscriber": subscriber, "page_title": "Your newsletter"},
        status=400 if form.errors else 200,
    )


@require_POST
def resubscribe(request, token):
    """Subscribe again after unsubscribing: a new confirmation, so the consent is fresh."""
    subscriber = subscriptions.subscriber_for_token(token)
    if subscriber is None:
        return _link_problem(request, "invalid")
    if not subscriber.is_confirmed:
        subscriptions.request_signup(email=subscriber.email, page=request.path)
    return redirect("newsletter:check_email")


# Mail programs send RFC 8058 one-click unsubscribes as a POST without cookies,
# so this cannot ask for a CSRF token; the unguessable token in the link is the check.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows one button (link scanners must not unsubscribe anyone); POST unsubscribes."""
    subscriber = subscriptions.subscriber_for_token(token)
    if subscriber is None:
        return _link_problem(request, "invalid")
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriptions.unsubscribe(subscriber, by="one_click" if one_click else "link")
        return render(
            request, "newsletter/unsubscribed.html", {"subscriber": subscriber, "page_title": "Unsubscribed"}
        )
    return render(
        request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "page_title": "Unsubscribe"}
    )
