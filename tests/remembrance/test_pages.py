"""Wagtail's contract for the names memorial: its index page, and the person records as snippets."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.models import HomePage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from tests import factories
from tests.utils import stream_form_data

pytestmark = pytest.mark.django_db

CHECKS = ["assertPageIsRenderable", "assertPageIsEditable", "assertPageIsPreviewable"]


def test_names_index_tree_rules(wagtail_asserts, site_tree):
    wagtail_asserts.assertAllowedParentPageTypes(RemembranceIndexPage, {HomePage})
    wagtail_asserts.assertAllowedSubpageTypes(RemembranceIndexPage, set())
    assert not RemembranceIndexPage.can_create_at(site_tree.home)


@pytest.mark.parametrize("check", CHECKS)
def test_names_index_contract(site_tree, wagtail_asserts, check):
    factories.RemembranceFactory(place=factories.PlaceFactory())
    getattr(wagtail_asserts, check)(site_tree.names_index)


def test_person_route_renders(site_tree, wagtail_asserts):
    person = factories.RemembranceFactory(
        place=factories.PlaceFactory(), photo=factories.ImageFactory(), sources=[factories.SourceFactory()]
    )
    wagtail_asserts.assertPageIsRenderable(site_tree.names_index, route_path=f"/{person.pk}/{person.slug}/")


def test_names_index_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    data = nested_form_data({"title": "Names", "introduction": "Every person.", "comments": inline_formset([])})
    wagtail_asserts.assertCanCreate(factories.home_page(), RemembranceIndexPage, data)


def person_form_data(**overrides):
    data = {
        "is_sample": "",
        "name_ar": "محمد الحموي",
        "name_latin": "Mohammed al-Hamwi",
        "name_variants": "Muhammad al-Hamawi",
        "birth_date": "1950-01-01",
        "birth_date_precision": "year",
        "death_date": "1982-02-10",
        "death_date_precision": "day",
        "age": "",
        "fate": "killed",
        "place": "",
        "circumstances": "Taken from his home.",
        "photo": "",
        "record_source": "List of the dead, 1983",
        "life_story-count": "0",
    }
    data.update(overrides)
    return data


def test_person_can_be_added_and_published_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_remembrance_remembrance:add"), {**person_form_data(), "action-publish": "publish"}
    )
    assert response.status_code == 302
    person = Remembrance.objects.get()
    assert person.live
    assert person.slug == "mohammed-al-hamwi"
    assert person.sort_name == "mohammed al-hamwi"
    assert person.latest_revision is not None


def test_person_saved_as_draft_in_the_admin_is_not_live(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_remembrance_remembrance:add"), person_form_data())
    assert response.status_code == 302
    assert not Remembrance.objects.get().live


@pytest.mark.parametrize(
    "overrides",
    [{"name_ar": "", "name_latin": ""}, {"birth_date": "1990-01-01", "death_date": "1982-02-10"}],
    ids=["no-name", "born-after-death"],
)
def test_invalid_person_is_refused_by_the_admin_form(admin_client, overrides):
    response = admin_client.post(
        reverse("wagtailsnippets_remembrance_remembrance:add"),
        {**person_form_data(**overrides), "action-publish": "publish"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Remembrance.objects.exists()


def test_person_edit_view_loads_and_saves(admin_client):
    person = factories.RemembranceFactory(place=factories.PlaceFactory(), sources=[factories.SourceFactory()])
    url = reverse("wagtailsnippets_remembrance_remembrance:edit", args=[person.pk])
    assert admin_client.get(url).status_code == 200
    data = person_form_data(name_latin="Mohammed al-Hamwi (corrected)", **stream_form_data(person))
    assert admin_client.post(url, {**data, "action-publish": "publish"}).status_code == 302
    person.refresh_from_db()
    assert person.name_latin == "Mohammed al-Hamwi (corrected)"
    assert admin_client.get(reverse("wagtailsnippets_remembrance_remembrance:list")).status_code == 200


def test_person_is_previewable(site_tree, admin_client):
    person = factories.RemembranceFactory()
    url = reverse("wagtailsnippets_remembrance_remembrance:preview_on_edit", args=[person.pk])
    response = admin_client.post(url, person_form_data())
    assert response.json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Mohammed al-Hamwi" in response.content.decode()
