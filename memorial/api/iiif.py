"""IIIF Presentation 3 manifests of public testimonies, for audio and video viewers.

One Canvas per recording that has a public copy (the copy, never the original, is what the
painting annotation plays), every public line of every transcript as a supplementing
annotation timed with ``#t=start,end``, and the index's chapters as Ranges. Everything comes
from ``recordings.public``, the same view of a testimony the page and its tracks show: a line
withheld today is left out altogether, not even its time is given. The manifest is built with
the ``iiif-prezi3`` models, so it is valid by construction.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from iiif_prezi3 import (
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    CanvasRef,
    Homepage,
    KeyValueString,
    Manifest,
    Provider,
    Range,
    TextualBody,
)

from memorial.core import ranged
from memorial.publication import gate
from memorial.recordings import public
from memorial.recordings.timecodes import format_clock
from memorial.testimonies.models import TestimonyPage

from . import identifiers

PROFILE = "http://iiif.io/api/presentation/3/context.json"
CONTENT_TYPE = f'application/ld+json;profile="{PROFILE}"'
# Languages a label may be given in: the site's; anything else is labelled "none", as IIIF asks.
LABEL_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _language(code):
    """A BCP 47 tag for a transcript's language ("other" is not one)."""
    return code if code and code != "other" else "und"


def _label_key(code):
    return code if code in LABEL_LANGUAGES else "none"


def _in_every_language(message):
    """A message in each of the site's languages, as IIIF's language map."""
    result = {}
    for code in sorted(LABEL_LANGUAGES):
        with translation.override(code):
            result[code] = [gettext(message)]
    return result


def _seconds(value):
    return f"{round(float(value), 3):g}"


def has_manifest(page):
    """Whether a testimony being rendered offers a manifest (the player's data, read once per render)."""
    return bool(public.playable(public.for_rendering(page)))


def public_testimony(page_id):
    """The testimony anyone may see, or None (hidden, missing or not a testimony)."""
    if not 0 < page_id < 2**31:  # beyond any page's id, and beyond what the database compares
        return None
    return gate.public_pages(TestimonyPage.objects.filter(pk=page_id)).select_related("locale").first()


def _page_labels(page):
    """The testimony's title in its own language and in each public translation."""
    labels = {_label_key(page.locale.language_code): [page.title]}
    for other in gate.public_translations(page):
        labels.setdefault(_label_key(other.locale.language_code), [other.title])
    return labels


def _chapter_labels(group, segment):
    """A chapter's title in every language whose index has a chapter at the same moment."""
    if segment.withheld:
        return {"none": [format_clock(segment.start)]}
    labels = {}
    for item in group.transcripts:
        for other in item.segments:
            if abs(other.start - segment.start) < 0.001 and not other.withheld:
                labels.setdefault(_label_key(other.language), [other.title])
    return labels or {"none": [format_clock(segment.start)]}


def _painting_body(group, request):
    recording, copy = group.recording, group.public_copy
    media = recording.media
    video = media.type == "video"
    body = {
        "id": identifiers.media_address(copy.file, request),
        "type": "Video" if video else "Sound",
        "format": ranged.content_type(copy.file.name),
        "duration": float(group.duration),
    }
    if video and media.width and media.height:
        body.update(width=media.width, height=media.height)
    return AnnotationBody(**body), video


def _canvas(group, number, base, request):
    canvas_id = f"{base}/canvas/{number}"
    body, video = _painting_body(group, request)
    canvas = Canvas(id=canvas_id, duration=float(group.duration))
    if video and group.recording.media.width and group.recording.media.height:
        canvas.width, canvas.height = group.recording.media.width, group.recording.media.height
    if group.recording.title:
        canvas.label = {"none": [group.recording.title]}
    canvas.items = [
        AnnotationPage(
            id=f"{canvas_id}/page",
            items=[Annotation(id=f"{canvas_id}/page/media", motivation="painting", body=body, target=canvas_id)],
        )
    ]
    pages = []
    for item in group.transcripts:
        language = _language(item.transcript.language)
        annotations = [
            Annotation(
                id=f"{canvas_id}/transcript/{item.pk}/cue/{cue.pk}",
                motivation="supplementing",
                body=TextualBody(
                    value=f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text,
                    format="text/plain",
                    language=language,
                ),
                target=f"{canvas_id}#t={_seconds(cue.start)},{_seconds(cue.end)}",
            )
            for cue in item.cues
            if not cue.withheld
        ]
        if annotations:
            pages.append(
                AnnotationPage(
                    id=f"{canvas_id}/transcript/{item.pk}",
                    label={_label_key(item.transcript.language): [item.transcript.get_language_display()]},
                    items=annotations,
                )
            )
    if pages:
        canvas.annotations = pages
    ranges = []
    segments = group.segments
    for index, segment in enumerate(segments):
        end = segments[index + 1].start if index + 1 < len(segments) else group.duration
        end = min(max(end, segment.start), group.duration)
        ranges.append(
            Range(
                id=f"{canvas_id}/chapter/{segment.pk}",
                label=_chapter_labels(group, segment),
                items=[CanvasRef(id=f"{canvas_id}#t={_seconds(segment.start)},{_seconds(end)}", type="Canvas")],
            )
        )
    return canvas, ranges


def build_manifest(page, request):
    """The manifest of a public testimony, or None when none of its recordings has a public copy."""
    base = identifiers.manifest_address(page, request).rsplit("/", 1)[0]
    groups = public.playable(public.for_testimony(page))
    if not groups:
        return None
    canvases, structures = [], []
    for number, group in enumerate(groups, start=1):
        canvas, ranges = _canvas(group, number, base, request)
        canvases.append(canvas)
        structures.extend(ranges)
    address = identifiers.page_address(page, request)
    site_name = {"none": [settings.WAGTAIL_SITE_NAME]}
    home = request.build_absolute_uri("/")
    manifest = Manifest(
        id=identifiers.manifest_address(page, request),
        label=_page_labels(page),
        items=canvases,
        homepage=[Homepage(id=address, type="Text", format="text/html", label=_page_labels(page))],
        provider=[
            Provider(
                id=home,
                type="Agent",
                label=site_name,
                homepage=[Homepage(id=home, type="Text", format="text/html", label=site_name)],
            )
        ],
        requiredStatement=KeyValueString(
            label=_in_every_language(gettext_noop("Attribution")),
            value={"none": [f"{settings.WAGTAIL_SITE_NAME}, {identifiers.permanent_address(page)}"]},
        ),
    )
    if page.summary:
        manifest.summary = {_label_key(page.locale.language_code): [page.summary]}
    if structures:
        manifest.structures = structures
    return manifest
