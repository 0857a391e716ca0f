"""Database pieces shared by the apps' search: PostgreSQL full text with a SQLite fallback."""

from django.contrib.postgres.indexes import GinIndex

# Text-search configuration (stemming and stop words) for every search vector.
SEARCH_CONFIG = "english"


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
