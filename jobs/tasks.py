"""Tasks every app uses (docs/tasks.md)."""

from jobs import email, queue


@queue.task(priority=10)
def send_email(*, key: str, message: dict, attempt: int = 1) -> str:
    """Send one email (a workflow notification, for example), at most once per ``key``."""
    return email.send_once(
        email.build(message),
        key=key,
        attempt=attempt,
        retry=lambda next_try: queue.retry_later(send_email, key=key, message=message, attempt=next_try),
    )


@queue.task()
def forget_finished_tasks() -> int:
    """Delete finished tasks older than TASKS_KEEP_FINISHED_DAYS."""
    return queue.forget_finished()
