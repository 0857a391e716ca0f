from django.conf import settings
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_ratelimit.core import get_usage

from accounts.forms import SignUpForm


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _signup_usage(request, *, increment: bool = False):
    return get_usage(
        request,
        group="accounts.signup",
        key="ip",
        rate=settings.ACCOUNTS_SIGNUP_RATE_PER_ADDRESS,
        increment=increment,
    )


def signup(request):
    status = 200
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            usage = _signup_usage(request)
            if usage is not None and usage["count"] >= usage["limit"]:
                form.add_error(
                    None,
                    "Several accounts have been created from your network in the last hour. "
                    "Please try again later.",
                )
                status = 429
            else:
                user = form.save()
                _signup_usage(request, increment=True)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect(_safe_next(request))
    else:
        form = SignUpForm()
    return render(
        request, "registration/signup.html", {"form": form, "next": _safe_next(request)}, status=status
    )
