"""Wagtail's contract for the standard page, and the vocabularies' admin forms."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from memorial.core.models import Place, Source, StandardPage, Theme
from tests import factories
from tests.utils import listblock

pytestmark = pytest.mark.django_db

CHECKS = ["assertPageIsRenderable", "assertPageIsEditable", "assertPageIsPreviewable"]


def test_standard_page_tree_rules(wagtail_asserts):
    wagtail_asserts.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
    wagtail_asserts.assertAllowedSubpageTypes(StandardPage, {StandardPage})


@pytest.mark.parametrize("check", CHECKS)
def test_standard_page_contract(site_tree, wagtail_asserts, check):
    site_tree.standard.sources.set([factories.SourceFactory()])
    site_tree.standard.save()
    getattr(wagtail_asserts, check)(site_tree.standard)


@pytest.mark.parametrize("check", CHECKS)
def test_nested_standard_page_contract(site_tree, wagtail_asserts, check):
    child = factories.StandardPageFactory(parent=site_tree.standard, title="Privacy")
    getattr(wagtail_asserts, check)(child)


def test_standard_page_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    source = factories.SourceFactory()
    data = nested_form_data(
        {
            "title": "How to contribute",
            "slug": "contribute",
            "introduction": "Share what you remember.",
            "body": streamfield(
                [
                    ("heading", {"text": "Safely"}),
                    (
                        "paragraph",
                        {
                            "text": rich_text("<p>We never publish your name without consent.</p>"),
                            "citations": listblock([{"source": str(source.pk), "locator": "p. 2", "note": ""}]),
                        },
                    ),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    wagtail_asserts.assertCanCreate(factories.home_page(), StandardPage, data)
    page = StandardPage.objects.get(slug="contribute")
    assert page.body[1].value["citations"][0]["source"] == source


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Place, {"name": "Al-Hader", "kind": "district", "slug": "", "other_names": "Hadir", "description": "x"}),
        (Source, {"title": "The Hama massacre", "author": "A. Writer", "kind": "book", "year": "1984"}),
        (Theme, {"name": "Detention", "slug": "", "description": "Arrests and prisons."}),
    ],
    ids=["place", "source", "theme"],
)
def test_vocabulary_snippets_can_be_added_and_edited_in_the_admin(admin_client, model, data):
    app, name = model._meta.app_label, model._meta.model_name
    add_url = reverse(f"wagtailsnippets_{app}_{name}:add")
    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(add_url, {"locale": "en", **data})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    obj = model.objects.get()
    assert admin_client.get(reverse(f"wagtailsnippets_{app}_{name}:edit", args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"wagtailsnippets_{app}_{name}:list")).status_code == 200


def test_place_and_theme_slugs_are_made_from_the_name_and_kept_unique():
    first = factories.PlaceFactory(name="Al-Barudiyya")
    second = factories.PlaceFactory(name="Al Barudiyya")
    assert first.slug == "al-barudiyya"
    assert second.slug == "al-barudiyya-2"
    assert factories.ThemeFactory(name="الاعتقال").slug == "الاعتقال"
