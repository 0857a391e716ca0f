"""Background tasks of the accounts app (docs/tasks.md)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobs import email, queue
from jobs.queue import task


@task(priority=20)
def send_password_reset_email(
    *,
    key: str,
    user_id: int,
    to: str,
    templates: dict,
    context: dict,
    attempt: int = 1,
) -> str:
    """Send a password-reset link, made when the email is sent so no secret waits in the queue."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password() or user.email.casefold() != to.casefold():
        return "no longer applies"
    context = {
        **context,
        "email": to,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    message = {
        "subject": "".join(loader.render_to_string(templates["subject"], context).splitlines()),
        "body": loader.render_to_string(templates["body"], context),
        "to": [to],
    }
    if templates.get("html"):
        message["html"] = loader.render_to_string(templates["html"], context)
    return email.send_once(
        email.build(message),
        key=key,
        attempt=attempt,
        retry=lambda next_try: queue.retry_later(
            send_password_reset_email,
            key=key,
            user_id=user_id,
            to=to,
            templates=templates,
            context=context_for_queue(context),
            attempt=next_try,
        ),
    )


def context_for_queue(context: dict) -> dict:
    """The parts of a reset email's context that may wait in the queue: never the link's token."""
    return {name: value for name, value in context.items() if isinstance(value, str) and name not in SECRET}


SECRET = {"uid", "token", "email"}


@task()
def forget_network_addresses() -> int:
    """Delete login and throttling records older than NETWORK_ADDRESS_RETENTION_DAYS."""
    from accounts import personal_data

    return personal_data.forget_network_addresses()
