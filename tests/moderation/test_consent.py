"""Consent decides what the public sees: archive only, embargo and withdrawal keep a testimony off every surface.

Each hidden case is checked against the same list of public URLs on which a published
testimony with public consent is shown, so an empty page cannot pass for a hidden one.
"""

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from memorial.consent.models import ConsentMethod, ConsentRecord, PublicationLevel
from memorial.submissions.models import Submission
from memorial.testimonies import models as testimony_models
from tests import factories
from tests.moderation.helpers import CONFIRMATIONS, page_action, role_users
from tests.submissions.test_public_submission import form_data
from tests.uploads import samples
from tests.utils import login_verified, search_url

MARKER = "Quillonemarker"
SEARCH_WORD = "Vexathornword"  # in the story, searched for; the marker itself is never the query (it is echoed)


@pytest.fixture
def users(db, django_user_model):
    return role_users(django_user_model)


def public_surfaces(site_tree, page):
    """Every public URL where a testimony can appear, as an anonymous visitor reads it."""
    visitor = Client()
    urls = {
        "own page": f"{site_tree.testimony_index.url}{page.slug}/",
        "home": site_tree.home.url,
        "Arabic home": site_tree.home_ar.url,
        "index": site_tree.testimony_index.url,
        "search": search_url(SEARCH_WORD),
        "sitemap": "/sitemap.xml",
    }
    texts = {}
    for surface, url in urls.items():
        response = visitor.get(url)
        # The page itself may be refused (a redirect to log in, or 404); a listing always answers.
        allowed = (200, 302, 404) if surface == "own page" else (200,)
        assert response.status_code in allowed, f"{surface} answered {response.status_code}"
        texts[surface] = response.content.decode()
    return texts


def assert_public(site_tree, page):
    for surface, text in public_surfaces(site_tree, page).items():
        if surface in {"Arabic home"}:
            continue
        assert page.slug in text, f"published testimony missing from {surface}"
    assert MARKER in public_surfaces(site_tree, page)["own page"]


def assert_hidden(site_tree, page):
    for surface, text in public_surfaces(site_tree, page).items():
        assert MARKER not in text, f"hidden testimony's text shown on {surface}"
        if surface != "own page":  # its own answer (not found, or sign in) may repeat the address asked for
            assert page.slug not in text, f"hidden testimony linked from {surface}"


def submit(client, site_tree, **overrides):
    """A testimony through the public form, featured on the home page; returns its page."""
    response = client.post(
        reverse("submissions:testimony"),
        form_data(
            client,
            title=f"{MARKER} at the mill",
            story=f"{MARKER} saw the soldiers. {SEARCH_WORD} was the word.\n\nWe waited.",
            **overrides,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    page = Submission.objects.get().testimony
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=page)
    return page


def approve_both(client, users, page):
    login_verified(client, users["Moderators"])
    page_action(client, page, "approve", {"comment": "", **CONFIRMATIONS})
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Editorial approval"
    login_verified(client, users["Editors"])
    page_action(client, page, "approve")
    client.logout()
    page.refresh_from_db()
    return page


def live_testimony(site_tree, level=PublicationLevel.PUBLIC):
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        title=f"{MARKER} account",
        slug="quillone-account",
        summary=f"{MARKER} remembers. {SEARCH_WORD}.",
    )
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=page)
    ConsentRecord.objects.create(
        testimony=page, given_by="The witness", method=ConsentMethod.SIGNED_RELEASE, publication_level=level
    )
    return page


def test_public_consent_is_published_everywhere(client, site_tree, users):
    """The control: with public consent, both approvals put the testimony on every surface."""
    page = submit(client, site_tree)
    assert_hidden(site_tree, page)
    page = approve_both(client, users, page)
    assert page.live
    assert_public(site_tree, page)


def test_archive_only_testimony_is_for_archivists_alone(client, site_tree, users):
    """Archive only: after both approvals it is readable by Archivists and by nobody else."""
    photo = SimpleUploadedFile("photo.jpg", samples.gps_jpeg(), "image/jpeg")
    page = submit(client, site_tree, publication_level=PublicationLevel.ARCHIVE_ONLY, files=photo)
    page = approve_both(client, users, page)
    assert_hidden(site_tree, page)
    assert not get_image_model().objects.exists(), "an archive-only photo must not enter the public library"
    url = f"{site_tree.testimony_index.url}{page.slug}/"
    for role in ("Contributors", "Moderators", "Editors"):
        login_verified(client, users[role])
        assert MARKER not in client.get(url).content.decode(), f"{role} can read an archive-only testimony"
    login_verified(client, users["Archivists"])
    response = client.get(url)
    assert response.status_code == 200 and MARKER in response.content.decode()


def test_anonymised_testimony_shows_the_pseudonym_and_no_photograph(client, site_tree, users):
    """Anonymised: live after both approvals, under its pseudonym; the name and the photos are on no public surface."""
    photo = SimpleUploadedFile("photo.jpg", samples.gps_jpeg(), "image/jpeg")
    page = submit(
        client,
        site_tree,
        publication_level=PublicationLevel.ANONYMISED,
        witness_name="Zarqunreal Namehidden",
        witness_pseudonym="Umm Pseudoqasr",
        files=photo,
    )
    page = approve_both(client, users, page)
    assert page.live
    texts = public_surfaces(site_tree, page)
    assert "Umm Pseudoqasr" in texts["own page"] and MARKER in texts["own page"]
    for surface, text in texts.items():
        assert "Zarqunreal" not in text and "Namehidden" not in text, f"witness named on {surface}"
    assert page.witness_name == ""
    assert "Zarqunreal" not in str(page.get_latest_revision().content)
    assert not get_image_model().objects.exists(), "no photograph of an anonymised witness is published"


def test_embargoed_testimony_goes_live_only_on_its_date(client, site_tree, users):
    """Embargoed: approved, it is scheduled for the date (Wagtail scheduled publishing) and hidden until then."""
    until = timezone.localdate() + datetime.timedelta(days=30)
    page = submit(client, site_tree, publication_level=PublicationLevel.EMBARGOED, embargo_until=until.isoformat())
    page = approve_both(client, users, page)
    assert not page.live
    revision = page.revisions.order_by("-pk").first()
    assert revision.approved_go_live_at is not None
    assert timezone.localtime(revision.approved_go_live_at).date() == until
    assert_hidden(site_tree, page)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "published before the embargo ends"

    # The date arrives: Wagtail's scheduled publishing (run by the task worker) publishes it, and from
    # that day on every public surface shows it.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=31)):
        call_command("publish_scheduled")
        page.refresh_from_db()
        assert page.live
        assert_public(site_tree, page)


@pytest.mark.parametrize("role", ["Moderators", "Editors"])
def test_withdraw_consent_admin_action(client, site_tree, users, role):
    """The admin action takes the testimony off every surface at once and records who withdrew it and why."""
    page = live_testimony(site_tree)
    assert_public(site_tree, page)
    url = reverse("consent_withdraw_testimony", args=[page.pk])

    login_verified(client, users["Contributors"])
    assert client.post(url, {"reason": "no"}).status_code in (302, 403)  # the admin's "permission denied"
    page.refresh_from_db()
    assert page.live and not ConsentRecord.objects.filter(withdrawn_at__isnull=False).exists()
    login_verified(client, users[role])
    response = client.post(url, {"reason": "  \u202e "})
    assert response.status_code == 200
    assert "Say why consent is withdrawn." in response.content.decode()
    page.refresh_from_db()
    assert page.live, "a withdrawal without a reason changes nothing"

    response = client.post(url, {"reason": "The witness asked by telephone on 3 May."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    client.logout()
    assert_hidden(site_tree, page)
    consent = ConsentRecord.objects.get(testimony=page, withdrawn_at__isnull=False)
    assert consent.withdrawn_by == users[role]
    assert consent.withdrawal_reason == "The witness asked by telephone on 3 May."
    # Publishing it again does not bring it back: the withdrawal wins.
    testimony_models.TestimonyPage.objects.get(pk=page.pk).save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert_hidden(site_tree, page)


def test_consent_record_added_in_the_admin_takes_effect_at_once(client, site_tree, users):
    """A moderator records archive-only consent for a live testimony: it leaves the public site at once."""
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        title=f"{MARKER} account",
        slug="quillone-account",
        summary=f"{MARKER} remembers. {SEARCH_WORD}.",
    )
    factories.HomePageFeaturedTestimonyFactory(page=site_tree.home, testimony=page)
    assert_public(site_tree, page)
    login_verified(client, users["Moderators"])
    response = client.post(
        reverse("wagtailsnippets_consent_consentrecord:add"),
        {
            "testimony": str(page.pk),
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
    assert_hidden(site_tree, page)


def test_withdraw_consent_for_a_person_remembered(client, site_tree, users):
    """The same admin action on a person's record: off the names memorial, search and its address; recorded."""
    person = factories.RemembranceFactory(name_latin=f"{MARKER} Hamwi")
    ConsentRecord.objects.create(remembrance=person, given_by="His niece", publication_level=PublicationLevel.PUBLIC)
    url = person.get_url_under(site_tree.names_index)
    visitor = Client()
    assert MARKER in visitor.get(url).content.decode()
    assert url in visitor.get(site_tree.names_index.url).content.decode()

    login_verified(client, users["Moderators"])
    response = client.post(
        reverse("consent_withdraw_remembrance", args=[person.pk]), {"reason": "The family asked us to."}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.live
    assert visitor.get(url).status_code == 404
    for public_url in (site_tree.names_index.url, site_tree.home.url, search_url(f"{MARKER} Hamwi"), "/sitemap.xml"):
        text = visitor.get(public_url).content.decode()
        assert url not in text, f"withdrawn person linked from {public_url}"
    consent = ConsentRecord.objects.get(remembrance=person, withdrawn_at__isnull=False)
    assert consent.withdrawn_by == users["Moderators"] and consent.withdrawal_reason == "The family asked us to."


def arabic_translation(site_tree, page, **fields):
    """The Arabic version of a live testimony, published under the Arabic testimony index."""
    from wagtail.models import Locale

    ar_index = site_tree.testimony_index.copy_for_translation(Locale.objects.get(language_code="ar"))
    ar_index.save_revision().publish()
    translation = page.copy_for_translation(Locale.objects.get(language_code="ar"))
    translation = type(page).objects.get(pk=translation.pk)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


@pytest.mark.parametrize("level", [PublicationLevel.ARCHIVE_ONLY, PublicationLevel.ANONYMISED])
def test_consent_governs_every_language_version(site_tree, level):
    """Consent is the witness's, not one page's: the Arabic version follows the record made for the English one."""
    from memorial.consent.services import apply_record

    page = live_testimony(site_tree, level=PublicationLevel.PUBLIC)
    page.witness_name, page.witness_pseudonym = "Zarqunreal Namehidden", "Umm Pseudoqasr"
    page.witness_display = testimony_models.WitnessDisplay.NAMED
    page.save_revision().publish()
    translation = arabic_translation(site_tree, page, title=f"{MARKER} شهادة")
    assert "Zarqunreal" in Client().get(translation.url).content.decode()

    record = ConsentRecord.objects.create(
        testimony=page, given_by="The witness", method=ConsentMethod.SIGNED_RELEASE, publication_level=level
    )
    apply_record(record)

    visitor = Client()
    text = visitor.get(f"{translation.get_parent().url}{translation.slug}/").content.decode()
    assert "Zarqunreal" not in text, "the witness is named on the Arabic version"
    if level == PublicationLevel.ARCHIVE_ONLY:
        assert MARKER not in text, "an archive-only testimony is readable in Arabic"
    else:
        assert "Umm Pseudoqasr" in text
