"""Record the go-live of scheduled articles whose time has come.

Readers see a scheduled article from its go-live time whether or not this runs
(``Article.objects.live()`` decides); running it every few minutes makes the
status read "Published" and adds the step to each article's history. Safe to
run any number of times.
"""

from django.core.management.base import BaseCommand

from articles import workflow


class Command(BaseCommand):
    help = "Mark scheduled articles whose go-live time has passed as published (idempotent)."

    def handle(self, *args, **options):
        published = workflow.publish_due()
        for article in published:
            self.stdout.write(f"Went live: {article.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} scheduled article(s) recorded as published."))
