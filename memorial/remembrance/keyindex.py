"""PostgreSQL's inverted index over each person's word keys, for the name search at a registry's size.

Every person's word keys (``Remembrance.word_keys``, derived from the live names only) are indexed
by GIN as a ``tsvector`` of those keys taken as they are (no parser, no stemming). A search then
asks the index for everyone matching every word at once, as a ``tsquery`` ("one of this word's
keys, and one of the next word's, ..."), and PostgreSQL intersects the posting lists itself:
a common given name held by a hundred thousand people is never read into Python to be
intersected with a family name held by a few hundred.

SQLite has no such index; there the search intersects the people of each word read from the
``NameKey`` table (see ``search``). Both answer the same question, and the tests run on both.
"""

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Func, Value

INDEX_NAME = "remembrance_word_keys_gin"
# The indexed expression; a query must spell it the same way for the planner to use the index.
DOCUMENT = "array_to_tsvector(string_to_array({column}, ' '))"


def supported(queryset):
    """Whether the queryset's database has the inverted index (PostgreSQL)."""
    return connections[queryset.db].vendor == "postgresql"


def create_index(schema_editor, model):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    document = DOCUMENT.format(column=quote("word_keys"))
    schema_editor.execute(f"CREATE INDEX {quote(INDEX_NAME)} ON {quote(model._meta.db_table)} USING gin ({document})")


def drop_index(schema_editor, model):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX_NAME)}")


def lexeme(key):
    """A key as one quoted tsquery lexeme, whatever characters it holds."""
    return "'" + key.replace("\\", "\\\\").replace("'", "''") + "'"


def any_of(keys, prefix=""):
    """A tsquery matching a person holding any of ``keys`` or a key beginning with ``prefix``."""
    terms = [lexeme(key) for key in keys]
    if prefix:
        terms.append(lexeme(prefix) + ":*")
    if not terms:
        raise ValueError("A word matches no key.")
    return "(" + " | ".join(terms) + ")"


def all_of(queries):
    return "(" + " & ".join(queries) + ")"


def either(queries):
    return "(" + " | ".join(queries) + ")"


def but_not(query, excluded):
    return f"({query} & !{excluded})"


class MatchesKeys(Func):
    """True for people whose word keys match a tsquery (PostgreSQL only)."""

    output_field = BooleanField()

    def __init__(self, query):
        super().__init__(Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        # Callers ask ``supported()`` first; any other database has no such index to ask.
        raise NotSupportedError("The inverted name index exists on PostgreSQL only.")

    def as_postgresql(self, compiler, connection, **extra_context):
        query_sql, params = compiler.compile(self.source_expressions[0])
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f"{table}.{connection.ops.quote_name('word_keys')}"
        return f"{DOCUMENT.format(column=column)} @@ ({query_sql})::tsquery", params


def matching(people, query):
    """The people of ``people`` whose word keys match the tsquery ``query``."""
    return people.filter(MatchesKeys(query))
