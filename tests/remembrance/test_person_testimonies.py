"""A person's page lists only the testimonies the public may see: never a restricted or held-back one."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_consent_to
from tests import factories

pytestmark = pytest.mark.django_db


def restrict_to_login(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def restrict_to_groups(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get_or_create(name="Qz family circle")[0])


def archive_only(page):
    ConsentRecord.objects.create(
        testimony=page, given_by="The witness", publication_level=PublicationLevel.ARCHIVE_ONLY
    )
    apply_consent_to(page)


@pytest.mark.parametrize(
    "hold_back",
    [restrict_to_login, restrict_to_groups, archive_only],
    ids=["login", "groups", "archive-only"],
)
def test_person_page_never_lists_a_restricted_testimony(client, site_tree, hold_back):
    """A testimony under a view restriction or archive-only consent is not listed on the person's page."""
    person = factories.RemembranceFactory(name_latin="Omar Hamwi")
    shown = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzshown account")
    hidden = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Qzrestricted account")
    factories.TestimonyPersonFactory(page=shown, person=person)
    factories.TestimonyPersonFactory(page=hidden, person=person)
    hidden_url, hidden_slug = hidden.url, hidden.slug
    hold_back(hidden)
    response = client.get(person.get_url_under(site_tree.names_index))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Qzshown account" in text, "the control testimony must be listed"
    assert "Qzrestricted" not in text
    assert hidden_url not in text and f"/{hidden_slug}/" not in text
