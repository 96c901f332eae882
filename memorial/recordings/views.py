"""Downloads: public transcripts, captions and chapters (withheld parts replaced), originals for Archivists."""

import hashlib

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from memorial.audit import services as audit
from memorial.audit.models import Action
from memorial.publication import gate

from . import public, redaction
from .models import MediaFile, Transcript

# Kept by caches but checked with the server on every use (a withdrawal or a new redaction counts at
# once); the ETag makes the check cheap when nothing changed.
PUBLIC_CACHE = "no-cache"


def _public_transcript(pk):
    transcript = get_object_or_404(Transcript.objects.select_related("testimony", "recording__media"), pk=pk)
    if not gate.page_is_public(transcript.testimony_id):
        raise Http404
    group = public.group_for_transcript(transcript)
    item = next(i for i in group.transcripts if i.pk == transcript.pk)
    return transcript, group, item


def _filename(transcript, extension):
    base = slugify(transcript.testimony.title)[:60] or "transcript"
    return f"{base}-{transcript.language}.{extension}"


def _text_response(request, body, content_type, filename=None, cache=PUBLIC_CACHE):
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Cache-Control"] = cache
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if cache != PUBLIC_CACHE:
        return response
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
def captions(request, pk):
    """The public captions track for the player (withheld text as [redacted])."""
    _transcript, _group, item = _public_transcript(pk)
    return _text_response(request, public.captions_vtt(item.cues), "text/vtt")


@require_safe
def chapters(request, pk):
    transcript, group, item = _public_transcript(pk)
    return _text_response(request, public.chapters_vtt(item.segments, group.duration), "text/vtt")


@require_safe
def download_vtt(request, pk):
    transcript, _group, item = _public_transcript(pk)
    return _text_response(request, public.captions_vtt(item.cues), "text/vtt", _filename(transcript, "vtt"))


@require_safe
def download_text(request, pk):
    transcript, _group, item = _public_transcript(pk)
    title = f"{transcript.testimony.title} ({transcript.get_language_display()})"
    return _text_response(request, public.plain_text(title, item.cues), "text/plain", _filename(transcript, "txt"))


@require_safe
def full_transcript(request, pk):
    """The unredacted transcript: Archivists only; anyone else gets a plain 404."""
    if not redaction.can_see_unredacted(request.user):
        raise Http404
    transcript = get_object_or_404(Transcript, pk=pk)
    audit.record(request.user, Action.FULL_TRANSCRIPT, transcript)
    return _text_response(
        request, public.full_vtt(transcript), "text/vtt", _filename(transcript, "full.vtt"), cache="private, no-store"
    )


@require_safe
def original(request, pk):
    """The original recording, unsilenced and with its metadata: Archivists only."""
    if not redaction.can_see_unredacted(request.user):
        raise Http404
    media = get_object_or_404(MediaFile, pk=pk)
    try:
        handle = media.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    audit.record(request.user, Action.ORIGINAL_RECORDING, media)
    response = FileResponse(handle, as_attachment=True, filename=media.filename)
    response["Cache-Control"] = "private, no-store"
    return response
