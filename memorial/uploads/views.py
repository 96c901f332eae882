"""Admin-only reading of sealed files: cleaned copies for the review groups, originals for Archivists."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

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
    return _serve(record.cleaned, f"cleaned-{record.pk}.{record.cleaned.name.rsplit('.', 1)[-1]}")


def original(request, pk):
    if not request.user.has_perm(ORIGINAL_PERMISSION):
        raise PermissionDenied
    record = get_object_or_404(SealedOriginal, pk=pk)
    return _serve(record.original, f"original-{record.pk}-{record.original_name}")
