"""PostgreSQL's inverted index over the word keys: what it holds, how it is asked, and that it is used.

The name search runs on both databases in the rest of the suite (the same people found, the same
ranking); these tests pin what only the index path can get wrong: a key written into a tsquery as
something else, a query the planner cannot answer from the index, keys from a draft.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from memorial.remembrance import keyindex
from memorial.remembrance.indexing import word_keys_text
from memorial.remembrance.models import Remembrance
from memorial.remembrance.normalise import index_names
from memorial.remembrance.search import search_names
from tests import factories

pytestmark = pytest.mark.django_db

# Keys as an editor's list could make them, with every character a tsquery treats specially.
HOSTILE_KEYS = ["o'hara", "back\\slash", "a:b", "x&y", "(paren)", "!not", "pipe|bar", "star:*", "''", "a b"]


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("The inverted index exists on PostgreSQL only; SQLite intersects NameKey rows.")


def test_each_key_is_one_quoted_lexeme():
    assert keyindex.lexeme("o'hara") == "'o''hara'"
    assert keyindex.lexeme("back\\slash") == "'back\\\\slash'"
    assert keyindex.any_of(["=muhammad", "mhmd"], prefix="hm") == "('=muhammad' | 'mhmd' | 'hm':*)"
    with pytest.raises(ValueError, match="no key"):
        keyindex.any_of([])


def test_word_keys_hold_every_word_key_of_every_name():
    names = index_names(["محمد الحموي", "Mohammed al-Hamwi", "Mhd Hamawi"])
    stored = word_keys_text(names).split(" ")
    assert sorted(stored) == sorted(names.word_keys) and "" not in stored
    person = factories.RemembranceFactory(name_latin="Mohammed al-Hamwi", name_ar="محمد الحموي")
    assert set(Remembrance.objects.get(pk=person.pk).word_keys.split()) == index_names(person.all_names()).word_keys


def test_hostile_keys_match_themselves_and_nothing_else():
    """Each key, whatever it holds, finds the one person carrying it, and no key finds a person by a part of it."""
    postgresql_only()
    people = {}
    for i, key in enumerate(HOSTILE_KEYS):
        person = factories.RemembranceFactory(name_latin=f"Sample Person {i}")
        stored = key.replace(" ", "_")  # keys never hold spaces: the column is split on them
        Remembrance.objects.filter(pk=person.pk).update(word_keys=f"{stored} common")
        people[stored] = person.pk
    everyone = Remembrance.objects.all()
    for stored, pk in people.items():
        found = set(keyindex.matching(everyone, keyindex.any_of([stored])).values_list("pk", flat=True))
        assert found == {pk}, stored
    for part in ("o", "hara", "a", "b", "x", "y", "paren", "not", "pipe", "star", "back"):
        assert not keyindex.matching(everyone, keyindex.any_of([part])).exists(), part
    assert keyindex.matching(everyone, keyindex.any_of([], prefix="o'h")).get().pk == people["o'hara"]
    both = keyindex.all_of([keyindex.any_of(["o'hara"]), keyindex.any_of(["common"])])
    assert keyindex.matching(everyone, both).get().pk == people["o'hara"]
    only_common = keyindex.but_not(keyindex.any_of(["common"]), keyindex.any_of(["o'hara", "x&y"]))
    assert keyindex.matching(everyone, only_common).count() == len(HOSTILE_KEYS) - 2


def test_the_planner_answers_from_the_index():
    """The query spells the indexed expression exactly; were it to differ, PostgreSQL would read every row."""
    postgresql_only()
    factories.RemembranceFactory(name_latin="Mohammed al-Hamwi")
    query = keyindex.matching(Remembrance.objects.order_by(), keyindex.any_of(["hmw"])).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert keyindex.INDEX_NAME in plan, plan


def test_a_search_finds_the_same_people_by_index_and_by_key_rows(monkeypatch):
    """On PostgreSQL the search answered without the index (as SQLite is) finds the same people in the same order."""
    postgresql_only()
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
    monkeypatch.setattr(keyindex, "supported", lambda queryset: False)
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
