"""Database pieces shared by the apps' search: PostgreSQL full text with a SQLite fallback."""

from django.contrib.postgres.indexes import GinIndex
from django.db import connection, connections
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


class CompiledQuery:
    """A queryset compiled to SQL once per process, then run again with fresh values.

    Building and compiling a queryset costs several times more Python than running
    its SQL. For the few queries on the busiest path (a search nobody has made
    before), ``CompiledQuery(build, *stand_ins)`` compiles
    ``build(*stand_ins)`` once per database and each ``rows(*values)`` sends the
    same SQL with every stand-in parameter replaced by the matching value. The
    queryset stays the one place its rules are written (``live()`` and the like).
    ``build`` may also return SQL written around a queryset's: an object whose
    ``as_sql(using)`` gives ``(sql, params)``.

    Each stand-in must reach the SQL unchanged as a parameter of its own and be a
    value no real run uses: an unusual string, a datetime long past, a list such
    as ``[-1]`` for ``__in_list``. Compiling fails loudly if one does not.

    On PostgreSQL the SQL also becomes a prepared statement of each connection
    (unless ``DATABASE_PREPARED_STATEMENTS`` is off), so the database no longer
    parses and plans it on every run: for a search, planning cost the database
    as much as running its queries.
    """

    def __init__(self, build, *stand_ins, shape=lambda: None):
        self.build = build
        self.stand_ins = stand_ins
        # What else ``build`` reads that changes the SQL itself (a LIMIT, say).
        self.shape = shape
        self._compiled: dict[tuple, tuple] = {}

    def rows(self, *values, using: str = "default") -> list[tuple]:
        if len(values) != len(self.stand_ins):
            raise TypeError(f"expected {len(self.stand_ins)} values, got {len(values)}")
        key = (using, self.shape())
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(using)
        sql, params, slots = compiled
        params = list(params)
        for position, which in slots:
            params[position] = values[which]
        connection = connections[using]
        # Our PostgreSQL backend's cursor prepares what it runs often (healthsite.postgres.base).
        cursor = (
            connection.prepared_cursor() if hasattr(connection, "prepared_cursor") else connection.cursor()
        )
        with cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, using: str) -> tuple:
        built = self.build(*self.stand_ins)
        # A queryset, or SQL written around one that compiles itself (``as_sql(using)``).
        if hasattr(built, "query"):
            sql, params = built.query.get_compiler(using).as_sql()
        else:
            sql, params = built.as_sql(using)
        slots = []
        for position, param in enumerate(params):
            matches = [
                i
                for i, stand_in in enumerate(self.stand_ins)
                if type(param) is type(stand_in) and param == stand_in
            ]
            if matches:
                slots.append((position, matches[0]))
        missing = set(range(len(self.stand_ins))) - {which for _, which in slots}
        if missing:
            raise ValueError(f"stand-ins {sorted(missing)} did not reach the SQL as parameters")
        return sql, tuple(params), tuple(slots)
