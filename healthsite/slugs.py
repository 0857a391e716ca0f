"""Addresses: old slugs that keep working (articles and conditions), and the
top-level slugs the site itself answers at (categories)."""

import re

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

# A path segment that is plain text, not a converter or a regular expression.
_LITERAL = re.compile(r"[\w.~-]+")


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


def reserved_top_level_slugs() -> frozenset[str]:
    """The first path segments the site answers at itself.

    Category pages live at their slug path, so a top-level category with one of
    these slugs would be unreachable. Read from the URLconf (the admin's segment
    is wherever ``DJANGO_ADMIN_URL`` puts it) and from where static and uploaded
    files are served, so a new part of the site reserves its address by existing.
    """
    segments = set(_fixed_first_segments(get_resolver().url_patterns))
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and "//" not in url:  # served by this site, not from another host
            segments.add(url.strip("/").split("/")[0])
    segments.discard("")
    return frozenset(segments)


def _fixed_first_segments(patterns):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry.pattern, RegexPattern):
            # A regular expression (re_path): its leading literal text, unescaped.
            route = re.sub(r"\\(.)", r"\1", route.removeprefix("^").removesuffix("$"))
        if route == "" and isinstance(entry, URLResolver):
            yield from _fixed_first_segments(entry.url_patterns)  # included at the top level
            continue
        first = route.split("/")[0]
        if _LITERAL.fullmatch(first):
            yield first
