"""Many-to-many rows read in their page's own query, as JSON, instead of a query per relation.

A page lists what it concerns (places, events, themes, sources): a relation each, and a query each
if read one by one. ``with_relations`` adds each relation to the page's query as a subquery that
aggregates the related rows into a JSON array (SQLite's ``JSON_GROUP_ARRAY``, PostgreSQL's
``JSONB_AGG``); ``rows_from_json`` turns such an array back into model instances, each value
through its field's ``to_python`` and in the model's own ordering. The rows are those of the
live page's relation, exactly what ``page.places.all()`` would read.
"""

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Aggregate, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone


class JSONArrayAgg(Aggregate):
    """The aggregated values as one JSON array (order unspecified: ``rows_from_json`` sorts)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class ValueList(Aggregate):
    """The aggregated values as one list: a JSON array on SQLite, a native array on PostgreSQL (read
    far faster than JSON there). One row for thousands of values costs less than a row each."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.Field()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="ARRAY_AGG", **extra_context)

    def convert_value(self, value, expression, connection):
        if isinstance(value, str):  # SQLite's JSON text; PostgreSQL's array arrives as a list
            return json.loads(value)
        return value or []


def _relation(model, name):
    field = model._meta.get_field(name)
    if not field.many_to_many or field.auto_created:
        raise ValueError(f"{model.__name__}.{name} is not a many-to-many field of its own")
    return field


def json_attribute(name):
    """The attribute a page read with ``with_relations`` holds relation ``name``'s JSON in."""
    return f"{name}_json"


def relation_subquery(model, name):
    """The rows of ``model``'s relation ``name`` for the page ``OuterRef("pk")``, as one JSON array."""
    field = _relation(model, name)
    through = field.remote_field.through
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    columns = {f.attname: f"{target}__{f.attname}" for f in field.related_model._meta.concrete_fields}
    rows = (
        through.objects.filter(**{owner: OuterRef("pk")})
        .values(owner)
        .annotate(items=JSONArrayAgg(JSONObject(**columns)))
        .values("items")
    )
    return Subquery(rows[:1], output_field=JSONField())


def with_relations(queryset, names):
    """The queryset with each named many-to-many relation read as JSON in the same query."""
    return queryset.annotate(**{json_attribute(name): relation_subquery(queryset.model, name) for name in names})


def _ordering_key(model):
    fields = [name for name in (model._meta.ordering or ["pk"]) if isinstance(name, str) and "__" not in name]

    def key(obj):
        parts = []
        for name in fields:
            descending = name.startswith("-")
            value = getattr(obj, "pk" if name.lstrip("-") == "pk" else name.lstrip("-"))
            # None first, as the databases here sort NULLs in ascending order (SQLite) or they
            # are absent from these orderings' fields; the order is stable either way.
            parts.append((value is not None, value if not descending else _Reversed(value)))
        return parts

    return key


class _Reversed:
    """Sorts its value in reverse, for a ``-field`` of a model's ordering."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


def _from_json(field, value):
    """A JSON value as the field's Python value, as Django's database converters would give it."""
    value = field.to_python(value)
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        # SQLite keeps the digits it was given; Django rounds to the field's places when reading.
        return value.quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, models.DateTimeField) and settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


def rows_from_json(model, items):
    """Model instances from the JSON objects of ``relation_subquery``, in the model's ordering."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rows = []
    for item in items or ():
        values = {name: _from_json(fields[name], value) for name, value in item.items() if name in fields}
        obj = model(**values)
        obj._state.adding = False
        obj._state.db = "default"
        rows.append(obj)
    return sorted(rows, key=_ordering_key(model))


def read_relation(page, name):
    """A page's rows of relation ``name``: read with the page when it was, else by a query.

    Both ways give the same list in the same order (the model's ordering, compared in Python:
    by code point for text, whatever the database's collation).
    """
    model = _relation(type(page), name).related_model
    if json_attribute(name) in page.__dict__:
        return rows_from_json(model, page.__dict__[json_attribute(name)])
    return sorted(getattr(page, name).all(), key=_ordering_key(model))
