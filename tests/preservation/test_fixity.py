"""Fixity: every original is re-hashed against the SHA-256 it had when it arrived."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from memorial.core.tasks import periodic_tasks
from memorial.preservation.fixity import run_fixity_check
from memorial.preservation.models import CheckResult, FileKind, FixityRecord, HashRecorded
from memorial.preservation.tasks import check_fixity_daily
from memorial.recordings.models import MediaFile
from memorial.uploads.models import SealedOriginal
from tests.moderation.helpers import user_in
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

SEALED_BYTES = b"%PDF-1.4 the original letter, as it arrived\n" * 20
RECORDING_BYTES = b"OggS not really audio, but bytes all the same" * 50


def make_sealed(content=SEALED_BYTES):
    field = SealedOriginal._meta.get_field("original")
    name = field.storage.save("originals/fixity-test.bin", ContentFile(content))
    return SealedOriginal.objects.create(
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        kind="document",
        mime_type="application/pdf",
        original_name="letter.pdf",
        original=name,
    )


def make_media(content=RECORDING_BYTES):
    media = MediaFile(title="Session one", type="audio", duration=12)
    media.file.save("session.opus", ContentFile(content), save=False)
    media.save()
    return media


def flip_first_byte(field_file):
    path = field_file.storage.path(field_file.name)
    with open(path, "r+b") as stream:
        first = stream.read(1)
        stream.seek(0)
        stream.write(bytes([first[0] ^ 0xFF]))


def test_a_recording_original_gets_its_hash_when_it_arrives():
    """A recording's original has its SHA-256 recorded when saved, before any check runs."""
    media = make_media()
    record = FixityRecord.objects.get(kind=FileKind.RECORDING_ORIGINAL, object_id=media.pk)
    assert record.sha256 == hashlib.sha256(RECORDING_BYTES).hexdigest()
    assert record.recorded == HashRecorded.AT_INGEST
    assert record.last_checked_at is None


def test_unchanged_originals_pass_and_each_check_is_recorded():
    """Every original is checked; each record says when, and that it was unchanged."""
    sealed, media = make_sealed(), make_media()
    report = run_fixity_check()
    assert report.ok and report.checked >= 2
    for kind, pk in ((FileKind.SEALED_ORIGINAL, sealed.pk), (FileKind.RECORDING_ORIGINAL, media.pk)):
        record = FixityRecord.objects.get(kind=kind, object_id=pk)
        assert record.last_result == CheckResult.OK
        assert record.last_checked_at is not None
    call_command("check_fixity", verbosity=0)


def test_one_flipped_byte_in_a_sealed_original_fails_the_command_and_names_the_file(capsys):
    """One changed byte in a sealed original: non-zero exit, and the file named."""
    sealed = make_sealed()
    make_media()
    flip_first_byte(sealed.original)
    with pytest.raises(CommandError):
        call_command("check_fixity")
    errors = capsys.readouterr().err
    assert "CHANGED" in errors and sealed.original.name in errors
    record = FixityRecord.objects.get(kind=FileKind.SEALED_ORIGINAL, object_id=sealed.pk)
    assert record.last_result == CheckResult.CHANGED
    assert record.found_sha256 != record.sha256 == sealed.sha256


def test_a_changed_recording_original_is_named():
    """A recording original changed after it arrived fails against the hash recorded then."""
    media = make_media()
    flip_first_byte(media.file)
    report = run_fixity_check()
    assert [(p.kind, p.name, p.result) for p in report.problems] == [
        (FileKind.RECORDING_ORIGINAL, media.file.name, CheckResult.CHANGED)
    ]


def test_a_missing_file_is_reported(capsys):
    """A sealed original whose file is gone is reported missing, by name, with a non-zero exit."""
    sealed = make_sealed()
    sealed.original.storage.delete(sealed.original.name)
    with pytest.raises(CommandError):
        call_command("check_fixity")
    errors = capsys.readouterr().err
    assert "MISSING" in errors and sealed.original.name in errors
    assert FixityRecord.objects.get(object_id=sealed.pk, kind=FileKind.SEALED_ORIGINAL).last_result == "missing"


def test_an_original_older_than_fixity_gets_its_hash_at_its_first_check():
    """A recording original with no recorded hash is hashed at its first check, which the record says."""
    media = make_media()
    FixityRecord.objects.all().delete()
    assert run_fixity_check().ok
    record = FixityRecord.objects.get(kind=FileKind.RECORDING_ORIGINAL, object_id=media.pk)
    assert record.recorded == HashRecorded.AT_FIRST_CHECK
    assert record.sha256 == hashlib.sha256(RECORDING_BYTES).hexdigest()
    flip_first_byte(media.file)
    assert not run_fixity_check().ok


def test_records_of_deleted_originals_are_dropped():
    """An original deleted from the archive leaves no record to check."""
    sealed = make_sealed()
    run_fixity_check()
    sealed.delete_files()
    sealed.delete()
    run_fixity_check()
    assert not FixityRecord.objects.filter(kind=FileKind.SEALED_ORIGINAL, object_id=sealed.pk).exists()


def test_the_results_are_listed_for_archivists_only_and_never_edited(client, django_user_model):
    """Archivists see the fixity listing; Moderators and Editors do not; nobody adds or edits results."""
    sealed = make_sealed()
    flip_first_byte(sealed.original)
    run_fixity_check()
    listing = reverse("wagtailsnippets_preservation_fixityrecord:list")
    for role, allowed in (("Moderators", False), ("Editors", False), ("Archivists", True)):
        login_verified(client, user_in(django_user_model, role))
        response = client.get(listing)
        assert (response.status_code == 200) is allowed, role
        if allowed:
            assert sealed.original.name in response.content.decode()
    login_verified(client, django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16))
    record = FixityRecord.objects.get(kind=FileKind.SEALED_ORIGINAL, object_id=sealed.pk)
    assert client.get(reverse("wagtailsnippets_preservation_fixityrecord:add")).status_code != 200
    assert client.get(reverse("wagtailsnippets_preservation_fixityrecord:edit", args=[record.pk])).status_code != 200


def test_the_check_runs_daily_as_a_background_task_that_fails_naming_the_file():
    """The worker's daily task is this check: it passes on intact files and fails naming a changed one."""
    assert periodic_tasks()[check_fixity_daily.module_path][1] == timedelta(days=1)
    sealed = make_sealed()
    assert check_fixity_daily.call() >= 1
    flip_first_byte(sealed.original)
    with pytest.raises(RuntimeError, match=re.escape(sealed.original.name)):
        check_fixity_daily.call()
