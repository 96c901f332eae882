"""Every row of the archive as JSON lines, and back again into another database.

Rows keep their primary keys (the page tree's ``path``, ``depth`` and ``numchild`` with them, so
the tree is restored exactly). What differs between two databases are the ids of content types
and permissions, which each database makes for itself: foreign keys to them are written as
natural keys (``["testimonies", "testimonypage"]``), and so are the content type ids that Wagtail
keeps inside a revision's JSON and a translation source's JSON, which no serializer sees.
"""

import datetime
import json
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

CHUNK = 500

# Not exported: each database makes its own content types, permissions and sessions; the search
# index is rebuilt from the restored rows; the task queue's results are not the archive's.
SKIPPED_APPS = {
    "contenttypes",
    "sessions",
    "wagtailsearch",
    "modelsearch",
    "django_tasks",
    "django_tasks_database",
    "django_rq",
}
SKIPPED_MODELS = {"auth.permission"}

# JSON held in a text or JSON column that carries a content type id: (model label, field, is text).
_EMBEDDED_CONTENT_TYPES = {
    "wagtailcore.revision": ("content", False),
    "wagtail_localize.translationsource": ("content_json", True),
}


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a restore keeps every microsecond of a timestamp."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def exported_models():
    """Every concrete model with rows of its own, in an order where what is referred to comes first."""
    app_list = []
    for config in apps.get_app_configs():
        if config.label in SKIPPED_APPS:
            continue
        models = [
            model
            for model in config.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and not model._meta.auto_created
            and model._meta.label_lower not in SKIPPED_MODELS
        ]
        if models:
            app_list.append((config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def file_name(model):
    return f"{model._meta.label_lower}.jsonl"


def _content_type_key(value):
    if isinstance(value, int):
        content_type = ContentType.objects.get_for_id(value)
        return [content_type.app_label, content_type.model]
    return value


def _content_type_id(value):
    if isinstance(value, list) and len(value) == 2:
        return ContentType.objects.get_by_natural_key(*value).pk
    return value


def _rewrite_embedded(label, fields, convert):
    spec = _EMBEDDED_CONTENT_TYPES.get(label)
    if spec is None:
        return
    name, is_text = spec
    value = fields.get(name)
    data = json.loads(value) if is_text and value else value
    if not isinstance(data, dict) or "content_type" not in data:
        return
    data["content_type"] = convert(data["content_type"])
    fields[name] = json.dumps(data, cls=ExactJSONEncoder) if is_text else data


def dump_rows(queryset, stream, transform=None):
    """Write a queryset's rows as JSON lines; returns how many. ``transform(dict)`` may edit or drop a row."""
    label = queryset.model._meta.label_lower
    count = 0
    batch = []

    def flush():
        nonlocal count
        for row in serializers.serialize("python", batch, use_natural_foreign_keys=True):
            _rewrite_embedded(label, row["fields"], _content_type_key)
            if transform is not None and (row := transform(row)) is None:
                continue
            stream.write(json.dumps(row, cls=ExactJSONEncoder, ensure_ascii=False, sort_keys=True))
            stream.write("\n")
            count += 1
        batch.clear()

    for obj in queryset.order_by("pk").iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) >= CHUNK:
            flush()
    flush()
    return count


@dataclass
class Loaded:
    rows: int
    deferred: list


def load_rows(stream, using):
    """Save the rows of one JSON-lines file as they are (raw: no model's save() runs again)."""
    rows, deferred, batch = 0, [], []

    def flush():
        nonlocal rows
        for item in serializers.deserialize("python", batch, using=using, handle_forward_references=True):
            item.save(using=using)
            # modelcluster's many-to-many relations only reach the database when committed.
            for accessor in item.m2m_data or {}:
                manager = getattr(item.object, accessor)
                if hasattr(manager, "commit"):
                    manager.commit()
            if item.deferred_fields:
                deferred.append(item)
            rows += 1
        batch.clear()

    for line in stream:
        if not line.strip():
            continue
        row = json.loads(line)
        _rewrite_embedded(row.get("model", ""), row.get("fields", {}), _content_type_id)
        batch.append(row)
        if len(batch) >= CHUNK:
            flush()
    flush()
    return Loaded(rows, deferred)
