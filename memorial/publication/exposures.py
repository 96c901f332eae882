"""Which images and documents public records show, read from their live content.

Rewritten by the lifecycle for every item an event touches: rows of a holder that is no longer
public are deleted, and a public holder's rows are read again from its live row and live child
rows (never from a draft revision). A holder that withholds identities (an anonymised testimony)
exposes no images.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from . import gate
from .models import ExposedKind, Exposure


def _kind_of(model):
    if issubclass(model, get_image_model()):
        return ExposedKind.IMAGE
    if issubclass(model, get_document_model()):
        return ExposedKind.DOCUMENT
    return None


def references(obj):
    """(kind, id) of every image and document the object's own fields and child rows point at."""
    found = set()
    for model_field in obj._meta.get_fields():
        if model_field.is_relation and model_field.many_to_one and model_field.concrete:
            kind = _kind_of(model_field.related_model) if model_field.related_model else None
            value = model_field.value_from_object(obj)
            if kind and value is not None:
                found.add((kind, int(value)))
        if hasattr(model_field, "extract_references") and getattr(model_field, "concrete", False):
            value = model_field.value_from_object(obj)
            if value is None:
                continue
            for model, object_id, _model_path, _content_path in model_field.extract_references(value):
                kind = _kind_of(model)
                if kind and str(object_id).isdigit():
                    found.add((kind, int(object_id)))
    if isinstance(obj, ClusterableModel):
        for relation in get_all_child_relations(obj):
            for child in getattr(obj, relation.get_accessor_name()).all():
                found |= references(child)
    return found


def exposed_by(obj):
    """What a public holder shows: its references, without images when it withholds identities."""
    found = references(obj)
    withheld = getattr(obj, "withholds_photographs", None)
    if callable(withheld) and withheld():
        found = {(kind, pk) for kind, pk in found if kind != ExposedKind.IMAGE}
    return found


def _holder_filter(content_type, pk):
    return Q(holder_type=content_type, holder_id=str(pk))


def _write(holder, content_type, public):
    Exposure.objects.filter(_holder_filter(content_type, holder.pk)).delete()
    if not public:
        return
    Exposure.objects.bulk_create(
        [
            Exposure(kind=kind, object_id=pk, holder_type=content_type, holder_id=str(holder.pk))
            for kind, pk in sorted(exposed_by(holder))
        ],
        ignore_conflicts=True,
    )


def refresh(page_ids=(), records=()):
    """Rewrite the exposures of these pages and records from what is public now."""
    page_ids = set(page_ids)
    if page_ids:
        page_type = ContentType.objects.get_for_model(Page)
        Exposure.objects.filter(holder_type=page_type, holder_id__in=[str(pk) for pk in page_ids]).delete()
        public = gate.public_pages(Page.objects.filter(pk__in=page_ids))
        for page in public.specific(defer=False):
            _write(page, page_type, True)
    for record in records:
        fresh = type(record)._default_manager.filter(pk=record.pk).first()
        content_type = ContentType.objects.get_for_model(type(record))
        if fresh is None:
            Exposure.objects.filter(_holder_filter(content_type, record.pk)).delete()
            continue
        _write(fresh, content_type, gate.is_public(fresh))


def refresh_all():
    """Rebuild every exposure from scratch (after an upgrade or a restore)."""
    Exposure.objects.all().delete()
    refresh(Page.objects.values_list("pk", flat=True))
    for model in list(gate._records):
        for record in gate.public_records(model._default_manager.all()).iterator():
            refresh(records=[record])
