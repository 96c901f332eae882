"""A full export of the demo and a public submission restores into an empty site that serves the same
public pages, the same files (SHA-256), the same restrictions, consent and redactions, and the same history."""

import hashlib
import re
import shutil

import bagit
import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.models.signals import post_migrate
from django.urls import reverse
from wagtail.models import (
    Page,
    PageLogEntry,
    PageViewRestriction,
    Revision,
    TaskState,
    WorkflowState,
)

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record
from memorial.moderation.setup import ensure_moderation_after_migrate
from memorial.preservation.bag import stores, walk_storage
from memorial.publication import gate
from memorial.recordings.models import Cue
from memorial.remembrance.models import NameKey, Remembrance, RemembranceIndexPage
from memorial.submissions import services
from memorial.submissions.models import Submission, SubmissionContact, SubmissionKind
from memorial.testimonies import models as testimonies
from memorial.uploads import pipeline
from tests.preservation.conftest import storage_roots
from tests.uploads import samples
from tests.utils import login_verified

VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="nonce" value="[^"]*"'),
]


def normalised(html):
    for pattern in VOLATILE:
        html = pattern.sub("", html)
    return html


def public_addresses():
    pages = [page.url for page in gate.public_pages(Page.objects.filter(depth__gt=1)).specific()]
    people = list(gate.public_records(Remembrance.objects.all()).order_by("pk")[:10])
    for index in gate.public_pages(RemembranceIndexPage.objects.all()):
        pages += [person.get_url_under(index) for person in people]
    return sorted(url for url in pages if url)


def public_site(client, hidden=()):
    cache.clear()
    result = {}
    for url in [*public_addresses(), *hidden]:
        response = client.get(url)
        result[url] = (response.status_code, normalised(response.content.decode()))
    return result


def stored_files():
    found = {}
    for store, storage in stores().items():
        for name in walk_storage(storage):
            with storage.open(name, "rb") as stream:
                found[(store, name)] = hashlib.sha256(stream.read()).hexdigest()
    return found


def history():
    """What the admin shows of who did what: revisions, workflows, log entries, consent and redactions."""
    return {
        "revisions": sorted(Revision.objects.values_list("pk", "object_id", "content_type__model", "created_at")),
        "workflow states": sorted(WorkflowState.objects.values_list("pk", "base_content_type__model", "status")),
        "task states": sorted(TaskState.objects.values_list("pk", "status", "task__name")),
        "page log": sorted(PageLogEntry.objects.values_list("pk", "action", "page_id", "timestamp")),
        "admin log": sorted(LogEntry.objects.values_list("pk", "object_id", "content_type__model")),
        "consent": sorted(
            ConsentRecord.objects.values_list("pk", "publication_level", "embargo_until", "withdrawn_at")
        ),
        "restrictions": sorted(PageViewRestriction.objects.values_list("page_id", "restriction_type")),
        "redactions": sorted(Cue.objects.values_list("pk", "redacted", "redacted_spans", "sealed_until")),
        "submissions": sorted(Submission.objects.values_list("reference", "withdrawn_at", "testimony_id")),
        "contacts": sorted(SubmissionContact.objects.values_list("pk", "email")),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "tree": sorted(Page.objects.values_list("pk", "path", "depth", "numchild", "content_type__model", "live")),
        "name keys": NameKey.objects.count(),
    }


def submit_testimony():
    files = [pipeline.process(SimpleUploadedFile("IMG_0001.jpg", samples.gps_jpeg()))]
    try:
        return services.create(
            SubmissionKind.TESTIMONY,
            {
                "nonce": "round-trip-nonce-0001",
                "title": "The night at the mill",
                "story": "We waited until morning.",
                "witness_name": "A Witness",
                "witness_relation": "survivor",
                "language": "en",
                "publication_level": PublicationLevel.PUBLIC,
                "contact_name": "Contact Person",
                "contact_email": "contact@example.org",
            },
            files,
            "en",
        )
    finally:
        for processed in files:
            processed.cleanup()


def hide_two_testimonies():
    """A testimony behind a login and one whose consent says archive only: the restore keeps them hidden."""
    restricted, archive_only = (
        testimonies.TestimonyPage.objects.live().filter(locale__language_code="en").order_by("pk")[:2]
    )
    hidden = [restricted.url, archive_only.url]
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    consent = ConsentRecord.objects.create(
        testimony=archive_only, given_by="the witness", publication_level=PublicationLevel.ARCHIVE_ONLY
    )
    apply_record(consent)
    return hidden


def move_files_aside(target):
    """Empty the storages (as on a new server), keeping what other tests left to put it back after."""
    moved = []
    for number, root in enumerate(storage_roots()):
        if not root.exists():
            continue
        for child in root.iterdir():
            destination = target / str(number) / child.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(child, destination)
            moved.append((destination, root / child.name))
    return moved


def empty_storages():
    for root in storage_roots():
        if root.exists():
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()


def new_database():
    """As a freshly migrated database: no rows but the content types and permissions, whose ids differ."""
    made_by_migrations = list(
        Permission.objects.values_list("content_type__app_label", "content_type__model", "codename", "name")
    )
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    ContentType.objects.create(app_label="elsewhere", model="shifted")  # ids unlike the exported ones
    ContentType.objects.clear_cache()
    # Every app's post_migrate (content types, permissions, Wagtail's own), but not the roles' set-up,
    # which needs the rows of the data migrations that a flush removed.
    moderation = apps.get_app_config("moderation")
    post_migrate.disconnect(sender=moderation, dispatch_uid="memorial_ensure_moderation")
    try:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    finally:
        post_migrate.connect(
            ensure_moderation_after_migrate, sender=moderation, dispatch_uid="memorial_ensure_moderation"
        )
    for app_label, model, codename, name in made_by_migrations:  # a few come from data migrations
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})


@pytest.fixture(autouse=True)
def _forget_the_restored_ids():
    """The restore gives content types other ids than the test database's own, which the next test
    reloads: nothing in this process may go on remembering the restored ones."""
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        # The test database as it was made, with its own content type ids, before the flush that follows.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False)
        connection.creation.deserialize_db_from_string(contents)
        # The rows came back with their own ids: new rows must be numbered after them (PostgreSQL's sequences).
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())
    cache.clear()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_and_a_submission_restore_into_an_empty_site(tmp_path, client, django_user_model):
    """Exported, validated, restored into a flushed database and empty storage: the same public site,
    the same files byte for byte, the same history in the admin."""
    moved = move_files_aside(tmp_path / "aside")
    try:
        call_command("load_demo", verbosity=0)
        submission = submit_testimony()
        assert submission.files.exists()
        hidden = hide_two_testimonies()
        before_site, before_files, before_history = public_site(client, hidden), stored_files(), history()
        assert len(before_site) >= 20
        assert all(status == (404 if url in hidden else 200) for url, (status, _html) in before_site.items())
        assert any(store == "sealed" for store, _name in before_files)

        bag_path = tmp_path / "bag"
        call_command("export_archive", str(bag_path), "--reason", "Moving the archive to a new server", verbosity=0)
        bag = bagit.Bag(str(bag_path))
        bag.validate()
        assert set(bag.algorithms) == {"sha256", "sha512"}
        assert bag.info["Export-Scope"] == "full" and bag.info["Private-Data"] == "yes"
        assert (bag_path.stat().st_mode & 0o777) == 0o700
        assert all((p.stat().st_mode & 0o077) == 0 for p in bag_path.rglob("*"))

        new_database()
        empty_storages()
        call_command("import_archive", str(bag_path), verbosity=0)

        assert stored_files() == before_files
        assert history() == before_history
        assert public_site(client, hidden) == before_site
        admin = django_user_model.objects.get(username="admin")
        login_verified(client, admin)
        page = Page.objects.get(pk=submission.testimony_id)
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
        assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    finally:
        empty_storages()
        for source, destination in moved:
            shutil.move(source, destination)
