"""Wagtail's own rows for many records at once: draft state, revisions, workflow and task states, log entries.

Wagtail writes these one record at a time (``save_revision()``, ``publish()``, ``workflow.start()``,
``log()``), several queries each: minutes for a list of tens of thousands of names. This module
writes the same rows in bulk, and nothing else in the archive writes Wagtail's tables by hand.
``tests/core/test_wagtail_rows.py`` writes one record both ways and compares the rows field by
field, so a Wagtail upgrade that changes what its API writes fails there instead of leaving
records that Wagtail no longer reads as its own.

What the bulk way leaves out on purpose: no signals, no e-mail per record submitted to a
workflow (the caller sends one summary), no log entry per record published.
"""

import json
import sqlite3

from django.db import connection, models
from django.db.models import Field
from django.db.models.fields import AutoFieldMixin
from django.utils.encoding import is_protected_type
from modelcluster.models import get_all_child_m2m_relations
from wagtail.fields import StreamField
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision, Task, TaskState, WorkflowState

try:
    from psycopg.types.json import Json, Jsonb

    POSTGRES_JSON = (Json, Jsonb)
except ImportError:  # a deployment on SQLite alone
    POSTGRES_JSON = ()

# Fields whose values (text, numbers, dates, ids) revision content keeps as they are.
PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.FloatField,
    models.DecimalField,
    models.DateField,
    models.TimeField,
)
OBJECT_STR_LENGTH = 255


# Rows in one INSERT on SQLite, at most (fewer when the columns times the rows would pass SQLite's
# limit on parameters).
SQLITE_ROWS_PER_INSERT = 500


def sqlite_rows_per_insert(columns):
    connection.ensure_connection()
    limit = getattr(connection.connection, "getlimit", None)
    parameters = limit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if limit else connection.features.max_query_params
    return max(1, min(SQLITE_ROWS_PER_INSERT, parameters // max(1, columns)))


def insert_rows(model, columns, rows):
    """Rows that are many and need no model instances (keys, links): COPY on PostgreSQL, INSERTs of
    many rows each on SQLite.

    Not one statement a row on SQLite: each statement is a savepoint, and the FTS5 index of the
    names (``remembrance.keyindex``, kept by a trigger) writes its pending terms out at every one;
    at a row a statement, that made each person imported cost a fifth of a millisecond more.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        size = sqlite_rows_per_insert(len(columns))
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            values = ", ".join([one] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}", [v for row in chunk for v in row])  # noqa: S608


# Columns whose values Django stores as they are when they already have the column's type: the
# plain text, integer, boolean and foreign-key fields (their standard conversions, nothing overridden).
STORED_AS_IS = {
    models.CharField.get_prep_value: str,
    models.TextField.get_prep_value: str,
    models.IntegerField.get_prep_value: int,
    models.BooleanField.get_prep_value: bool,
}
STANDARD_DB_PREP = {Field.get_db_prep_value, models.IntegerField.get_db_prep_value, AutoFieldMixin.get_db_prep_value}


def reserve_ids(model, count):
    """``count`` new primary keys for ``model``, in order, that no other insert will take.

    PostgreSQL: drawn from the table's sequence (shared by every session). SQLite: the ids after
    the highest ever given (``sqlite_sequence``, kept by AUTOINCREMENT) or stored; only safe while
    this transaction holds the write lock (IMMEDIATE transactions take it when they begin), so the
    caller must be inside one.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Ids are reserved inside the transaction that inserts them.")
    table, column = model._meta.db_table, model._meta.pk.column
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [quoted, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        given = cursor.fetchone()
        start = max(highest, given[0] if given else 0) + 1
    return list(range(start, start + count))


def _stored_type(field):
    """The type whose values ``field`` stores unchanged, or None when every value must be converted."""
    target = field.target_field if field.is_relation else field
    if field is not target and type(field).get_db_prep_save is not models.ForeignKey.get_db_prep_save:
        return None
    kind = type(target)
    if kind.get_db_prep_save is not Field.get_db_prep_save or kind.get_db_prep_value not in STANDARD_DB_PREP:
        return None
    return STORED_AS_IS.get(kind.get_prep_value)


def _converter(field):
    """``field.get_db_prep_save``, or what it does without its avoidable per-value cost: a stream
    field asks a new JSONField of its own for each value (``StreamField.json_field``), so the one
    built here does that part for every value."""
    kind = type(field)
    if (
        isinstance(field, StreamField)
        and kind.get_db_prep_save is Field.get_db_prep_save
        and kind.get_db_prep_value is StreamField.get_db_prep_value
    ):
        json_field = field.json_field

        def convert(raw, connection):
            return json_field.get_db_prep_value(field.get_prep_value(raw), connection=connection, prepared=True)

        return convert
    return field.get_db_prep_save


def _column_value(field):
    """A function giving the value ``field`` stores for an object, as ``bulk_create`` converts it
    (``get_db_prep_save``), skipping the conversion of values that already have the column's type,
    and converting a value the objects share (the one time of an import's records) once in a row."""
    attname, stored_type, convert = field.attname, _stored_type(field), _converter(field)
    # An empty value is stored as NULL by every column but JSON's (which may keep a JSON null).
    as_is = () if isinstance(field, models.JSONField) else (type(None),)
    if stored_type:
        as_is += (stored_type,)
    last = [object(), None]  # the value converted last, and what it became

    def value(obj):
        raw = getattr(obj, attname)
        if type(raw) in as_is:
            return raw
        if raw is not last[0]:
            last[:] = raw, _as_written(convert(raw, connection))
        return last[1]

    return value


def _as_written(value):
    """A converted value as the rows carry it: on PostgreSQL a JSON value is wrapped for the driver,
    which encodes it again at every row it is written in; its text is written the same (COPY reads
    a JSON column from text), and a value the rows share is then encoded once."""
    if isinstance(value, POSTGRES_JSON) and value.dumps is not None:
        return value.dumps(value.obj)
    return value


def prepare_for_insert(model, objects):
    """Give new objects their ids (``reserve_ids``) and what their fields set on saving (``pre_save``:
    the time of creation, for one), as ``save()`` would before writing them."""
    pk = model._meta.pk
    for obj, new_id in zip(objects, reserve_ids(model, len(objects)), strict=True):
        setattr(obj, pk.attname, new_id)
    for field in model._meta.concrete_fields:
        if type(field).pre_save is not Field.pre_save:
            for obj in objects:
                setattr(obj, field.attname, field.pre_save(obj, True))


def insert_objects(model, objects, prepared=False):
    """Insert new, unsaved instances of ``model`` (no multi-table inheritance) and set their ids.

    Writes what ``bulk_create`` writes, column for column (``tests/core/test_insert_objects.py``),
    without its per-value compiler work and its SQLite batches of 999 parameters (about twenty
    people a statement): the objects are prepared first (``prepare_for_insert``, unless the caller
    did: ``prepared``), then the rows go in by COPY on PostgreSQL and one prepared INSERT run for
    every row on SQLite. No signals are sent. Inside a transaction only.
    """
    if not objects:
        return
    if not prepared:
        prepare_for_insert(model, objects)
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    values = [_column_value(f) for f in fields]
    insert_rows(model, [f.column for f in fields], [tuple(value(obj) for value in values) for obj in objects])
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def set_draft_state(objects, publish, at):
    """What ``publish()`` sets on a record published at ``at``, or what a new draft has; before they are saved."""
    for obj in objects:
        obj.live = publish
        obj.has_unpublished_changes = not publish
        if publish:
            obj.first_published_at = obj.last_published_at = at


def _as_text(field):
    """``field.value_to_string`` for a revision, given the field's value: a stream field's own
    builds a JSONField for each value only to read its encoder, so the encoder is read here once."""
    if isinstance(field, StreamField) and type(field).value_to_string is StreamField.value_to_string:
        encoder = field.json_field.encoder
        return lambda value, obj: json.dumps(field.get_prep_value(value), cls=encoder)
    return lambda value, obj: field.value_to_string(obj)


class RevisionContent:
    """What ``serializable_data()`` gives for a new record, built without its per-field overhead.

    The record's own fields (its key as ``pk``, foreign keys as ids, any other value that is
    not plain, such as a stream, as its field's text) and the ids of its many-to-many links,
    which must be set on the object in memory.
    """

    def __init__(self, model):
        fields = [(f, "pk" if f.primary_key else f.name) for f in model._meta.concrete_fields]
        fields = [(f, key) for f, key in fields if f.serialize or f.primary_key]
        self.plain = [(key, f.attname) for f, key in fields if f.is_relation or isinstance(f, PLAIN_FIELDS)]
        others = [(key, f) for f, key in fields if not (f.is_relation or isinstance(f, PLAIN_FIELDS))]
        # A value that records share (the empty life story of every person of a list) is written out
        # once: each entry keeps the value it last wrote and its text.
        self.other = [(key, f, _as_text(f), [object(), None]) for key, f in others]
        self.links = [f.name for f in get_all_child_m2m_relations(model) if f.serialize]

    def __call__(self, obj):
        content = {key: getattr(obj, attname) for key, attname in self.plain}
        for key, field, as_text, last in self.other:
            value = field.value_from_object(obj)
            if is_protected_type(value):
                content[key] = value
                continue
            if value is not last[0]:
                last[:] = value, as_text(value, obj)
            content[key] = last[1]
        for name in self.links:
            content[name] = [linked.pk for linked in getattr(obj, name).all()]
        return content


def create_with_revisions(model, objects, content, at, user=None, publish=False):
    """Insert new records with their first revision, as ``save()``, ``save_revision()`` (then
    ``publish()``) would write them; returns the revisions, in the records' order.

    ``content`` gives each record's revision content (a ``RevisionContent``); many-to-many links must
    already be set on the objects in memory. The ids of the records are reserved first, so that
    each revision is written knowing its record and each record knowing its revision: no row is
    written twice (an UPDATE of every new row would leave as many dead rows on PostgreSQL).
    """
    prepare_for_insert(model, objects)
    content_type, base_content_type = model.get_content_type(), model.get_base_content_type()
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(obj.pk),
            created_at=at,
            user=user,
            object_str=str(obj)[:OBJECT_STR_LENGTH],
            content=content(obj),
        )
        for obj in objects
    ]
    insert_objects(Revision, revisions)
    for obj, revision in zip(objects, revisions, strict=True):
        obj.latest_revision = revision
        if publish:
            obj.live_revision = revision
    insert_objects(model, objects, prepared=True)
    return revisions


def first_task(workflow):
    """The task a workflow starts on (specific), or None when it has no active task."""
    if workflow is None:
        return None
    task = Task.objects.filter(workflow_tasks__workflow=workflow, active=True)
    task = task.order_by("workflow_tasks__sort_order").first()
    return task.specific if task is not None else None


def starts_in_bulk(task):
    """Whether records can enter ``task`` in bulk: a task with its own kind of task state is left to Wagtail."""
    return task is not None and task.get_task_state_class() is TaskState


def start_workflows(workflow, task, objects, revisions, at, user=None):
    """What ``workflow.start()`` records for each record: a workflow state on its first task,
    the task state on the record's revision, and the 'workflow started' log entry.

    ``task`` is ``first_task(workflow)`` and must start in bulk (``starts_in_bulk``).
    """
    model = type(objects[0])
    content_type, base_content_type = model.get_content_type(), model.get_base_content_type()
    states = WorkflowState.objects.bulk_create(
        [
            WorkflowState(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(obj.pk),
                workflow=workflow,
                status=WorkflowState.STATUS_IN_PROGRESS,
                requested_by=user,
            )
            for obj in objects
        ]
    )
    task_states = TaskState.objects.bulk_create(
        [
            TaskState(workflow_state=state, revision=revision, task=task, status=TaskState.STATUS_IN_PROGRESS)
            for state, revision in zip(states, revisions, strict=True)
        ]
    )
    for state, task_state in zip(states, task_states, strict=True):
        state.current_task_state = task_state
    WorkflowState.objects.bulk_update(states, ["current_task_state"])
    log_entry = log_registry.get_log_model_for_model(model)
    log_entry.objects.bulk_create(
        [
            log_entry(
                content_type=content_type,
                object_id=str(obj.pk),
                label=str(obj)[:OBJECT_STR_LENGTH],
                action="wagtail.workflow.start",
                data={
                    "workflow": {
                        "id": workflow.pk,
                        "title": workflow.name,
                        "status": WorkflowState.STATUS_IN_PROGRESS,
                        "next": {"id": task.pk, "title": task.name},
                        "task_state_id": task_state.pk,
                    }
                },
                timestamp=at,
                user=user,
                revision=revision,
            )
            for obj, revision, task_state in zip(objects, revisions, task_states, strict=True)
        ]
    )
