"""Export the archive as a BagIt bag: every record as JSON lines and every file, or the public part.

A full export is everything needed to restore the archive elsewhere (``restore.py``): every row of
every table and every file of the public media and the sealed storage. It holds private data
(contacts, sealed originals, unpublished and restricted records, users), so the bag is written
owner-only and says so. A public export holds only what the publication gate lets anyone see:
public pages as the public sees them, public people, public transcripts (withheld text removed) and
the files the gate lets anyone fetch; it is for sharing and cannot be restored.
"""

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, Site

from memorial.publication import gate
from memorial.recordings import public as recordings_public
from memorial.recordings.models import Transcript
from memorial.remembrance.models import Remembrance
from memorial.testimonies.models import TestimonyPage

from . import records
from .bag import BagBuilder, copy_out, stores, walk_storage

FORMAT = "memorial-archive"
FORMAT_VERSION = 1
FULL, PUBLIC = "full", "public"
ARCHIVE_FILE = "archive.json"

PRIVATE_NOTICE = (
    "This export holds private data (contact details, sealed originals, unpublished, restricted and withdrawn "
    "records, user accounts). It is written for its owner only (folders 0700, files 0600): keep it that way, "
    "and store and move it as the archive itself."
)
PUBLIC_NOTICE = "This export holds only what the publication gate lets anyone see now; it cannot be restored."

# A person's public fields: what the public page of a person shows.
PERSON_FIELDS = [
    "name_ar",
    "name_latin",
    "name_variants",
    "birth_date",
    "birth_date_precision",
    "death_date",
    "death_date_precision",
    "age",
    "fate",
    "circumstances",
]


@dataclass
class ExportResult:
    path: Path
    scope: str
    counts: dict = field(default_factory=dict)
    files: int = 0

    @property
    def private(self):
        return self.scope == FULL


def software_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as stream:
            version = tomllib.load(stream)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        version = "unknown"
    return f"memorial {version} (Django {django.get_version()}, Wagtail {wagtail.__version__})"


def _source():
    return {"name": settings.WAGTAIL_SITE_NAME, "url": settings.WAGTAILADMIN_BASE_URL}


def _write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(data, stream, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1, sort_keys=True)


def _bag_info(result, created):
    counts = [f"{label} {count}" for label, count in sorted(result.counts.items()) if count]
    return {
        "Source-Organization": settings.WAGTAIL_SITE_NAME,
        "Source-URL": settings.WAGTAILADMIN_BASE_URL,
        "Export-Date": created,
        "Export-Scope": result.scope,
        "Private-Data": "yes" if result.private else "no",
        "External-Description": PRIVATE_NOTICE if result.private else PUBLIC_NOTICE,
        "Software-Version": software_version(),
        "Record-Count": counts or ["none 0"],
        "File-Count": str(result.files),
    }


def _transcript_path(testimony_id, transcript):
    return f"transcripts/{testimony_id}/{transcript.pk}-{transcript.language}.vtt"


def _write_text(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- full -----------------------------------------------------------------------------------------


def _export_full(builder, result):
    models = records.exported_models()
    for model in models:
        path = builder.path(f"records/{records.file_name(model)}")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as stream:
            result.counts[model._meta.label_lower] = records.dump_rows(model._base_manager.all(), stream)
    files = []
    for store, storage in stores().items():
        for name in walk_storage(storage):
            copy_out(storage, name, builder.path(f"files/{store}/{name}"))
            files.append({"store": store, "name": name})
    # The transcripts as WebVTT, for any reader; the restore reads their rows, which keep what is withheld.
    for transcript in Transcript.objects.prefetch_related("cues").order_by("pk").iterator(chunk_size=100):
        text = recordings_public.full_vtt(transcript)
        _write_text(builder.path(_transcript_path(transcript.testimony_id, transcript)), text)
    return [m._meta.label_lower for m in models], files


# --- public ---------------------------------------------------------------------------------------


def _page_html(client, page):
    url = page.get_url()
    if not url:
        return ""
    response = client.get(url, secure=url.startswith("https") or settings.SECURE_SSL_REDIRECT)
    return response.content.decode("utf-8", "replace") if response.status_code == 200 else ""


def _export_public(builder, result):
    site = Site.objects.filter(is_default_site=True).first()
    client = Client(HTTP_HOST=site.hostname if site else "localhost")
    pages = gate.public_pages(Page.objects.filter(depth__gt=1)).specific().order_by("path")
    rows = []
    for page in pages:
        rows.append(
            {
                "id": page.pk,
                "type": page.specific_class._meta.label_lower if page.specific_class else "",
                "language": page.locale.language_code,
                "translation_key": page.translation_key,
                "title": page.title,
                "slug": page.slug,
                "url": page.get_full_url(),
                "search_description": page.search_description,
                "first_published_at": page.first_published_at,
                "last_published_at": page.last_published_at,
                "html": _page_html(client, page),
            }
        )
    _write_json(builder.path("public/pages.json"), rows)
    result.counts["pages"] = len(rows)

    people = []
    for person in gate.public_records(Remembrance.objects.select_related("place")).order_by("pk"):
        row = {"id": person.pk, **{name: getattr(person, name) for name in PERSON_FIELDS}}
        row["place"] = str(person.place) if person.place_id else ""
        people.append(row)
    _write_json(builder.path("public/people.json"), people)
    result.counts["people"] = len(people)

    transcripts = 0
    for testimony in gate.public_pages(TestimonyPage.objects.all()).order_by("pk"):
        for group in recordings_public.for_testimony(testimony):
            for item in group.transcripts:
                text = recordings_public.captions_vtt(item.cues)
                _write_text(builder.path(_transcript_path(testimony.pk, item.transcript)), text)
                transcripts += 1
    result.counts["transcripts"] = transcripts

    files = []
    media = stores()["media"]
    for name in walk_storage(media):
        if gate.file_is_public(name):
            copy_out(media, name, builder.path(f"files/media/{name}"))
            files.append({"store": "media", "name": name})
    return [], files


def export_archive(dest, public_only=False):
    """Write the archive (or its public part) as a BagIt bag at ``dest``; nothing is left there on failure."""
    builder = BagBuilder(dest)
    result = ExportResult(path=builder.dest, scope=PUBLIC if public_only else FULL)
    created = timezone.now().isoformat()
    try:
        models, files = (_export_public if public_only else _export_full)(builder, result)
        result.files = len(files)
        _write_json(
            builder.path(ARCHIVE_FILE),
            {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "scope": result.scope,
                "created": created,
                "source": _source(),
                "software": software_version(),
                "private": result.private,
                "models": models,
                "counts": result.counts,
                "files": files,
            },
        )
        builder.finish(_bag_info(result, created), private=result.private)
    except BaseException:
        builder.abandon()
        raise
    return result
