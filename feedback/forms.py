from django import forms

from feedback.models import LOOKING_FOR_MAX_LENGTH


class FeedbackForm(forms.Form):
    """Yes or no, and optionally what the reader was looking for."""

    helpful = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Choose yes or no.", "invalid_choice": "Choose yes or no."},
    )
    looking_for = forms.CharField(
        label="What were you looking for? (optional)",
        required=False,
        max_length=LOOKING_FOR_MAX_LENGTH,
        strip=True,
        error_messages={
            "max_length": "Please keep it to %(limit_value)s characters (you wrote %(show_value)s)."
        },
    )


class MoreForm(forms.Form):
    """The optional second step: what the reader was looking for, for an answer already given."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    looking_for = forms.CharField(
        label="What were you looking for?",
        max_length=LOOKING_FOR_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": "Type what you were looking for, or go back to the page.",
            "max_length": "Please keep it to %(limit_value)s characters (you wrote %(show_value)s).",
        },
    )
