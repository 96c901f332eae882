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

from django.db import connection, models
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.encoding import is_protected_type
from modelcluster.models import get_all_child_m2m_relations
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision, Task, TaskState, WorkflowState

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


def insert_rows(model, columns, rows):
    """Plain multi-row INSERTs, for rows that are many and need no model instances (keys, links)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (names from model metadata)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def set_draft_state(objects, publish, at):
    """What ``publish()`` sets on a record published at ``at``, or what a new draft has; before they are saved."""
    for obj in objects:
        obj.live = publish
        obj.has_unpublished_changes = not publish
        if publish:
            obj.first_published_at = obj.last_published_at = at


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
        self.other = [(key, f) for f, key in fields if not (f.is_relation or isinstance(f, PLAIN_FIELDS))]
        self.links = [f.name for f in get_all_child_m2m_relations(model) if f.serialize]

    def __call__(self, obj):
        content = {key: getattr(obj, attname) for key, attname in self.plain}
        for key, field in self.other:
            value = field.value_from_object(obj)
            content[key] = value if is_protected_type(value) else field.value_to_string(obj)
        for name in self.links:
            content[name] = [linked.pk for linked in getattr(obj, name).all()]
        return content


def save_revisions(model, objects, content, at, user=None, publish=False):
    """One revision per saved record, as ``save_revision()`` (then ``publish()``) would write it.

    ``content`` gives each record's revision content (a ``RevisionContent``). Each record's
    latest revision (and its live one when published) then points to it, in one UPDATE: a
    CASE per row, as ``bulk_update`` writes it, is far slower at this size.
    """
    content_type, base_content_type = model.get_content_type(), model.get_base_content_type()
    revisions = Revision.objects.bulk_create(
        [
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
    )
    latest = Subquery(
        Revision.objects.filter(
            base_content_type=base_content_type, object_id=Cast(OuterRef("pk"), output_field=CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    links = {"latest_revision": latest, **({"live_revision": latest} if publish else {})}
    model.objects.filter(pk__in=[obj.pk for obj in objects]).update(**links)
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
