from django.apps import AppConfig


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from pages.models import Brand

        def brand_changed(sender, **kwargs) -> None:
            from pages.brand import forget_brand

            forget_brand()

        post_save.connect(brand_changed, sender=Brand, dispatch_uid="pages-brand-save", weak=False)
        post_delete.connect(brand_changed, sender=Brand, dispatch_uid="pages-brand-delete", weak=False)
