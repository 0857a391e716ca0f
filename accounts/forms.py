from django import forms
from django.contrib.auth.forms import UserCreationForm


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        help_text="We use it only to reset your password and tell you about replies you ask for."
    )

    class Meta(UserCreationForm.Meta):
        fields = ["username", "email"]
