"""The database's own inverted index over each person's word keys, for the name search at any size.

Every person's word keys (``Remembrance.word_keys``, derived from the live names only) are indexed
as they are (each key one term: no stemming, no splitting). A search then asks the index for
everyone matching every word at once ("one of this word's keys, and one of the next word's, ...")
and the database intersects the posting lists itself: a common given name held by a hundred
thousand people is never read into Python to be intersected with a family name held by a few
hundred.

- PostgreSQL: a GIN index over ``array_to_tsvector(string_to_array(word_keys, ' '))``, asked with
  a ``tsquery``.
- SQLite: an FTS5 table over the same column (external content: it stores only the index), kept
  by triggers on every insert, update of the keys and delete, whoever writes the row; asked with
  an FTS5 query. Its tokenizer treats every character but a space as part of a term, so a key is
  one term whatever it holds; it folds case, which changes nothing, as keys are folded already.
  A later migration that rebuilds the people's table on SQLite drops the triggers with the old
  table: ``ensure_index`` (run after every migration) puts them back and rebuilds the index when
  they are missing.

A database without either (an SQLite built without FTS5) answers through the ``NameKey`` table,
intersected in Python (see ``search``). All paths find the same people; the tests run each.
"""

from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Func, Value

INDEX_NAME = "remembrance_word_keys_gin"
# The indexed expression; a query must spell it the same way for the planner to use the index.
DOCUMENT = "array_to_tsvector(string_to_array({column}, ' '))"

FTS_TABLE = "remembrance_word_keys_fts"
# Every Unicode category but the space separators (Zs) makes up a term: keys are split on spaces only.
FTS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* C* Zl Zp'"
FTS_TRIGGERS = {
    "remembrance_word_keys_fts_insert": "AFTER INSERT ON {people} BEGIN "
    "INSERT INTO {fts} (rowid, word_keys) VALUES (new.id, new.word_keys); END",
    "remembrance_word_keys_fts_delete": "AFTER DELETE ON {people} BEGIN "
    "INSERT INTO {fts} ({fts}, rowid, word_keys) VALUES ('delete', old.id, old.word_keys); END",
    "remembrance_word_keys_fts_update": "AFTER UPDATE OF word_keys ON {people} BEGIN "
    "INSERT INTO {fts} ({fts}, rowid, word_keys) VALUES ('delete', old.id, old.word_keys); "
    "INSERT INTO {fts} (rowid, word_keys) VALUES (new.id, new.word_keys); END",
}

_sqlite_ready = {}  # (alias, database name) -> whether the FTS5 index and its triggers exist


class KeyIndex:
    """How one database's inverted index is asked: its query syntax (each key one quoted term), and
    the condition on people (``MatchesKeys``, compiled for the database in use)."""

    def __init__(self, quote, escapes, and_, or_, and_not, prefix):
        self.quote, self.escapes = quote, escapes
        self.AND, self.OR, self.AND_NOT, self.PREFIX = and_, or_, and_not, prefix

    def lexeme(self, key):
        """A key as one quoted term, whatever characters it holds."""
        for character, escaped in self.escapes:
            key = key.replace(character, escaped)
        return self.quote + key + self.quote

    def any_of(self, keys, prefix=""):
        """A query matching a person holding any of ``keys`` or a key beginning with ``prefix``."""
        terms = [self.lexeme(key) for key in keys]
        if prefix:
            terms.append(self.lexeme(prefix) + self.PREFIX)
        if not terms:
            raise ValueError("A word matches no key.")
        return "(" + self.OR.join(terms) + ")"

    def all_of(self, queries):
        return "(" + self.AND.join(queries) + ")"

    def either(self, queries):
        return "(" + self.OR.join(queries) + ")"

    def but_not(self, query, excluded):
        return f"({query}{self.AND_NOT}{excluded})"

    def matching(self, people, query):
        """The people of ``people`` whose word keys match ``query``."""
        return people.filter(MatchesKeys(query))


def first_rows(rows, limit):
    """At most ``limit`` rows of ``rows`` (a ``values_list`` of plain columns of people matched through
    the index), in no particular order.

    PostgreSQL plans a query under a small ``LIMIT`` for its first rows: for a match of the index it
    may then read the table row by row (building each row's tsvector) in the hope of meeting the few
    it needs early, where the GIN index answers in a fraction of the time (the people matching every
    word of a typo but one, among 40,000: 19 ms read row by row, 3.4 ms through the index). Asked as a
    materialised CTE, the match is planned for all its rows, and still read only as far as the limit
    asks. SQLite asks its FTS5 table in any case: a plain ``LIMIT``.
    """
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        return list(rows[:limit])
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        statement = f"WITH found AS MATERIALIZED ({sql}) SELECT * FROM found LIMIT %s"  # noqa: S608 (compiled SQL)
        cursor.execute(statement, [*params, limit])
        return cursor.fetchall()


# PostgreSQL: a tsquery over the GIN index. SQLite: an FTS5 query over the FTS5 table (one quoted
# string is one term: the tokenizer splits on spaces only).
POSTGRESQL = KeyIndex("'", (("\\", "\\\\"), ("'", "''")), " & ", " | ", " & !", ":*")
SQLITE = KeyIndex('"', (('"', '""'),), " AND ", " OR ", " NOT ", " *")


def for_queryset(queryset):
    """The inverted index of the queryset's database, or None when it has none."""
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        return POSTGRESQL
    if connection.vendor == "sqlite" and sqlite_index_ready(connection):
        return SQLITE
    return None


def _ready_key(connection):
    return (connection.alias, str(connection.settings_dict["NAME"]))


def _in_schema(connection, names):
    """(type, name) of the tables and triggers among ``names`` that exist in the SQLite database.

    Read on the driver's own connection: a look at the schema, not a query of a page, so it never
    shows in a page's count of queries (which a test locks).
    """
    connection.ensure_connection()
    marks = ", ".join("?" * len(names))
    query = f"SELECT type, name FROM sqlite_master WHERE name IN ({marks})"  # noqa: S608 (placeholders only)
    return set(connection.connection.execute(query, list(names)).fetchall())


WHOLE_INDEX = {("table", FTS_TABLE)} | {("trigger", name) for name in FTS_TRIGGERS}


def sqlite_index_ready(connection):
    """Whether the FTS5 table and every trigger keeping it exist (read once per database and process)."""
    key = _ready_key(connection)
    if key not in _sqlite_ready:
        _sqlite_ready[key] = _in_schema(connection, [FTS_TABLE, *FTS_TRIGGERS]) == WHOLE_INDEX
    return _sqlite_ready[key]


def fts5_available(connection):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        return any(option == "ENABLE_FTS5" for (option,) in cursor.fetchall())


def ensure_index(connection, people_table="remembrance_remembrance"):
    """SQLite: create the FTS5 table and its triggers where any is missing, and fill it from every
    person's word keys; returns whether it (re)built anything. Other databases: nothing to do here
    (PostgreSQL's index is a migration's)."""
    if connection.vendor != "sqlite" or not fts5_available(connection):
        return False
    _sqlite_ready.pop(_ready_key(connection), None)
    found = _in_schema(connection, [people_table, FTS_TABLE, *FTS_TRIGGERS])
    if ("table", people_table) not in found:
        return False  # migrated back past the people's table
    if found >= WHOLE_INDEX:
        return False
    # Missing parts: whatever exists of the index may be stale, so all of it is made anew.
    drop_sqlite_index(connection)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {quote(FTS_TABLE)} USING fts5(word_keys, content={quote(people_table)}, "
            f"content_rowid='id', tokenize=\"{FTS_TOKENIZER}\")"
        )
        for name, body in FTS_TRIGGERS.items():
            body = body.format(people=quote(people_table), fts=quote(FTS_TABLE))
            cursor.execute(f"CREATE TRIGGER {quote(name)} {body}")
        cursor.execute(f"INSERT INTO {quote(FTS_TABLE)} ({quote(FTS_TABLE)}) VALUES ('rebuild')")  # noqa: S608
    return True


def ensure_after_migrate(using="default", **kwargs):
    """post_migrate receiver (see ``ensure_index``)."""
    ensure_index(connections[using])


def drop_sqlite_index(connection):
    if connection.vendor != "sqlite":
        return
    _sqlite_ready.pop(_ready_key(connection), None)
    with connection.cursor() as cursor:
        for name in FTS_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(FTS_TABLE)}")


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


class MatchesKeys(Func):
    """True for people whose word keys match a query of the database's inverted index."""

    output_field = BooleanField()

    def __init__(self, query):
        super().__init__(Value(query))

    def as_sql(self, compiler, connection, **extra_context):
        # Callers ask ``for_queryset()`` first; any other database has no such index to ask.
        raise NotSupportedError("This database has no inverted name index.")

    def as_postgresql(self, compiler, connection, **extra_context):
        query_sql, params = compiler.compile(self.source_expressions[0])
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        column = f"{table}.{connection.ops.quote_name('word_keys')}"
        return f"{DOCUMENT.format(column=column)} @@ ({query_sql})::tsquery", params

    def as_sqlite(self, compiler, connection, **extra_context):
        if not sqlite_index_ready(connection):
            raise NotSupportedError("This SQLite database has no FTS5 name index.")
        query_sql, params = compiler.compile(self.source_expressions[0])
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        pk = f"{table}.{connection.ops.quote_name(compiler.query.model._meta.pk.column)}"
        fts = connection.ops.quote_name(FTS_TABLE)
        # Quoted names of this module's own table and the model's key: the query itself is a parameter.
        return f"{pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {query_sql})", params  # noqa: S608
