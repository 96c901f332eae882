"""A public submission that fails after its files were sealed leaves nothing: no file, no record, no draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.remembrance.models import Fate, Remembrance
from memorial.submissions import services
from memorial.submissions.models import Submission, SubmissionContact, SubmissionKind
from memorial.testimonies import models as testimony_models
from memorial.uploads import pipeline
from memorial.uploads.models import SealedOriginal
from tests.uploads import samples

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def boom(*args, **kwargs):
    raise Boom


def processed_files():
    return [
        pipeline.process(SimpleUploadedFile("IMG_0001.jpg", samples.gps_jpeg())),
        pipeline.process(SimpleUploadedFile("scan.png", samples.tagged_png())),
    ]


def data_for_testimony(nonce):
    return {
        "nonce": nonce,
        "title": "Qzfailing night at the mill",
        "story": "We waited until morning.",
        "witness_name": "Real Witness Name",
        "witness_relation": "survivor",
        "language": "en",
        "publication_level": PublicationLevel.PUBLIC,
        "contact_name": "Contact Person",
        "contact_email": "contact@example.org",
    }


def data_for_person(nonce):
    return {
        "nonce": nonce,
        "name_latin": "Qzfailing Hamwi",
        "fate": Fate.KILLED,
        "publication_level": PublicationLevel.PUBLIC,
        "contact_name": "Contact Person",
    }


def fail_after_the_testimony_files(monkeypatch):
    monkeypatch.setattr(services, "apply_consent_to", boom)


def fail_at_the_testimony_workflow(monkeypatch):
    monkeypatch.setattr(testimony_models.TestimonyPage, "get_workflow", boom)


def fail_at_the_remembrance_workflow(monkeypatch):
    monkeypatch.setattr(Remembrance, "get_workflow", boom)


def fail_at_the_second_file(monkeypatch):
    calls = []
    real = pipeline.ProcessedUpload.cleaned_sha256

    def second_fails(self):
        calls.append(self)
        if len(calls) > 1:
            raise Boom
        return real(self)

    monkeypatch.setattr(pipeline.ProcessedUpload, "cleaned_sha256", second_fails)


@pytest.mark.parametrize(
    ("kind", "make_data", "fail"),
    [
        (SubmissionKind.TESTIMONY, data_for_testimony, fail_after_the_testimony_files),
        (SubmissionKind.TESTIMONY, data_for_testimony, fail_at_the_testimony_workflow),
        (SubmissionKind.TESTIMONY, data_for_testimony, fail_at_the_second_file),
        (SubmissionKind.REMEMBRANCE, data_for_person, fail_at_the_remembrance_workflow),
        (SubmissionKind.REMEMBRANCE, data_for_person, fail_at_the_second_file),
    ],
    ids=["testimony-consent", "testimony-workflow", "testimony-second-file", "person-workflow", "person-second-file"],
)
def test_a_failure_after_sealing_leaves_no_file_and_no_row(
    site_tree, monkeypatch, storage_roots, file_snapshot, kind, make_data, fail
):
    """When any step after the files were sealed fails, the sealed files and every row made are gone."""
    files = processed_files()
    sealed_calls = []
    real_seal = services._seal_files

    def counting_seal(*args, **kwargs):
        sealed_calls.append(args)
        return real_seal(*args, **kwargs)

    monkeypatch.setattr(services, "_seal_files", counting_seal)
    fail(monkeypatch)
    snapshot = file_snapshot()
    try:
        with pytest.raises(Boom):
            services.create(kind, make_data("qz-nonce-0001"), files, "en")
    finally:
        for processed in files:
            processed.cleanup()
    assert sealed_calls, "the failure must come after the files were being sealed"
    assert snapshot.new_files() == []
    assert not SealedOriginal.objects.exists()
    assert not Submission.objects.exists()
    assert not SubmissionContact.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not testimony_models.TestimonyPage.objects.filter(title__startswith="Qzfailing").exists()
    assert not Remembrance.objects.filter(name_latin__startswith="Qzfailing").exists()


def test_the_control_succeeds_and_seals_its_files(site_tree, storage_roots, file_snapshot):
    """Without a failure the same submission seals both files (so the test above proves something)."""
    files = processed_files()
    snapshot = file_snapshot()
    try:
        submission = services.create(SubmissionKind.TESTIMONY, data_for_testimony("qz-nonce-0002"), files, "en")
    finally:
        for processed in files:
            processed.cleanup()
    assert submission.files.count() == 2
    assert len(snapshot.new_files(storage_roots[1])) == 4  # two originals, two cleaned copies
    for record in submission.files.all():
        record.delete_files()
