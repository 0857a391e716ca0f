from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth import get_user_model

from comments.models import Comment, CommentReport, ReaderBan, Reason


class CommentForm(forms.Form):
    # strip=False: the comment is stored exactly as typed.
    text = forms.CharField(
        label="Your comment",
        strip=False,
        max_length=Comment.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "comment-help"}),
        error_messages={
            "required": "Please write your comment before posting it.",
            "max_length": f"Comments can be up to {Comment.MAX_LENGTH:,} characters long; "
            "yours has %(show_value)d. Please shorten it.",
            "null_characters_not_allowed": "Your comment contains a null character. Please remove it.",
        },
    )
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "The comment you are replying to is no longer available."},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Please write your comment before posting it.")
        return text


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you reporting this comment?",
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose why you are reporting this comment.",
            "invalid_choice": "Please choose one of the reasons listed.",
        },
    )
    details = forms.CharField(
        label="Anything else the moderators should know? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Please keep your note under 1,000 characters.",
            "null_characters_not_allowed": "Your note contains a null character. Please remove it.",
        },
    )


class ModerationDecisionForm(forms.ModelForm):
    """The comment's change page in the admin: a decision instead of editable fields."""

    APPROVE, REJECT, SPAM = "approve", "reject", "spam"

    decision = forms.ChoiceField(
        required=False,
        choices=[("", "No change"), (APPROVE, "Approve"), (REJECT, "Reject"), (SPAM, "Mark as spam")],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        required=False,
        choices=[("", "---------"), *Reason.choices],
        help_text="Required when rejecting.",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the moderation log; readers never see it.",
    )
    ban_author = forms.BooleanField(required=False, label="Also ban the author from commenting")

    class Meta:
        model = Comment
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason"):
            self.add_error("reason", "Choose a reason for rejecting the comment.")
        if cleaned.get("ban_author") and self.instance.author is None:
            self.add_error(
                "ban_author", "This comment was imported from another site: it has no account to ban."
            )
        elif cleaned.get("ban_author") and self.instance.author.is_staff:
            self.add_error("ban_author", "Staff accounts cannot be banned here; change their roles instead.")
        return cleaned


class ModerationActionForm(ActionForm):
    """Extra fields next to the admin's action menu, for bulk rejections and bans."""

    reason = forms.ChoiceField(required=False, choices=[("", "Reason…"), *Reason.choices], label="")
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="",
        widget=forms.TextInput(attrs={"placeholder": "Note for the log (optional)", "size": 30}),
    )


class ReaderBanForm(forms.ModelForm):
    """Ban an account by its username: moderators do not browse the user list."""

    username = forms.CharField(max_length=150)

    class Meta:
        model = ReaderBan
        fields = ["note"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(f"There is no account called “{username}”.")
        if user.is_staff:
            raise forms.ValidationError("Staff accounts cannot be banned here; change their roles instead.")
        if ReaderBan.objects.filter(user=user).exists():
            raise forms.ValidationError(f"“{username}” is already banned.")
        self.cleaned_data["user"] = user
        return username
