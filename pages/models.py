"""Static pages editors manage in the admin: about, editorial policy and the like.

Bodies are Markdown, rendered and sanitised by the same code as article bodies.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.markdown import render_markdown
from media.models import delete_files_on_commit
from pages import brand


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


class Brand(models.Model):
    """The site's name, logo, primary colour and footer text: one row, edited on the brand page."""

    site_name = models.CharField(
        max_length=80, help_text="Shown in the header, in page titles and when pages are shared."
    )
    logo = models.FileField(max_length=255, blank=True, editable=False)
    logo_width = models.PositiveIntegerField(default=0, editable=False)
    logo_height = models.PositiveIntegerField(default=0, editable=False)
    logo_shows_name = models.BooleanField(
        default=False,
        verbose_name="the logo shows the site name",
        help_text="Tick if the site name is written in the logo: it is then not written again beside it "
        "(screen readers still hear it).",
    )
    primary_colour = models.CharField(
        max_length=7,
        default=brand.DEFAULT_COLOUR,
        help_text="The header band, buttons and links, as # and six hexadecimal digits. White text on it "
        f"must reach a contrast of {brand.MIN_CONTRAST}:1, so very light colours are refused.",
    )
    footer_text = models.TextField(
        max_length=500,
        blank=True,
        help_text="A line or two at the foot of every page, e.g. who publishes the site.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "brand"
        verbose_name_plural = "brand"

    def __str__(self) -> str:
        return self.site_name

    def clean(self) -> None:
        super().clean()
        problem = brand.colour_problem(self.primary_colour)
        if problem:
            raise ValidationError({"primary_colour": problem})

    def store_logo(self, clean: brand.CleanLogo | None) -> None:
        """Store ``clean`` as the logo (``None`` removes it); the old file goes once the change commits."""
        old = self.logo.name if self.logo else ""
        if clean is None:
            self.logo, self.logo_width, self.logo_height = "", 0, 0
        else:
            self.logo.save(
                f"brand/logo-{clean.digest[:12]}.{clean.extension}", ContentFile(clean.content), save=False
            )
            self.logo_width, self.logo_height = clean.width, clean.height
        if old and old != (self.logo.name or ""):
            delete_files_on_commit([old])

    store_logo.alters_data = True
