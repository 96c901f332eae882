"""A submission's reference code is the sender's private handle: it is printed on no public surface."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from memorial.remembrance.models import Remembrance
from memorial.submissions import services
from memorial.submissions.models import Submission
from tests.moderation.helpers import CONFIRMATIONS, page_action, role_users, snippet_action
from tests.submissions.test_public_submission import UNIQUE, form_data
from tests.uploads import samples
from tests.utils import login_verified

REFERENCE = "QZKW-7XVN-3TPB"


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


@pytest.fixture(autouse=True)
def _planted_reference(monkeypatch):
    monkeypatch.setattr(services, "new_reference", lambda: REFERENCE)


def public_html(client, urls):
    out = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        out.append(response.content.decode())
    return "\n".join(out)


def assert_no_reference(text):
    assert REFERENCE.lower() not in text.lower()
    assert REFERENCE.replace("-", "").lower() not in text.lower()


def test_a_published_testimony_and_its_photograph_carry_no_reference(client, site_tree, users):
    """The testimony's page, address, search hit and photograph (title and alt text) never show the reference."""
    response = client.post(
        reverse("submissions:testimony"),
        {**form_data(client), "files": SimpleUploadedFile("IMG_0001.jpg", samples.gps_jpeg(), "image/jpeg")},
    )
    assert response.status_code == 302
    page = Submission.objects.get(reference=REFERENCE).testimony
    login_verified(client, users["Moderators"])
    page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
    login_verified(client, users["Editors"])
    page_action(client, page, "approve")
    client.logout()
    page.refresh_from_db()

    html = public_html(
        client,
        [
            page.url,
            site_tree.testimony_index.url,
            site_tree.home.url,
            "/en/search/?q=Zephyrine-quokka-7731",
            "/sitemap.xml",
        ],
    )

    assert page.live and UNIQUE in html  # control: the published testimony is there
    assert "Photograph sent with this testimony" in html  # control: so is its photograph
    assert_no_reference(html)
    assert_no_reference(page.url)
    for image in get_image_model().objects.all():
        assert_no_reference(f"{image.title} {image.file.name}")


def test_a_published_remembrance_carries_no_reference(client, site_tree, users):
    """A person remembered through the form shows a neutral source, never the reference, on the page and in search."""
    html = client.get(reverse("submissions:remembrance")).content.decode()
    nonce = html.split('name="nonce" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("submissions:remembrance"),
        {
            "name_latin": "Quennell Avramidou",
            "fate": "missing",
            "death_date": "1982-02-10",
            "publication_level": "public",
            "consent": "on",
            "relation": "his niece",
            "nonce": nonce,
        },
    )
    assert response.status_code == 302
    person = Submission.objects.get(reference=REFERENCE).remembrance
    login_verified(client, users["Moderators"])
    snippet_action(client, person, "approve")
    login_verified(client, users["Editors"])
    snippet_action(client, Remembrance.objects.get(pk=person.pk), "approve")
    client.logout()
    person.refresh_from_db()
    assert person.live
    assert_no_reference(person.record_source)

    html = public_html(
        client,
        [
            f"{site_tree.names_index.url}{person.pk}/{person.slug}/",
            site_tree.names_index.url,
            "/en/search/?q=Quennell+Avramidou",
            f"{site_tree.names_index.url}?q=Quennell+Avramidou",
        ],
    )

    assert "Quennell Avramidou" in html  # control: the record is public
    assert "Sent through the archive&#x27;s form" in html
    assert_no_reference(html)


def test_the_reference_stays_on_the_senders_status_page(client, site_tree):
    """Control: the sender's private status link still shows the reference."""
    response = client.post(reverse("submissions:testimony"), form_data(client))

    assert REFERENCE in client.get(response["Location"]).content.decode()
