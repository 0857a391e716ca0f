from django import forms

from articles.models import Category
from conditions.models import Condition
from newsletter.models import Frequency, Subscriber


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
            "max_length": "Email addresses are at most 254 characters long.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Where the form was, and the topic of that page, if any: filled in by the box,
    # and quietly dropped when they do not make sense (they are not the reader's typing).
    page = forms.CharField(required=False, widget=forms.HiddenInput)
    category = forms.CharField(required=False, widget=forms.HiddenInput)
    condition = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if "\x00" in email:
            raise forms.ValidationError("Enter an email address like name@example.com.")
        return email

    def clean_page(self) -> str:
        page = self.cleaned_data.get("page") or ""
        return page if page.startswith("/") and len(page) <= 300 and "\x00" not in page else ""

    def clean_category(self):
        return _by_id(Category, self.cleaned_data.get("category"))

    def clean_condition(self):
        return _by_id(Condition, self.cleaned_data.get("condition"))


def _by_id(model, value: str | None):
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return model.objects.filter(pk=int(value)).first()


class PreferencesForm(forms.ModelForm):
    frequency = forms.ChoiceField(
        choices=Frequency.choices, widget=forms.RadioSelect, label="How often would you like a digest?"
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("path"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics",
        help_text="A topic includes the topics inside it.",
    )
    conditions = forms.ModelMultipleChoiceField(
        queryset=Condition.objects.with_live_articles().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Conditions",
    )

    class Meta:
        model = Subscriber
        fields = ["frequency", "categories", "conditions"]
