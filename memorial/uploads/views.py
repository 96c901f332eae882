"""Admin-only reading of sealed files: cleaned copies and held files for the review groups, originals for Archivists."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from memorial.audit import services as audit
from memorial.audit.forms import ask_reason
from memorial.audit.models import Action

from . import held
from .models import SealedOriginal

REVIEW_PERMISSION = "uploads.view_sealedoriginal"
ORIGINAL_PERMISSION = "uploads.read_sealed_original"


def _serve(field_file, name):
    if not field_file:
        raise Http404
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def cleaned_copy(request, pk):
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    record = get_object_or_404(SealedOriginal, pk=pk)
    if not record.cleaned:
        raise Http404
    audit.record(request.user, Action.CLEANED_COPY, record)
    return _serve(record.cleaned, f"cleaned-{record.pk}.{record.cleaned.name.rsplit('.', 1)[-1]}")


def original(request, pk):
    """The sealed original, with its metadata: asked for with a reason, which the record keeps."""
    if not request.user.has_perm(ORIGINAL_PERMISSION):
        raise PermissionDenied
    record = get_object_or_404(SealedOriginal, pk=pk)
    if not record.original:
        raise Http404
    reason, question = ask_reason(
        request,
        title=_("Read a sealed original"),
        subject=record.original_name,
        action_label=_("Download the original"),
    )
    if question is not None:
        return question
    audit.record(request.user, Action.SEALED_ORIGINAL, record, reason=reason)
    return _serve(record.original, f"original-{record.pk}-{record.original_name}")


def held_file(request, kind, pk):
    """An image or document in the held collection, for the reviewers who must check it."""
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    if kind == "image":
        model = get_image_model()
    elif kind == "document":
        model = get_document_model()
    else:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    if not held.is_held(item):
        raise Http404
    try:
        handle = held.open_held(item)
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit.record(request.user, Action.HELD_FILE, item)
    response = FileResponse(
        handle, as_attachment=True, filename=f"held-{kind}-{item.pk}.{item.file.name.rsplit('.', 1)[-1]}"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
