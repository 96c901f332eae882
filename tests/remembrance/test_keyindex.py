"""The inverted index over the word keys (GIN on PostgreSQL, FTS5 on SQLite): what it holds, how it
is asked, that it is used, and (SQLite) that it follows every write.

The name search runs on both databases in the rest of the suite (the same people found, the same
ranking); these tests pin what only the index path can get wrong: a key written into a query as
something else, a query the planner cannot answer from the index, an index left behind by a write.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.db import NotSupportedError, connection, transaction
from django.test.utils import CaptureQueriesContext

from memorial.remembrance import keyindex
from memorial.remembrance.importer import import_file
from memorial.remembrance.indexing import word_keys_text
from memorial.remembrance.models import Remembrance
from memorial.remembrance.normalise import index_names
from memorial.remembrance.search import search_names
from tests import factories

pytestmark = pytest.mark.django_db

# Keys as an editor's list could make them, with every character a tsquery or FTS5 treats specially.
HOSTILE_KEYS = [
    "o'hara", "back\\slash", "a:b", "x&y", "(paren)", "!not", "pipe|bar", "star:*", "''", "a b",
    'say"x', "AND", "OR", "NEAR", "^caret", "col:", "{a b}", "+plus", "star*", "-minus",
]  # fmt: skip


def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("The FTS5 index and its triggers are SQLite's.")


def index_of(queryset):
    index = keyindex.for_queryset(queryset)
    assert index is not None, "this database has no inverted name index"
    return index


def test_each_key_is_one_quoted_lexeme():
    postgres, sqlite = keyindex.POSTGRESQL, keyindex.SQLITE
    assert postgres.lexeme("o'hara") == "'o''hara'"
    assert postgres.lexeme("back\\slash") == "'back\\\\slash'"
    assert postgres.any_of(["=muhammad", "mhmd"], prefix="hm") == "('=muhammad' | 'mhmd' | 'hm':*)"
    assert sqlite.lexeme('say "x"') == '"say ""x"""'
    assert sqlite.any_of(["=muhammad", "mhmd"], prefix="hm") == '("=muhammad" OR "mhmd" OR "hm" *)'
    assert sqlite.but_not(sqlite.all_of(["a", "b"]), "c") == "((a AND b) NOT c)"
    for index in (postgres, sqlite):
        with pytest.raises(ValueError, match="no key"):
            index.any_of([])


def test_word_keys_hold_every_word_key_of_every_name():
    names = index_names(["محمد الحموي", "Mohammed al-Hamwi", "Mhd Hamawi"])
    stored = word_keys_text(names).split(" ")
    assert sorted(stored) == sorted(names.word_keys) and "" not in stored
    # SQLite's FTS5 tokenizer folds case: keys are folded already, so no two keys become one there.
    assert all(key == key.lower() for key in stored)
    person = factories.RemembranceFactory(name_latin="Mohammed al-Hamwi", name_ar="محمد الحموي")
    assert set(Remembrance.objects.get(pk=person.pk).word_keys.split()) == index_names(person.all_names()).word_keys


def test_hostile_keys_match_themselves_and_nothing_else():
    """Each key, whatever it holds, finds the one person carrying it, and no key finds a person by a part of it."""
    people = {}
    for i, key in enumerate(HOSTILE_KEYS):
        person = factories.RemembranceFactory(name_latin=f"Sample Person {i}")
        stored = key.replace(" ", "_")  # keys never hold spaces: the column is split on them
        Remembrance.objects.filter(pk=person.pk).update(word_keys=f"{stored} common")
        people[stored] = person.pk
    everyone = Remembrance.objects.all()
    index = index_of(everyone)
    for stored, pk in people.items():
        found = set(index.matching(everyone, index.any_of([stored])).values_list("pk", flat=True))
        assert found == {pk}, stored
    for part in ("o", "hara", "a", "b", "x", "y", "paren", "not", "pipe", "star", "back", "say", "plus", "caret"):
        assert not index.matching(everyone, index.any_of([part])).exists(), part
    assert index.matching(everyone, index.any_of([], prefix="o'h")).get().pk == people["o'hara"]
    both = index.all_of([index.any_of(["o'hara"]), index.any_of(["common"])])
    assert index.matching(everyone, both).get().pk == people["o'hara"]
    only_common = index.but_not(index.any_of(["common"]), index.any_of(["o'hara", "x&y"]))
    assert index.matching(everyone, only_common).count() == len(HOSTILE_KEYS) - 2


def test_the_planner_answers_from_the_index():
    """The query spells the indexed expression exactly; were it to differ, PostgreSQL would read every row."""
    factories.RemembranceFactory(name_latin="Mohammed al-Hamwi")
    people = Remembrance.objects.order_by()
    index = index_of(people)
    query = index.matching(people, index.any_of(["hmw"])).values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert keyindex.INDEX_NAME in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert f"SCAN {keyindex.FTS_TABLE} VIRTUAL TABLE INDEX" in plan, plan
            assert "INTEGER PRIMARY KEY" in plan, plan  # each person found is read by id


def test_the_first_rows_of_a_match_are_rows_of_the_match(django_assert_num_queries):
    """``first_rows`` gives at most the limit, each a row of the match (all of them under a larger limit),
    in one query; PostgreSQL asks it as a materialised CTE, so that the match is planned for all its rows
    and not read row by row for an early stop; a query that can have no rows asks nothing."""
    hamwi = [factories.RemembranceFactory(name_latin=f"Sample Hamwi {n}").pk for n in range(5)]
    kilani = factories.RemembranceFactory(name_latin="Sample Kilani").pk
    Remembrance.objects.filter(pk__in=hamwi).update(word_keys="=muhammad hmw")
    Remembrance.objects.filter(pk=kilani).update(word_keys="=ahmad kln")
    people = Remembrance.objects.order_by()
    index = index_of(people)
    rows = index.matching(people, index.any_of(["hmw"])).values_list("pk", "name_latin")
    expected = set(rows.all())  # a copy: rows itself stays unevaluated
    assert {pk for pk, _name in expected} == set(hamwi)
    with CaptureQueriesContext(connection) as ctx:
        three = keyindex.first_rows(rows, 3)
    assert len(ctx.captured_queries) == 1
    if connection.vendor == "postgresql":
        assert "AS MATERIALIZED" in ctx.captured_queries[0]["sql"]
    assert len(three) == 3 and set(three) <= expected
    assert set(keyindex.first_rows(rows, 50)) == expected
    with django_assert_num_queries(0):
        assert keyindex.first_rows(rows.filter(pk__in=[]), 10) == []


def test_a_search_finds_the_same_people_by_index_and_by_key_rows(monkeypatch):
    """The search answered without the index (by the NameKey rows) finds the same people in the same order."""
    names = [
        ("Mohammed Ahmad al-Hamwi", "محمد أحمد الحموي"),
        ("Muhammad Ahmed Hamawi", ""),
        ("Mahmoud Ahmad al-Hamwi", "محمود أحمد الحموي"),
        ("Ahmad Mohammed al-Kilani", "أحمد محمد الكيلاني"),
        ("Khalid Omar Tayyar", ""),
    ]
    for latin, arabic in names:
        factories.RemembranceFactory(name_latin=latin, name_ar=arabic)
    queries = ["Mohammed Hamwi", "محمد الحموي", "Mohamad Ahmd Hamwi", "Ahmad Kilani Tayyar", "Hamw", "Muhamad"]
    by_index = {q: [p.pk for p in search_names(q).people] for q in queries}
    monkeypatch.setattr(keyindex, "for_queryset", lambda queryset: None)
    by_rows = {q: [p.pk for p in search_names(q).people] for q in queries}
    assert by_index == by_rows
    assert all(by_index.values())


def test_the_migration_gathers_the_keys_of_every_person_as_save_does():
    """Filling the column for records stored before it existed gives each person what ``save()`` would."""
    from django.apps import apps

    migration = importlib.import_module("memorial.remembrance.migrations.0008_word_keys")
    people = [
        factories.RemembranceFactory(name_latin="Mohammed al-Hamwi", name_ar="محمد الحموي"),
        factories.RemembranceFactory(name_latin="", name_ar="عبد الرحمن الكيلاني", name_variants="Abdul Rahman Kilani"),
        factories.RemembranceFactory(name_latin="O'Hara Sample", live=False),
    ]
    expected = dict(Remembrance.objects.values_list("pk", "word_keys"))
    assert all(expected[p.pk] for p in people)
    Remembrance.objects.update(word_keys="")
    # What the migration uses of its schema editor (SQLite's cannot be opened inside a test's transaction).
    editor = SimpleNamespace(
        connection=connection,
        quote_name=connection.ops.quote_name,
        execute=lambda sql, params=(): connection.cursor().execute(sql, params),
    )
    migration.fill_word_keys(apps, editor)
    assert dict(Remembrance.objects.values_list("pk", "word_keys")) == expected


def indexed(key):
    """Who SQLite's FTS5 index says holds ``key`` (every person, public or not)."""
    index = keyindex.SQLITE
    return set(index.matching(Remembrance.objects.all(), index.any_of([key])).values_list("pk", flat=True))


@pytest.fixture
def forget_what_the_index_was():
    yield
    keyindex._sqlite_ready.clear()  # a test that dropped a trigger was rolled back: read it all again


def test_the_sqlite_index_follows_every_write():
    """Whoever writes the row (save, an update of the column, an import, a delete), the index says the same."""
    sqlite_only()
    person = factories.RemembranceFactory(name_latin="Sample Zubair Qattan", name_ar="")
    first = set(Remembrance.objects.get(pk=person.pk).word_keys.split())
    assert first and all(indexed(key) == {person.pk} for key in first)

    person.name_latin = "Sample Yusra Bazzaz"
    person.save()
    now = set(Remembrance.objects.get(pk=person.pk).word_keys.split())
    assert all(indexed(key) == {person.pk} for key in now)
    assert all(indexed(key) == set() for key in first - now)

    Remembrance.objects.filter(pk=person.pk).update(word_keys="set_by_an_update")
    assert indexed("set_by_an_update") == {person.pk} and all(indexed(key) == set() for key in now)

    report = import_file(b"name_latin,death_date,source\nSample Qays Dabbous,1982-02-10,Sample list\n", publish=True)
    imported = Remembrance.objects.get(name_latin="Sample Qays Dabbous")
    assert report.created == 1 and all(indexed(k) == {imported.pk} for k in imported.word_keys.split())

    Remembrance.objects.filter(pk=person.pk).delete()
    assert indexed("set_by_an_update") == set()


def test_a_missing_trigger_makes_the_index_unasked_until_it_is_rebuilt(forget_what_the_index_was):
    """A migration rebuilding the people's table on SQLite drops the triggers: the search then reads
    the key rows (never a stale index), and the next migration's ``ensure_index`` rebuilds it whole."""
    sqlite_only()
    person = factories.RemembranceFactory(name_latin="Sample Person")
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "remembrance_word_keys_fts_update"')
    keyindex._sqlite_ready.clear()
    assert keyindex.for_queryset(Remembrance.objects.all()) is None
    Remembrance.objects.filter(pk=person.pk).update(word_keys="written_while_unkept")
    assert search_names("Sample Person").people  # found through the key rows meanwhile
    assert keyindex.ensure_index(connection) is True
    assert keyindex.for_queryset(Remembrance.objects.all()) is keyindex.SQLITE
    assert indexed("written_while_unkept") == {person.pk}
    assert keyindex.ensure_index(connection) is False  # nothing missing: nothing done


def test_every_migration_ends_by_making_sure_of_the_index(monkeypatch):
    from django.core.management.sql import emit_post_migrate_signal

    calls = []
    monkeypatch.setattr(keyindex, "ensure_index", lambda conn, *args: calls.append(conn.alias))
    with transaction.atomic():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert calls == ["default"]


def test_a_database_without_the_index_refuses_to_be_asked(monkeypatch, forget_what_the_index_was):
    sqlite_only()
    keyindex._sqlite_ready[(connection.alias, str(connection.settings_dict["NAME"]))] = False
    with pytest.raises(NotSupportedError):
        list(keyindex.SQLITE.matching(Remembrance.objects.all(), keyindex.SQLITE.any_of(["x"])))
