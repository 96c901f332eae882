"""A withdrawal takes the photographs a submission made public with the testimony."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from memorial.submissions.models import Submission
from memorial.testimonies import models as testimony_models
from memorial.uploads.models import SealedOriginal
from tests.moderation.helpers import CONFIRMATIONS, page_action, role_users
from tests.uploads import samples
from tests.utils import login_verified

from .test_public_submission import UNIQUE, form_data, public_text


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


@pytest.mark.parametrize("by", ["a moderator in the admin", "the sender through the status link"])
def test_a_withdrawal_deletes_the_submitted_photographs(
    client, site_tree, users, by, django_capture_on_commit_callbacks
):
    """Consent withdrawn from a published submission deletes its public photographs; the cleaned copy stays sealed."""
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("IMG_0001.jpg", samples.gps_jpeg(), "image/jpeg")},
    )
    assert response.status_code == 302
    token = response["Location"].split("/status/")[1].split("/")[0]
    submission = Submission.objects.get()
    page = submission.testimony
    login_verified(client, users["Moderators"])
    page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
    login_verified(client, users["Editors"])
    page_action(client, testimony_models.TestimonyPage.objects.get(pk=page.pk), "approve")
    client.logout()
    sealed = SealedOriginal.objects.get(submission=submission)
    assert sealed.status == "published"
    image = get_image_model().objects.get()
    assert default_storage.exists(image.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        if by == "a moderator in the admin":
            login_verified(client, users["Moderators"])
            url, data = reverse("consent_withdraw_testimony", args=[page.pk]), {"reason": "Asked by phone."}
        else:
            url, data = reverse("submissions:withdraw", kwargs={"token": token}), {"confirm": "yes"}
        response = client.post(url, data)
    assert response.status_code == 302
    client.logout()
    sealed.refresh_from_db()
    assert sealed.status == "withdrawn" and sealed.object_id == "" and sealed.content_type_id is None
    assert not get_image_model().objects.exists(), "the public photograph is deleted"
    assert not default_storage.exists(image.file.name), "its file is gone from the public media folder"
    assert sealed.cleaned.storage.exists(sealed.cleaned.name), "the cleaned copy stays sealed"
    assert UNIQUE not in public_text(client, site_tree, page)
