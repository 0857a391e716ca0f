"""Django's account pages in the site's words: labels without colons, password help in plain English.

Readers meet these on the sign-up, log-in and password pages. The admin keeps
Django's own forms.
"""

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views

_LABELS = {
    "username": "Username",
    "email": "Email address",
    "password": "Password",
    "password1": "Password",
    "password2": "Type the password again",
    "old_password": "Your current password",
    "new_password1": "New password",
    "new_password2": "Type the new password again",
}
_AGAIN = "The same password again, so we know there is no typing mistake."


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def password_help() -> str:
    """What makes a good password here, in plain words, following the configured validators."""
    validators = {type(v).__name__: v for v in password_validation.get_default_password_validators()}
    sentences = []
    if "MinimumLengthValidator" in validators:
        sentences.append(f"Use at least {validators['MinimumLengthValidator'].min_length} characters.")
    sentences.append("A few unrelated words together are easy to remember and hard to guess.")
    avoid = []
    if "UserAttributeSimilarityValidator" in validators:
        avoid.append("close to your username or email address")
    if "CommonPasswordValidator" in validators:
        avoid.append("a password lots of people use")
    if "NumericPasswordValidator" in validators:
        avoid.append("only numbers")
    if avoid:
        sentences.append(f"It cannot be {_or(avoid)}.")
    return " ".join(sentences)


class PlainWording:
    """Mix into a form readers see: no colon after labels, and the site's labels and password help."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = _LABELS.get(name, field.label)
            if name in ("password1", "new_password1"):
                field.help_text = password_help()
            elif name in ("password2", "new_password2"):
                field.help_text = _AGAIN


class LoginForm(PlainWording, auth_forms.AuthenticationForm):
    pass


class PasswordResetForm(PlainWording, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(PlainWording, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(PlainWording, auth_forms.PasswordChangeForm):
    pass


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        # Django's view names the site after the request's host; the page's title
        # and header use the site's own name, as every other page does.
        return {**super().get_context_data(**kwargs), "site_name": settings.SITE_NAME}
