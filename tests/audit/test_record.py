"""The record of sensitive reads: one entry per read, who/what/why, append-only, a chain verify_audit checks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from memorial.audit import services
from memorial.audit.models import Action, AppendOnlyError, AuditEntry
from memorial.consent.models import ConsentRecord
from memorial.moderation import roles
from memorial.submissions.models import Submission
from memorial.uploads.models import SealedOriginal
from tests.moderation.helpers import user_in
from tests.recordings.conftest import make_recorded_testimony
from tests.submissions.test_public_submission import form_data
from tests.uploads import samples
from tests.utils import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, site_tree):
    """A public submission with contact details, a consent record and a sealed photograph."""
    photo = SimpleUploadedFile("IMG_0001.jpg", samples.gps_jpeg(), "image/jpeg")
    assert client.post(reverse("submissions:testimony"), {**form_data(client), "files": photo}).status_code == 302
    submission = Submission.objects.get()
    return submission


def entries(action=None):
    found = AuditEntry.objects.order_by("pk")
    return list(found.filter(action=action) if action else found)


def test_each_sensitive_read_leaves_exactly_one_entry(client, site_tree, submitted, django_user_model):
    """Contact details, a consent record, a cleaned copy, a sealed original, an unredacted transcript, an original
    recording and the names export: each read is one entry naming the reader, the thing read and the reason."""
    moderator = user_in(django_user_model, roles.MODERATORS)
    archivist = user_in(django_user_model, roles.ARCHIVISTS)
    editor = user_in(django_user_model, roles.EDITORS)
    contact = submitted.contact
    consent = ConsentRecord.objects.get(testimony=submitted.testimony)
    sealed = SealedOriginal.objects.get(submission=submitted)
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    assert entries() == []

    login_verified(client, moderator)
    listing = client.get(reverse("wagtailsnippets_submissions_submissioncontact:list"))
    assert listing.status_code == 200 and contact.email not in listing.content.decode()
    assert entries() == [], "the listing names submissions only, and is no read of anyone's details"
    shown = client.get(reverse("wagtailsnippets_submissions_submissioncontact:inspect", args=[contact.pk]))
    assert contact.email in shown.content.decode()
    refused = client.get(reverse("wagtailsnippets_submissions_submissioncontact:edit", args=[contact.pk]))
    assert refused.status_code == 302, "Moderators read contact details; they do not edit them"
    client.get(reverse("wagtailsnippets_consent_consentrecord:inspect", args=[consent.pk]))
    client.get(reverse("uploads_cleaned_copy", args=[sealed.pk]))
    assert [(e.actor, e.action) for e in entries()] == [
        (moderator.username, Action.CONTACT),
        (moderator.username, Action.CONSENT),
        (moderator.username, Action.CLEANED_COPY),
    ]
    assert entries()[0].object_id == str(contact.pk) and entries()[0].object_type == "submissions.submissioncontact"

    login_verified(client, archivist)
    client.get(reverse("wagtailsnippets_submissions_submissioncontact:inspect", args=[contact.pk]))
    asked = client.get(reverse("uploads_original", args=[sealed.pk]))
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    assert len(entries(Action.SEALED_ORIGINAL)) == 0, "asking for a reason reads nothing"
    assert client.post(reverse("uploads_original", args=[sealed.pk]), {"reason": "  "}).status_code == 200
    assert len(entries(Action.SEALED_ORIGINAL)) == 0, "an empty reason is refused"
    served = client.post(reverse("uploads_original", args=[sealed.pk]), {"reason": "Checking the place of the photo"})
    assert served.status_code == 200 and b"".join(served.streaming_content)
    client.get(reverse("recordings:full_transcript", args=[recorded.original.pk]))
    b"".join(client.get(reverse("recordings:original", args=[recorded.recording.media.pk])).streaming_content)

    login_verified(client, editor)
    client.post(reverse("remembrance_export"), {"reason": "A relative asked for the list"})

    found = entries()[3:]
    assert [(e.actor, e.action) for e in found] == [
        (archivist.username, Action.CONTACT),
        (archivist.username, Action.SEALED_ORIGINAL),
        (archivist.username, Action.FULL_TRANSCRIPT),
        (archivist.username, Action.ORIGINAL_RECORDING),
        (editor.username, Action.EXPORT),
    ]
    assert found[1].reason == "Checking the place of the photo"
    assert found[4].reason == "A relative asked for the list" and found[4].object_repr == "names CSV"
    assert services.verify() is None


def test_the_edit_screens_are_reads_too(admin_client, superuser, submitted):
    """The edit screen of contact details or of a consent record shows them: one entry each."""
    consent = ConsentRecord.objects.get(testimony=submitted.testimony)
    contact_edit = admin_client.get(
        reverse("wagtailsnippets_submissions_submissioncontact:edit", args=[submitted.contact.pk])
    )
    assert submitted.contact.email in contact_edit.content.decode()
    assert admin_client.get(reverse("wagtailsnippets_consent_consentrecord:edit", args=[consent.pk])).status_code == 200
    assert [(e.actor, e.action, e.object_id) for e in entries()] == [
        (superuser.username, Action.CONTACT, str(submitted.contact.pk)),
        (superuser.username, Action.CONSENT, str(consent.pk)),
    ]


def test_refused_reads_leave_no_entry(client, site_tree, submitted, django_user_model):
    """Someone who may not read gets nothing, and nothing is recorded as read."""
    contributor = user_in(django_user_model, roles.CONTRIBUTORS)
    sealed = SealedOriginal.objects.get(submission=submitted)
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    login_verified(client, contributor)
    client.get(reverse("wagtailsnippets_submissions_submissioncontact:inspect", args=[submitted.contact.pk]))
    client.post(reverse("uploads_original", args=[sealed.pk]), {"reason": "curious"})
    assert client.get(reverse("recordings:full_transcript", args=[recorded.original.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("recordings:original", args=[recorded.recording.media.pk])).status_code == 404
    assert entries() == []


def test_the_export_command_asks_why_and_is_recorded():
    with pytest.raises(CommandError):
        call_command("export_names", stdout=io.StringIO())
    assert entries() == []
    call_command("export_names", reason="Yearly copy for the partner library", stdout=io.StringIO())
    (entry,) = entries()
    assert entry.action == Action.EXPORT and entry.actor.startswith("export_names")
    assert entry.reason == "Yearly copy for the partner library"


def test_entries_cannot_be_changed_or_removed_from_the_application(django_user_model):
    user = user_in(django_user_model, roles.ARCHIVISTS)
    entry = services.record(user, Action.CONSENT, object_repr="consent 1")
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == ""


def test_administrators_read_the_record_with_filters_and_cannot_edit_it(admin_client, superuser, django_user_model):
    """Superusers list and filter the record; nobody (superusers neither) gets an add, edit or delete screen,
    and the other roles do not see it at all."""
    archivist = user_in(django_user_model, roles.ARCHIVISTS)
    services.record(archivist, Action.FULL_TRANSCRIPT, object_repr="Transcript Amberwick")
    services.record(archivist, Action.CONTACT, object_repr="Submission Quillfeather")
    entry = AuditEntry.objects.get(action=Action.CONTACT)
    listing = admin_client.get(reverse("audit:index"), {"action": Action.CONTACT})
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Quillfeather" in text and "Amberwick" not in text
    assert admin_client.get(reverse("audit:inspect", args=[entry.pk])).status_code == 200
    for name, args in (("audit:add", []), ("audit:edit", [entry.pk]), ("audit:delete", [entry.pk])):
        response = admin_client.post(reverse(name, args=args), {"reason": "rewritten"})
        assert response.status_code in {302, 403}, name
        if response.status_code == 302:
            assert response["Location"] != reverse("audit:index") or name == "audit:add"
    assert AuditEntry.objects.count() == 2 and AuditEntry.objects.get(pk=entry.pk).reason == ""
    login_verified(admin_client, archivist)
    assert admin_client.get(reverse("audit:index")).status_code in {302, 403}


def test_verify_audit_names_the_first_changed_entry(django_user_model):
    """Changing one entry's text in the database (outside the application) makes verify_audit fail and name it."""
    user = user_in(django_user_model, roles.ARCHIVISTS)
    made = [services.record(user, Action.CONTACT, object_repr=f"contact {n}") for n in range(4)]
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "4 entries" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["someone else", made[2].pk])
    with pytest.raises(CommandError, match=rf"entry {made[2].pk}\b"):
        call_command("verify_audit", stdout=io.StringIO())


def test_verify_audit_finds_a_removed_entry(django_user_model):
    user = user_in(django_user_model, roles.ARCHIVISTS)
    made = [services.record(user, Action.CONSENT, object_repr=f"consent {n}") for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [made[1].pk])
    with pytest.raises(CommandError, match=rf"entry {made[2].pk}\b"):
        call_command("verify_audit", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [made[2].pk])
    with pytest.raises(CommandError, match="last entry"):
        call_command("verify_audit", stdout=io.StringIO())


def test_no_address_is_ever_recorded(client, site_tree, submitted, django_user_model):
    """The record names staff, never a visitor: it has no field for an address, and a read made from a known
    address leaves that address nowhere in the entry."""
    field_names = {field.name for field in AuditEntry._meta.get_fields()}
    assert not {name for name in field_names if "ip" in name.split("_") or "address" in name}
    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    client.get(
        reverse("wagtailsnippets_submissions_submissioncontact:inspect", args=[submitted.contact.pk]),
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    (entry,) = entries()
    stored = " ".join(str(value) for value in AuditEntry.objects.values_list().get())
    assert "203.0.113.77" not in stored and "198.51.100.23" not in stored
    assert entry.actor == "moderators"
