import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from jobs.queue import enqueue_in_transaction


class SignUpForm(UserCreationForm):
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


class QueuedPasswordResetForm(PasswordResetForm):
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

        enqueue_in_transaction(
            send_password_reset_email,
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
