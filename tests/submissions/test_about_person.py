"""Adding to a person's remembrance from their page: the forms start with the person, the review knows it.

Every person has a page, even when only the name is known; relatives reach the submission forms
from it, and the submission records whose record it was about, for the moderators.
"""

import re

import pytest
from django.urls import reverse

from memorial.moderation import roles
from memorial.remembrance.models import Remembrance
from memorial.submissions.models import Submission
from tests import factories
from tests.moderation.helpers import user_in
from tests.utils import HOSTILE_VALUES, login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_by_name_only():
    return factories.RemembranceFactory(
        name_latin="Yasin Hamdoun",
        name_ar="ياسين حمدون",
        birth_date=None,
        death_date=None,
        circumstances="",
        record_source="",
    )


def url(name, language="en"):
    from django.utils import translation

    with translation.override(language):
        return reverse(name)


def nonce_of(html):
    return re.search(r'name="nonce" value="([^"]+)"', html).group(1)


def remembrance_data(html, **fields):
    return {
        "name_latin": "Yasin Hamdoun",
        "fate": "killed",
        "circumstances": "He was a baker in al-Hader; he did not come home on the second night.",
        "relation": "his granddaughter",
        "publication_level": "public",
        "consent": "on",
        "nonce": nonce_of(html),
        **fields,
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_person_known_only_by_name_has_a_page_that_invites_relatives(client, site_tree, known_by_name_only, language):
    from wagtail.models import Locale

    index = site_tree.names_index
    if language == "ar":
        index = index.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
        index.save_revision().publish()
        index.refresh_from_db()
    response = client.get(known_by_name_only.get_url_under(index))
    assert response.status_code == 200
    content = response.content.decode()
    remembrance_form = url("submissions:remembrance", language)
    testimony_form = url("submissions:testimony", language)
    assert remembrance_form.startswith(f"/{language}/")
    assert f'{remembrance_form}?about={known_by_name_only.pk}"' in content
    assert f'{testimony_form}?about={known_by_name_only.pk}"' in content


def test_the_remembrance_form_starts_with_the_person(client, site_tree, known_by_name_only):
    response = client.get(url("submissions:remembrance"), {"about": known_by_name_only.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "You are adding to the remembrance of" in content and "Yasin Hamdoun" in content
    assert 'value="ياسين حمدون"' in content
    assert f'name="about" value="{known_by_name_only.pk}"' in content
    assert known_by_name_only.get_url_under(site_tree.names_index) in content


def test_the_testimony_form_starts_with_the_person(client, site_tree, known_by_name_only):
    content = client.get(url("submissions:testimony"), {"about": known_by_name_only.pk}).content.decode()
    assert "You are adding to the remembrance of" in content
    assert re.search(r"<textarea[^>]*people_mentioned[^>]*>\s*Yasin Hamdoun</textarea>", content)


@pytest.mark.parametrize("value", [*HOSTILE_VALUES, "-1", "0", "99999999", "1e3", "١٢", "1" * 40, "1 OR 1=1", "1/../2"])
def test_hostile_about_values_are_ignored(client, site_tree, value):
    factories.RemembranceFactory(name_latin="Not Him")
    response = client.get(url("submissions:remembrance"), {"about": value})
    assert response.status_code == 200
    content = response.content.decode()
    assert "You are adding to the remembrance of" not in content
    assert ('name="about" value=""' in content or 'name="about"' in content) and "Not Him" not in content


def test_an_unpublished_person_is_never_offered_or_linked(client, site_tree):
    draft = factories.RemembranceFactory(name_latin="Secret Draft Person", live=False)
    content = client.get(url("submissions:remembrance"), {"about": draft.pk}).content.decode()
    assert "Secret Draft Person" not in content
    html = client.get(url("submissions:remembrance")).content.decode()
    response = client.post(url("submissions:remembrance"), remembrance_data(html, about=str(draft.pk)))
    assert response.status_code == 302
    assert Submission.objects.get().about_person is None


def test_the_submission_records_whose_record_it_adds_to_and_the_review_shows_it(
    client, django_user_model, site_tree, known_by_name_only
):
    html = client.get(url("submissions:remembrance"), {"about": known_by_name_only.pk}).content.decode()
    response = client.post(url("submissions:remembrance"), remembrance_data(html, about=str(known_by_name_only.pk)))
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.about_person == known_by_name_only
    draft = submission.remembrance
    assert draft.pk != known_by_name_only.pk and not draft.live
    assert Remembrance.objects.public().count() == 1

    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    edit = client.get(reverse("wagtailsnippets_remembrance_remembrance:edit", args=[draft.pk])).content.decode()
    assert "The sender started from the record of:" in edit
    assert reverse("wagtailsnippets_remembrance_remembrance:edit", args=[known_by_name_only.pk]) in edit


def test_a_form_with_errors_keeps_the_person(client, site_tree, known_by_name_only):
    html = client.get(url("submissions:remembrance"), {"about": known_by_name_only.pk}).content.decode()
    data = remembrance_data(html, about=str(known_by_name_only.pk), consent="")
    response = client.post(url("submissions:remembrance"), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "You are adding to the remembrance of" in content
    assert f'name="about" value="{known_by_name_only.pk}"' in content
    assert not Submission.objects.exists()


def test_a_testimony_about_a_person_shows_it_to_the_reviewer(client, django_user_model, site_tree, known_by_name_only):
    from tests.submissions.test_public_submission import form_data

    data = form_data(client, about=str(known_by_name_only.pk), people_mentioned="")
    assert client.post(url("submissions:testimony"), data).status_code == 302
    submission = Submission.objects.get()
    assert submission.about_person == known_by_name_only
    login_verified(client, user_in(django_user_model, roles.MODERATORS))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submission.testimony.pk])).content.decode()
    assert "People named by the sender" in edit
    assert "The sender started from the record of:" in edit
