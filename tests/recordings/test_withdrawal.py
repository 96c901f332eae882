"""A testimony leaving the public takes its recordings' public copies with it.

Withdrawn consent, archive only, unpublished or restricted: the copies made for the public (and
the poster's public sizes) are deleted from the media folder, and nothing links to them; the
sealed original stays. Public again, the page gets its copies back through the usual refresh.
"""

import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.static import serve
from wagtail.models import PageViewRestriction

from memorial.consent.models import ConsentMethod, ConsentRecord, PublicationLevel
from memorial.recordings.models import Recording, RecordingDerivative
from memorial.recordings.storage import private_storage
from memorial.testimonies import models as testimony_models
from tests import factories
from tests.moderation.helpers import role_users
from tests.utils import login_verified, search_url

from .conftest import make_recorded_testimony


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


@pytest.fixture
def with_poster(recorded):
    """The recording has a poster; the page's player shows it at this size (for a video)."""
    poster = factories.ImageFactory(title="Poster of session one")
    Recording.objects.filter(pk=recorded.recording.pk).update(poster=poster)
    return poster.get_rendition("width-1280")


def media_served(url):
    """What the web server does with a media URL: the file under MEDIA_ROOT, or not found."""
    assert url.startswith(settings.MEDIA_URL)
    path = url[len(settings.MEDIA_URL) :]
    try:
        response = serve(RequestFactory().get(url), path, document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404
    # Close the file only: closing the response would signal the end of a request, which closes
    # the database connection in the middle of the test on PostgreSQL.
    stream = getattr(response, "file_to_stream", None)
    if stream is not None:
        stream.close()
    return response.status_code


def copy_of(recording):
    return RecordingDerivative.objects.filter(recording=recording).first()


def public_texts(site_tree, page):
    visitor = Client()
    urls = [page.url, site_tree.testimony_index.url, site_tree.home.url, search_url("stadium"), "/sitemap.xml"]
    return {url: visitor.get(url).content.decode() for url in urls}


def download_urls(recorded):
    urls = []
    for transcript in (recorded.original, recorded.translation):
        for name in ("captions", "chapters", "download_vtt", "download_text"):
            urls.append(reverse(f"recordings:{name}", args=[transcript.pk]))
    return urls


def assert_copies_public(recorded, rendition=None):
    derivative = copy_of(recorded.recording)
    assert derivative is not None and default_storage.exists(derivative.file.name)
    assert media_served(derivative.file.url) == 200
    assert derivative.file.url in Client().get(recorded.page.url).content.decode()
    if rendition is not None:
        assert default_storage.exists(rendition.file.name)
    return derivative


def assert_copies_gone(site_tree, recorded, name, url, rendition=None):
    assert copy_of(recorded.recording) is None
    assert not default_storage.exists(name), "the public copy is still in the media folder"
    assert media_served(url) == 404
    if rendition is not None:
        assert not default_storage.exists(rendition.file.name), "the poster's public size is still in the media folder"
        assert not rendition.image.renditions.exists()
    visitor = Client()
    for download in download_urls(recorded):
        assert visitor.get(download).status_code == 404, download
    for surface, text in public_texts(site_tree, recorded.page).items():
        assert url not in text and name.rsplit("/", 1)[-1] not in text, f"the copy is listed on {surface}"
        if rendition is not None:
            assert rendition.url not in text, f"the poster is listed on {surface}"
    # The sealed original stays, for the Archivists.
    assert private_storage().exists(recorded.recording.media.file.name)
    # The daily refresh does not bring it back while the page is not public.
    call_command("refresh_recordings", stdout=io.StringIO())
    assert copy_of(recorded.recording) is None


def arabic_version(site_tree, recorded):
    """The testimony's Arabic version, public and playing the same original through its own recording
    row; returns the page, that row, and both public copies (made, and in the media folder)."""
    index_ar = factories.TestimonyIndexPageFactory(parent=site_tree.home_ar, slug="shahadat", title="شهادات")
    page_ar = factories.TestimonyPageFactory(
        parent=index_ar, title="الشهادة", translation_key=recorded.page.translation_key
    )
    translated = Recording.objects.create(page=page_ar, media=recorded.recording.media, language="en")
    call_command("refresh_recordings", stdout=io.StringIO())
    copies = [copy_of(recorded.recording), copy_of(translated)]
    assert all(c is not None and default_storage.exists(c.file.name) for c in copies)
    return page_ar, translated, copies


def assert_both_copies_gone(recorded, translated, copies):
    assert copy_of(recorded.recording) is None and copy_of(translated) is None
    for derivative in copies:
        assert not default_storage.exists(derivative.file.name)
        assert media_served(derivative.file.url) == 404


def test_withdrawn_consent_deletes_the_public_copies(
    client, site_tree, users, recorded, with_poster, django_capture_on_commit_callbacks
):
    """The admin action 'withdraw consent' deletes the copy and the poster's size; republished, the copy is remade."""
    ConsentRecord.objects.create(
        testimony=recorded.page,
        given_by="The witness",
        method=ConsentMethod.SIGNED_RELEASE,
        publication_level=PublicationLevel.PUBLIC,
    )
    derivative = assert_copies_public(recorded, with_poster)
    name, url = derivative.file.name, derivative.file.url
    assert Client().get(download_urls(recorded)[0]).status_code == 200

    login_verified(client, users["Moderators"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consent_withdraw_testimony", args=[recorded.page.pk]), {"reason": "The witness asked us."}
        )
    assert response.status_code == 302
    client.logout()
    assert_copies_gone(site_tree, recorded, name, url, with_poster)

    # Consent given again: the Archivists lift the restriction and the page is published again.
    ConsentRecord.objects.create(
        testimony=recorded.page,
        given_by="The witness",
        method=ConsentMethod.SIGNED_RELEASE,
        publication_level=PublicationLevel.PUBLIC,
        given_on=timezone.localdate(),
    )
    PageViewRestriction.objects.filter(page=recorded.page).delete()
    assert copy_of(recorded.recording) is None, "not public yet: still unpublished"
    testimony_models.TestimonyPage.objects.get(pk=recorded.page.pk).save_revision().publish()
    remade = assert_copies_public(recorded)
    assert remade.file.name != name and remade.silenced == [[4.0, 6.0], [6.0, 8.0]]


def test_withdrawal_deletes_the_copies_of_every_translation(
    client, site_tree, users, recorded, django_capture_on_commit_callbacks
):
    """The Arabic version plays the same original through its own recording row: its copy goes too."""
    page_ar, translated, copies = arabic_version(site_tree, recorded)
    assert copies[1].file.url in Client().get(page_ar.url).content.decode()

    login_verified(client, users["Editors"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consent_withdraw_testimony", args=[recorded.page.pk]), {"reason": "Asked by letter."})
    client.logout()
    assert_both_copies_gone(recorded, translated, copies)
    assert copies[1].file.url not in Client().get(page_ar.url).content.decode()


def test_archive_only_deletes_the_public_copies_but_not_another_public_pages(
    client, site_tree, users, recorded, with_poster, django_capture_on_commit_callbacks
):
    """An archive-only consent record added in the admin deletes the page's copies; another
    public testimony playing the same original keeps its own copy and its poster."""
    other_page = factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    other = Recording.objects.create(
        page=other_page, media=recorded.recording.media, language="en", poster=with_poster.image
    )
    call_command("refresh_recordings", stdout=io.StringIO())
    kept = copy_of(other)
    derivative = assert_copies_public(recorded, with_poster)
    name, url = derivative.file.name, derivative.file.url

    login_verified(client, users["Moderators"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailsnippets_consent_consentrecord:add"),
            {
                "testimony": str(recorded.page.pk),
                "remembrance": "",
                "given_by": "The witness",
                "given_on": timezone.localdate().isoformat(),
                "method": ConsentMethod.ORAL,
                "publication_level": PublicationLevel.ARCHIVE_ONLY,
                "embargo_until": "",
                "notes": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert copy_of(recorded.recording) is None
    assert not default_storage.exists(name) and media_served(url) == 404
    visitor = Client()
    for download in download_urls(recorded):
        assert visitor.get(download).status_code == 404, download
    for surface, text in public_texts(site_tree, recorded.page).items():
        assert url not in text, f"the copy is listed on {surface}"
    # The other testimony is still public: its copy and the poster's size stay.
    assert copy_of(other) == kept and default_storage.exists(kept.file.name)
    assert media_served(kept.file.url) == 200
    assert kept.file.url in visitor.get(other_page.url).content.decode()
    assert default_storage.exists(with_poster.file.name)
    # The Archivists still hear the original.
    login_verified(client, users["Archivists"])
    assert client.get(reverse("recordings:original", args=[recorded.recording.media_id])).status_code == 200


def test_archive_only_through_the_service_and_the_daily_refresh(site_tree, django_capture_on_commit_callbacks):
    """The service itself (what the admin hook calls): archive only deletes the copy; the refresh keeps it away."""
    from memorial.consent.services import apply_record

    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    derivative = assert_copies_public(recorded)
    name, url = derivative.file.name, derivative.file.url
    consent = ConsentRecord.objects.create(
        testimony=recorded.page,
        given_by="The witness",
        method=ConsentMethod.ORAL,
        publication_level=PublicationLevel.ARCHIVE_ONLY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        apply_record(consent)
    assert_copies_gone(site_tree, recorded, name, url)


@pytest.mark.parametrize("how", ["unpublished", "restricted"])
def test_a_page_leaving_the_public_otherwise_loses_its_copies(
    site_tree, recorded, how, django_capture_on_commit_callbacks
):
    """Unpublished, or under a password: the copies go; published or unrestricted again, they come back."""
    derivative = assert_copies_public(recorded)
    name, url = derivative.file.name, derivative.file.url
    page = testimony_models.TestimonyPage.objects.get(pk=recorded.page.pk)
    with django_capture_on_commit_callbacks(execute=True):
        if how == "unpublished":
            page.unpublish()
        else:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="Hama1982"
            )
    assert_copies_gone(site_tree, recorded, name, url)
    if how == "unpublished":
        page.save_revision().publish()
    else:
        restriction.delete()
    remade = assert_copies_public(recorded)
    assert remade.file.name != name


def test_archive_only_deletes_the_copies_of_every_public_translation(site_tree, django_capture_on_commit_callbacks):
    """Both language versions public and playing one original: archive only restricts each and deletes
    both public copies, whichever version is restricted first (the first one's copy is still needed by
    the second while it is public)."""
    from memorial.consent.services import apply_record

    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    page_ar, translated, copies = arabic_version(site_tree, recorded)
    consent = ConsentRecord.objects.create(
        testimony=recorded.page,
        given_by="The witness",
        method=ConsentMethod.ORAL,
        publication_level=PublicationLevel.ARCHIVE_ONLY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        apply_record(consent)
    assert_both_copies_gone(recorded, translated, copies)
    visitor = Client()
    assert visitor.get(recorded.page.url).status_code == 404 and visitor.get(page_ar.url).status_code == 404
