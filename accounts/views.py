import logging

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import signup as signups
from accounts import throttling
from accounts.forms import ConfirmSignUpForm, SignUpForm
from healthsite import limits

logger = logging.getLogger(__name__)

BUSY = "Sorry, we cannot take this request for a few minutes. Nothing was sent: please try again shortly."
SIGNUP_BUSY_NETWORK = (
    "Several accounts have been asked for from your network in the last hour. Please try again later."
)
ADDRESS_TAKEN = "An account already uses this email address. Log in, or reset its password."
RESET_BUSY_NETWORK = (
    "Several password resets have been asked for from your network in the last hour. Please try again later."
)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def signup(request):
    """Sign-up answers "check your email" whether or not the address has an account (accounts/signup.py)."""
    status = 200
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            try:
                exceeded = throttling.count_attempt(request, throttling.SIGNUP, form.cleaned_data["email"])
            except limits.CountersUnavailable:
                logger.warning("Sign-up limits cannot be counted: sign-up refused")
                form.add_error(None, BUSY)
                status = 503
            else:
                if exceeded is not None and throttling.is_per_address(exceeded):
                    form.add_error(None, SIGNUP_BUSY_NETWORK)
                    status = 429
                else:
                    if exceeded is None:
                        signups.register(
                            username=form.cleaned_data["username"],
                            email=form.cleaned_data["email"],
                            next_url=_safe_next(request),
                        )
                    return redirect("signup_sent")
    else:
        form = SignUpForm()
    return render(
        request, "registration/signup.html", {"form": form, "next": _safe_next(request)}, status=status
    )


def signup_sent(request):
    return render(request, "registration/signup_sent.html")


def signup_confirm(request, token):
    """The link in a sign-up email: choose a password, and the account is made and logged in.

    A form, not the link itself, so mail scanners that open links make nothing.
    """
    sign_up = signups.pending(token)
    if sign_up is None:
        return render(request, "registration/signup_confirm.html", {"validlink": False}, status=404)
    if signups.is_taken(sign_up):
        messages.info(request, ADDRESS_TAKEN)
        return redirect("login")
    status = 200
    if request.method == "POST":
        form = ConfirmSignUpForm(request.POST, email=sign_up.email)
        if form.is_valid():
            user = signups.create_account(form, sign_up)
            if user is None:
                messages.info(request, ADDRESS_TAKEN)
                return redirect("login")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Your account is ready and you are logged in.")
            return redirect(_safe_next(request))
    else:
        form = ConfirmSignUpForm(initial={"username": sign_up.username}, email=sign_up.email)
    return render(
        request,
        "registration/signup_confirm.html",
        {"validlink": True, "form": form, "email": sign_up.email, "next": _safe_next(request)},
        status=status,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per network address and per email address.

    Whatever the address, and whether or not its limit is reached, the answer is
    the same "check your email" page; only a network past its limit is told to wait.
    """

    def form_valid(self, form):
        try:
            email = form.cleaned_data["email"]
            exceeded = throttling.count_attempt(self.request, throttling.PASSWORD_RESET, email)
        except limits.CountersUnavailable:
            logger.warning("Password reset limits cannot be counted: reset refused")
            form.add_error(None, BUSY)
            return self.render_to_response(self.get_context_data(form=form), status=503)
        if exceeded is not None and throttling.is_per_address(exceeded):
            form.add_error(None, RESET_BUSY_NETWORK)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if exceeded is not None:
            return redirect(reverse("password_reset_done"))
        return super().form_valid(form)
