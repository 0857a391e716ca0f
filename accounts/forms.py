from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from accounts.auth_pages import PlainWording


class SignUpForm(PlainWording, UserCreationForm):
    email = forms.EmailField(
        help_text="We use it only to reset your password. It is never shown to other readers.",
        max_length=254,
    )

    class Meta(UserCreationForm.Meta):
        fields = ["username", "email"]
        help_texts = {
            "username": (
                "Shown next to your comments. Letters, digits and @ . + - _ only, up to 150 characters."
            ),
        }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        # One account per address, so a password reset always reaches the right account.
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. If it is yours, you can reset its password."
            )
        return email
