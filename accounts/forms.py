import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm, UsernameField

from accounts.auth_pages import PlainWording

USERNAME_HELP = "Shown next to your comments. Letters, digits and @ . + - _ only, up to 150 characters."


class SignUpForm(PlainWording, forms.ModelForm):
    """The first step of signing up: a username and the address to confirm.

    No check that the address is free: an error saying so would tell anyone which
    addresses have accounts. accounts/signup.py keeps one account per address.
    """

    email = forms.EmailField(
        help_text=(
            "We send a link to it to confirm your account, and use it only for that and to reset your "
            "password. It is never shown to other readers."
        ),
        max_length=254,
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "email"]
        field_classes = {"username": UsernameField}
        help_texts = {"username": USERNAME_HELP}

    def clean_username(self) -> str:
        # Usernames are public (shown next to comments), so saying one is taken reveals nothing.
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Please choose another.")
        return username


class ConfirmSignUpForm(PlainWording, UserCreationForm):
    """The second step, from the emailed link: the password (and the username again, in case it was taken)."""

    class Meta(UserCreationForm.Meta):
        fields = ["username"]
        help_texts = {"username": USERNAME_HELP}

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation, so the password may not resemble the address either.
        self.instance.email = email


class QueuedPasswordResetForm(PlainWording, PasswordResetForm):
    """Django's password reset, with the email sent by a background task.

    Who gets an email is decided exactly as before; only the sending moves to the
    queue, so a slow mail server does not slow the page. The task makes the
    link's token itself when it sends, so no reset token is stored in the queue.
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from accounts.tasks import context_for_queue, send_password_reset_email

        # Nothing is written with it, so it need not wait for a transaction to commit.
        send_password_reset_email.enqueue(
            key=f"password-reset:{uuid.uuid4()}",
            user_id=context["user"].pk,
            to=to_email,
            templates={
                "subject": subject_template_name,
                "body": email_template_name,
                "html": html_email_template_name,
            },
            context=context_for_queue(context),
        )
