from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from pages import brand
from pages.models import Brand, Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "slug", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "body", "updated_at"]
    readonly_fields = ["updated_at"]


class BrandAdminForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label="New logo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/svg+xml,image/png"}),
        help_text="An SVG or PNG, at most 1 MB. Scripts, links and outside pictures are removed from an SVG. "
        "It is shown about 40 pixels high, next to the site name.",
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)

    class Meta:
        model = Brand
        fields = ["site_name", "logo_shows_name", "primary_colour", "footer_text"]
        # The browser's own colour picker; it sends #rrggbb like typing would.
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"})}

    def clean_primary_colour(self):
        return (self.cleaned_data.get("primary_colour") or "").strip().lower()

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            return brand.clean_logo(upload)
        except brand.LogoRejected as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    """The brand page: one row, so the list goes straight to it."""

    form = BrandAdminForm
    fields = [
        "site_name",
        "logo_preview",
        "logo_upload",
        "remove_logo",
        "logo_shows_name",
        "primary_colour",
        "contrast",
        "footer_text",
    ]
    readonly_fields = ["logo_preview", "contrast"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Brand.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        row = Brand.objects.order_by("pk").first()
        if row is not None:
            return redirect(reverse("admin:pages_brand_change", args=[row.pk]))
        if self.has_add_permission(request):
            return redirect(reverse("admin:pages_brand_add"))
        return super().changelist_view(request, extra_context)

    @admin.display(description="Logo")
    def logo_preview(self, obj):
        if not obj.logo:
            return "No logo: the site name is shown on its own."
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="The current logo" class="brand-logo-preview">',
            obj.logo.url,
            obj.logo_width,
            obj.logo_height,
        )

    @admin.display(description="Contrast")
    def contrast(self, obj):
        if not obj.pk or brand.colour_problem(obj.primary_colour):
            return "–"
        ratio = brand.contrast_ratio(obj.primary_colour, "#ffffff")
        return f"White text on this colour: {ratio:.1f}:1 (at least {brand.MIN_CONTRAST}:1 is needed)."

    def save_model(self, request, obj, form, change):
        clean = form.cleaned_data.get("logo_upload")
        if clean is not None:
            obj.store_logo(clean)
        elif form.cleaned_data.get("remove_logo"):
            obj.store_logo(None)
        super().save_model(request, obj, form, change)
