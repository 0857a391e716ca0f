"""Static pages editors manage in the admin: about, editorial policy and the like.

Bodies are Markdown, rendered and sanitised by the same code as article bodies.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.markdown import render_markdown


class Page(models.Model):
    # Pages the site's footer and article pages link to; created by a migration.
    ABOUT = "about"
    EDITORIAL_POLICY = "editorial-policy"
    ADVERTISING_DISCLOSURE = "advertising-disclosure"
    MEDICAL_DISCLAIMER = "medical-disclaimer"
    PRIVACY = "privacy"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The page's address: /pages/<slug>/. The footer links to about, editorial-policy, "
        "advertising-disclosure and medical-disclaimer.",
    )
    summary = models.CharField(
        max_length=300, help_text="One plain sentence, used by search engines and link previews."
    )
    body = models.TextField(help_text="Markdown, as in articles. Start each section with '## Heading'.")
    body_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("pages:detail", kwargs={"slug": self.slug})
