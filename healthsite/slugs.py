"""Old addresses keep working: shared by articles and conditions."""


def remember_old_slug(instance, history_model, owner_field: str) -> None:
    """Before ``instance`` is saved under a new slug, record its old one in ``history_model``.

    ``history_model`` has a unique ``slug`` and a foreign key ``owner_field`` to the
    instance's model. The new slug stops redirecting anywhere else.
    """
    if instance.pk is None:
        return
    model = type(instance)
    old_slug = model._base_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old_slug and old_slug != instance.slug:
        history_model.objects.filter(slug=instance.slug).delete()
        history_model.objects.update_or_create(slug=old_slug, defaults={f"{owner_field}_id": instance.pk})
