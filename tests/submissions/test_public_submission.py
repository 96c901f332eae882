"""A public submission: a draft in the safety review, invisible, live only after both approvals."""

import hashlib
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from memorial.consent.models import ConsentRecord
from memorial.submissions.models import Submission, SubmissionContact
from memorial.testimonies import models as testimony_models
from memorial.uploads.models import SealedOriginal
from tests.moderation.helpers import CONFIRMATIONS, page_action, role_users
from tests.uploads import samples
from tests.utils import login_verified

UNIQUE = "Zephyrine-quokka-7731 walked past the mill"


def form_data(client, name="submissions:testimony", **overrides):
    html = client.get(reverse(name)).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    data = {
        "title": "The night at the mill",
        "story": f"{UNIQUE}.\n\nWe waited until morning.",
        "witness_name": "Real Witness Name",
        "witness_relation": "survivor",
        "language": "en",
        "publication_level": "public",
        "consent": "on",
        "contact_name": "Contact Person",
        "contact_email": "contact@example.org",
        "nonce": nonce,
    }
    data.update(overrides)
    return data


def public_text(client, site_tree, page=None):
    """Everything the public can read: the page, its index, home, search and the sitemap."""
    urls = [site_tree.home.url, site_tree.testimony_index.url, "/en/search/?q=Zephyrine-quokka-7731", "/sitemap.xml"]
    if page is not None:
        urls.append(f"/en/{site_tree.testimony_index.slug}/{page.slug}/")
    out = []
    for url in urls:
        response = client.get(url)
        # Only the page itself may be missing (404 while it is a draft); the listings always answer.
        assert response.status_code in ((200, 404) if page is not None and url == urls[-1] else (200,)), url
        out.append(response.content.decode())
    return "\n".join(out)


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


def test_gps_photo_submission_goes_through_both_reviews(client, site_tree, users, storage_roots, file_snapshot):
    """Sent with a GPS photo: a draft in the safety review, invisible; live after both approvals; no metadata public."""
    photo = samples.gps_jpeg()
    files = file_snapshot()
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("IMG_0001.jpg", photo, "image/jpeg")},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    page = submission.testimony
    assert not page.live and page.owner is None
    assert page.current_workflow_task.name == "Safety and consent review"
    sealed = SealedOriginal.objects.get(submission=submission)
    assert sealed.sha256 == hashlib.sha256(photo).hexdigest()
    with sealed.cleaned.open("rb") as fh:
        assert samples.metadata_left(fh.read()) == set()
    # The files are sealed: nothing in the public media folder yet.
    assert files.new_files(storage_roots[0]) == []
    assert files.new_files(storage_roots[1]), "the original and its cleaned copy are sealed"
    assert UNIQUE not in public_text(client, site_tree, page)
    assert "Contact Person" not in page.get_latest_revision().content.__str__()

    # Moderators were told; approve the safety review with every confirmation.
    assert any(users["Moderators"].email in m.to for m in mail.outbox)
    mail.outbox.clear()
    login_verified(client, users["Moderators"])
    page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Editorial approval"
    assert any(users["Editors"].email in m.to for m in mail.outbox)
    assert not page.live and UNIQUE not in public_text(client, site_tree, page)

    login_verified(client, users["Editors"])
    page_action(client, page, "approve")
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert UNIQUE in public_text(client, site_tree, page)
    public_files = files.new_files(storage_roots[0])
    assert public_files, "the cleaned photo is published with the testimony"
    for path in public_files:
        with open(path, "rb") as fh:
            data = fh.read()
        assert samples.metadata_left(data) == set(), path
        assert hashlib.sha256(data).hexdigest() != sealed.sha256
    sealed.refresh_from_db()
    assert sealed.status == "published"
    # The sender's contact details are never on the page.
    assert "Contact Person" not in public_text(client, site_tree, page)


def test_receipt_link_shows_status_and_withdraws(client, site_tree, users):
    """The secret link shows the reference and status, and withdrawing takes the testimony off the site."""
    response = client.post(reverse("submissions:testimony"), form_data(client))
    status_url = response["Location"]
    submission = Submission.objects.get()
    token = status_url.split("/status/")[1].split("/")[0]
    assert submission.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Submission.objects.values_list().get())
    page = client.get(status_url)
    assert submission.reference in page.content.decode()
    assert client.get(reverse("submissions:status", kwargs={"token": "0" * 64})).status_code == 404

    # Published first, then withdrawn by the sender.
    testimony = submission.testimony
    login_verified(client, users["Moderators"])
    page_action(client, testimony, "approve", {"comment": "", **CONFIRMATIONS})
    login_verified(client, users["Editors"])
    page_action(client, testimony_models.TestimonyPage.objects.get(pk=testimony.pk), "approve")
    client.logout()
    assert UNIQUE in public_text(client, site_tree, testimony)
    assert client.post(reverse("submissions:withdraw", kwargs={"token": token}), {}).status_code == 400
    response = client.post(reverse("submissions:withdraw", kwargs={"token": token}), {"confirm": "yes"})
    assert response.status_code == 302
    testimony.refresh_from_db()
    assert not testimony.live
    assert UNIQUE not in public_text(client, site_tree, testimony)
    consent = ConsentRecord.objects.get(testimony=testimony, withdrawn_at__isnull=False)
    assert consent.withdrawal_reason


def test_remembrance_submission_becomes_a_draft_in_source_verification(client, site_tree):
    """A remembered person arrives as a draft record in the verification of sources."""
    html = client.get(reverse("submissions:remembrance")).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("submissions:remembrance"),
        {
            "name_latin": "Unique Remembered Person",
            "fate": "missing",
            "death_date": "1982-02-10",
            "publication_level": "public",
            "consent": "on",
            "relation": "his niece",
            "nonce": nonce,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Submission.objects.get().remembrance
    assert not person.live
    assert person.current_workflow_task.name == "Verification of sources"
    assert "Unique Remembered Person" not in client.get(site_tree.names_index.url).content.decode()


def test_no_address_or_browser_is_stored_or_logged(client, site_tree, caplog):
    """The sender's IP address and user agent end up in no record and no log line."""
    address, agent = "203.0.113.77", "AgentSmith/9.9 UniqueBrowser"
    with caplog.at_level("DEBUG"):
        client.post(
            reverse("submissions:testimony"),
            {**form_data(client), "files": SimpleUploadedFile("p.jpg", samples.gps_jpeg(), "image/jpeg")},
            REMOTE_ADDR=address,
            HTTP_USER_AGENT=agent,
        )
    assert Submission.objects.count() == 1
    stored = " ".join(
        str(list(model.objects.values_list()))
        for model in (Submission, SubmissionContact, ConsentRecord, SealedOriginal, testimony_models.TestimonyPage)
    )
    assert address not in stored and agent not in stored
    assert address not in caplog.text and agent not in caplog.text
