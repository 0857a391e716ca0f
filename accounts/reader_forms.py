"""Forms of the reader's own account pages (change email, delete the account)."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model


class _PasswordCheckedForm(forms.Form):
    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class ChangeEmailForm(_PasswordCheckedForm):
    email = forms.EmailField(
        label="New email address",
        max_length=254,
        help_text="We will send a link to this address; your address changes when you follow it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["email", "password"]

    def clean_email(self) -> str:
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if email.casefold() == (self.user.email or "").casefold():
            raise forms.ValidationError("This is already your email address.")
        return email


class DeleteAccountForm(_PasswordCheckedForm):
    comments = forms.ChoiceField(
        label="Your published comments",
        choices=[
            ("remove", "Remove them from the site"),
            ("keep", "Keep them, shown as written by “a former reader”"),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ["comments", "password"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["comments"].initial = settings.ACCOUNT_DELETION_COMMENTS
