"""Database pieces shared by the apps' search: PostgreSQL full text with a SQLite fallback."""

from django.contrib.postgres.indexes import GinIndex
from django.db import connection
from django.db.models import Field, Lookup

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


class InList(Lookup):
    """``field__in_list=ids``: the same as ``field__in=ids`` for a list of values.

    On PostgreSQL the list travels as one array parameter (``= ANY(%s)``), so a
    list of hundreds of ids costs no more to send than a list of three; ``__in``
    would send one parameter per value. Elsewhere it is a plain ``IN``.
    """

    lookup_name = "in_list"
    prepare_rhs = False  # a list, prepared value by value below

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [self.lhs.output_field.get_prep_value(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "0 = 1", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Field.register_lookup(InList)
