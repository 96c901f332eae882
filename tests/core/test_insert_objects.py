"""Rows written in bulk by ``wagtail_rows.insert_objects`` are the rows ``bulk_create`` writes.

The importer writes a list of a million names through it (COPY on PostgreSQL, INSERTs of many
rows each on SQLite), so every kind of column it meets is compared here with Django's own
conversion: text, numbers, dates, times with their zone, UUIDs, JSON, foreign keys, empty values,
and values of another type than their column's.
"""

import datetime
import json
import sqlite3
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import Revision

from memorial.core import wagtail_rows
from memorial.core.models import DatePrecision
from memorial.remembrance.models import Fate, NameKey, Remembrance
from tests import factories

FIXED_TIME = datetime.datetime(1982, 2, 2, 1, 30, tzinfo=datetime.UTC)
# Set on saving from the clock (``pre_save``): compared apart.
CLOCK = ("created_at", "updated_at")


def person(n, place=None, **extra):
    values = {
        "name_latin": f"Sample person {n}",
        "name_ar": f"شخص تجريبي {n}",
        "name_variants": f"Sample {n}\nPerson {n}",
        "birth_date": datetime.date(1950 + n, 1, 1),
        "birth_date_precision": DatePrecision.YEAR,
        "death_date": datetime.date(1982, 2, 2 + n),
        "age": 30 + n,
        "fate": Fate.MISSING,
        "place": place,
        "circumstances": "Taken from the street; not seen again.",
        "record_source": "Sample list",
        "first_published_at": FIXED_TIME - datetime.timedelta(days=n, microseconds=n),
        **extra,
    }
    return Remembrance(**values)


def columns(model, pks, leave_out=("id",)):
    """Every column of the rows ``pks``, in their order, read back from the database."""
    names = [f.attname for f in model._meta.concrete_fields]
    by_pk = {row["id"]: row for row in model.objects.filter(pk__in=pks).values(*names)}
    assert len(by_pk) == len(pks)
    return [{k: v for k, v in by_pk[pk].items() if k not in leave_out} for pk in pks]


@pytest.mark.django_db
def test_people_are_written_column_for_column_as_bulk_create_writes_them():
    place = factories.PlaceFactory(name="Hama", slug="hama")
    odd = {"name_latin": gettext_lazy("A name given as a lazy string"), "age": None, "slug": 77}
    story = json.dumps([{"type": "paragraph", "value": "<p>Seen at the <b>mill</b>, قرب الطاحون</p>", "id": "a1"}])
    # One time object shared by two records, as an import shares its time: converted once, stored twice.
    shared = {"last_published_at": FIXED_TIME, "life_story": story}
    made = [person(1, place, **shared), person(2, None, **odd, **shared), person(3, place, identifier=uuid.UUID(int=3))]
    expected = [
        person(1, place, **shared),
        person(2, None, **odd, **shared),
        person(3, place, identifier=uuid.UUID(int=4)),
    ]
    Remembrance.objects.bulk_create(expected)
    wagtail_rows.insert_objects(Remembrance, made)

    assert all(p.pk and not p._state.adding for p in made)
    found = columns(Remembrance, [p.pk for p in made], leave_out=("id", "identifier", *CLOCK))
    wanted = columns(Remembrance, [p.pk for p in expected], leave_out=("id", "identifier", *CLOCK))
    assert found == wanted
    for row in columns(Remembrance, [p.pk for p in made]):
        assert row["created_at"] and row["updated_at"]
    assert found[1]["name_latin"] == "A name given as a lazy string" and found[1]["slug"] == "77"
    stored = Remembrance.objects.get(pk=made[1].pk)
    assert stored.last_published_at == FIXED_TIME and "mill" in stored.life_story[0].value.source
    assert Remembrance.objects.get(pk=made[2].pk).identifier == uuid.UUID(int=3)


@pytest.mark.django_db
def test_revisions_keep_their_json_times_and_links_as_bulk_create_writes_them():
    factories.PlaceFactory(name="Hama", slug="hama")
    owner = person(1)
    owner.save()
    at = timezone.now()

    def revision(n):
        content = {"pk": owner.pk, "name_latin": "Sample", "when": at.isoformat(), "list": [1, "٢", None], "n": n}
        return Revision(
            content_type=owner.get_content_type(),
            base_content_type=owner.get_base_content_type(),
            object_id=str(owner.pk),
            created_at=at,
            object_str="Sample person “quoted”\ttabbed\\slashed",
            content=content,
        )

    made, expected = [revision(1), revision(2)], [revision(1), revision(2)]
    Revision.objects.bulk_create(expected)
    wagtail_rows.insert_objects(Revision, made)
    assert columns(Revision, [r.pk for r in made]) == columns(Revision, [r.pk for r in expected])
    assert Revision.objects.get(pk=made[0].pk).created_at == at


@pytest.mark.django_db
def test_reserved_ids_are_never_given_again():
    first = [person(1), person(2)]
    wagtail_rows.insert_objects(Remembrance, first)
    assert first[1].pk == first[0].pk + 1
    later = person(3)
    later.save()  # the database's own next id comes after the reserved ones
    assert later.pk > first[1].pk
    highest = later.pk
    later.delete()
    again = [person(4)]
    wagtail_rows.insert_objects(Remembrance, again)
    assert again[0].pk > highest  # an id once given is not given again, even after its row is deleted


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ids_are_reserved_only_inside_the_transaction_that_writes_them():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        wagtail_rows.insert_objects(Remembrance, [person(1)])
    assert not Remembrance.objects.exists()
    with transaction.atomic():
        wagtail_rows.insert_objects(Remembrance, [person(1)])
    assert Remembrance.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_insert_leaves_no_row():
    """A row the database refuses (here an empty value in a required column) takes the whole
    insert back with the transaction."""
    bad = person(2, name_variants=None)
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 (the backend's own error)
        wagtail_rows.insert_objects(Remembrance, [person(1), bad])
    assert not Remembrance.objects.exists()


@pytest.mark.django_db
def test_many_rows_go_in_as_few_inserts_as_sqlite_allows(monkeypatch):
    """SQLite: several rows a statement (each statement is a savepoint, at which the names' FTS5 index
    writes its pending terms), never more parameters than SQLite takes; every row written once."""
    person = factories.RemembranceFactory()
    rows = [(person.pk, f"sample-key-{i}") for i in range(5)]
    monkeypatch.setattr(wagtail_rows, "SQLITE_ROWS_PER_INSERT", 2)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        wagtail_rows.insert_rows(NameKey, ["person_id", "key"], rows)
    keys = NameKey.objects.filter(person=person, key__startswith="sample-key-").values_list("key", flat=True)
    assert sorted(keys) == [key for _pk, key in rows]
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    if connection.vendor == "sqlite":
        assert len(inserts) == 3  # 2 + 2 + 1
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        assert wagtail_rows.sqlite_rows_per_insert(1) == 2  # the cap
        assert wagtail_rows.sqlite_rows_per_insert(limit // 1 - 1) == 1  # the limit on parameters
