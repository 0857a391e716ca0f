"""Background tasks of the media app (docs/tasks.md)."""

from jobs.queue import task
from media import renditions


@task()
def make_renditions(image_id: int) -> int:
    """Make the picture's sizes and formats (``media.renditions.make_renditions``).

    Idempotent: it locks the image row and makes only what is missing, so a task
    run twice stores nothing twice. Returns how many renditions the picture has.
    """
    return len(renditions.make_renditions(image_id))
