"""Database pieces shared by the apps' search: PostgreSQL full text with a SQLite fallback."""

import re

from django.contrib.postgres.indexes import GinIndex
from django.db import connection

# Text-search configuration (stemming and stop words) for every search vector.
SEARCH_CONFIG = "english"


def store_search_documents(queryset, document) -> None:
    """Store ``document`` (a search vector expression) in the rows of ``queryset``.

    PostgreSQL only: SQLite's fallback search matches words and never reads it.
    """
    if connection.vendor == "postgresql":
        queryset.update(search_document=document)


class PostgresOnlyGinIndex(GinIndex):
    """A GIN index on PostgreSQL; nothing at all on other databases.

    SQLite (the development database) has no GIN indexes, and its search falls
    back to plain word matching, so the index is skipped there rather than making
    every migration PostgreSQL-only.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: PostgreSQL only"
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return f"-- {self.name}: PostgreSQL only"
        return super().remove_sql(model, schema_editor, **kwargs)


def word_start_pattern(word: str) -> str:
    """A regular expression for ``word`` at the start of a word, for SQLite's search.

    SQLite has no stemming, so "cramp" should find "cramps" but not "scramble",
    and "LEMS" not "problems". Django runs SQLite's REGEXP with Python's ``re``,
    where ``\\b`` is a word boundary (in PostgreSQL's regular expressions it is not).
    """
    return r"\b" + re.escape(word)
