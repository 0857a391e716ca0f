"""URL converters that keep control characters (NUL above all) out of lookups.

PostgreSQL refuses text containing NUL, so an address like ``/tags/a%00b/`` must
answer 404 at the URL resolver instead of reaching the database.
"""

from django.urls import register_converter


class TextConverter:
    """One path segment of any printable text."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TextPathConverter(TextConverter):
    """Several segments, as in a category's path (``health/recovery``)."""

    regex = r"[^\x00-\x1f\x7f]+"


register_converter(TextConverter, "text")
register_converter(TextPathConverter, "textpath")
