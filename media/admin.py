from django import forms
from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from media import documents, images, render, tasks
from media.models import Document, Image, file_size_label


def _articles_using(kind: str, item, *, hero: bool = False):
    """Articles whose text names ``item`` (``[[kind: slug]]`` or its number), or use it as hero."""
    # Looked up by name: the library does not depend on the articles app.
    article_model = apps.get_model("articles", "Article")
    # Slugs are letters, digits, "-" and "_" only: nothing to escape. Both databases read \s.
    names = f"{item.slug}|{item.pk}"
    used = Q(body__iregex=rf"\[\[\s*{kind}\s*:\s*({names})\s*\]\]")
    if hero:
        used |= Q(hero_image=item)
    return article_model.objects.filter(used).only("pk", "title").order_by("title")


def _article_links(articles) -> str:
    if not articles:
        return "Not used in any article."
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.title) for a in articles),
        ),
    )


class ImageAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label="Picture",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(m for _, m in images.ACCEPTED_FORMATS.values())}
        ),
        help_text=(
            f"A JPEG, PNG or WebP picture, at most {images.MAX_UPLOAD_BYTES // (1024 * 1024)} MB and "
            f"{images.MAX_PIXELS // 1_000_000} megapixels. Location and camera details are removed before "
            "anyone sees it. Choose a new file to replace the picture everywhere it is used."
        ),
    )

    class Meta:
        model = Image
        fields = ["title", "slug", "alt_text", "is_decorative", "caption", "credit", "licence"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError("Choose a picture to upload.")
            return None
        try:
            return images.clean_upload(upload)
        except images.ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "title", "slug", "described", "dimensions", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["is_decorative", "format", "uploaded_at"]
    search_fields = ["title", "slug", "alt_text", "caption", "credit"]
    prepopulated_fields = {"slug": ["title"]}
    list_per_page = 50
    readonly_fields = ["preview", "details", "uploaded_by", "uploaded_at", "used_in"]
    fieldsets = [
        (None, {"fields": ["upload", "preview", "title", "slug"]}),
        ("For readers", {"fields": ["alt_text", "is_decorative", "caption", "credit", "licence"]}),
        ("About the file", {"fields": ["details", "uploaded_by", "uploaded_at", "used_in"]}),
    ]

    @admin.display(description="Picture")
    def thumbnail(self, obj):
        return render.picture(obj, "card")

    @admin.display(description="Preview")
    def preview(self, obj):
        return render.figure(obj, "card") if obj.pk else "–"

    @admin.display(description="Alt text", boolean=True)
    def described(self, obj):
        return bool(obj.alt) or obj.is_decorative

    @admin.display(description="Size")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description="File")
    def details(self, obj):
        if not obj.pk:
            return "–"
        sizes = sorted({r["width"] for r in obj.renditions})
        formats = sorted({r["format"].upper() for r in obj.renditions})
        return format_html(
            "{}, {} × {} pixels, {}. Made for readers: {} at widths {}.",
            obj.format,
            obj.width,
            obj.height,
            file_size_label(obj.file_size),
            ", ".join(formats) or "nothing yet",
            ", ".join(str(w) for w in sizes) or "–",
        )

    @admin.display(description="Used in")
    def used_in(self, obj):
        return _article_links(_articles_using("image", obj, hero=True)) if obj.pk else "–"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        clean = form.cleaned_data.get("upload")
        if clean is not None:
            obj.store_original(clean)
        super().save_model(request, obj, form, change)
        if clean is not None:
            # A worker makes the sizes (at once with the immediate backend, as in development).
            tasks.make_renditions.enqueue(obj.pk)


class DocumentAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label="PDF file",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        help_text=f"A PDF, at most {documents.MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Choose a new file to "
        "replace the document everywhere it is linked.",
    )

    class Meta:
        model = Document
        fields = ["title", "slug"]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            if not self.instance.pk:
                raise forms.ValidationError("Choose a PDF file to upload.")
            return None
        try:
            return documents.check_pdf(upload)
        except documents.DocumentRejected as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentAdminForm
    list_display = ["title", "slug", "type_and_size", "uploaded_by", "uploaded_at"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["link", "uploaded_by", "uploaded_at", "used_in"]
    fields = ["upload", "title", "slug", "link", "uploaded_by", "uploaded_at", "used_in"]

    @admin.display(description="Type and size")
    def type_and_size(self, obj):
        return obj.type_and_size

    @admin.display(description="As readers see it")
    def link(self, obj):
        return render.document_link(obj) if obj.pk else "–"

    @admin.display(description="Used in")
    def used_in(self, obj):
        return _article_links(_articles_using("document", obj)) if obj.pk else "–"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        clean = form.cleaned_data.get("upload")
        if clean is not None:
            obj.store_file(clean)
        super().save_model(request, obj, form, change)
