"""Wagtail's contract for the testimony page types: where they go, and that they render, edit, preview and create."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from memorial.testimonies import models as testimonies
from tests import factories

pytestmark = pytest.mark.django_db

CHECKS = ["assertPageIsRenderable", "assertPageIsEditable", "assertPageIsPreviewable"]


def test_testimony_index_page_tree_rules(wagtail_asserts):
    wagtail_asserts.assertAllowedParentPageTypes(testimonies.TestimonyIndexPage, {HomePage})
    wagtail_asserts.assertAllowedSubpageTypes(testimonies.TestimonyIndexPage, {testimonies.TestimonyPage})
    wagtail_asserts.assertCanCreateAt(HomePage, testimonies.TestimonyIndexPage)
    wagtail_asserts.assertCanNotCreateAt(Page, testimonies.TestimonyIndexPage)


def test_testimony_page_tree_rules(wagtail_asserts):
    wagtail_asserts.assertAllowedParentPageTypes(testimonies.TestimonyPage, {testimonies.TestimonyIndexPage})
    wagtail_asserts.assertAllowedSubpageTypes(testimonies.TestimonyPage, set())
    wagtail_asserts.assertCanNotCreateAt(HomePage, testimonies.TestimonyPage)


def test_only_one_testimony_index_per_home(site_tree):
    assert not testimonies.TestimonyIndexPage.can_create_at(site_tree.home)


@pytest.mark.parametrize("check", CHECKS)
def test_testimony_index_page_contract(site_tree, wagtail_asserts, check):
    factories.TestimonyPageFactory(parent=site_tree.testimony_index, places=[factories.PlaceFactory()])
    getattr(wagtail_asserts, check)(site_tree.testimony_index)


@pytest.mark.parametrize("check", CHECKS)
def test_testimony_page_contract(site_tree, wagtail_asserts, check):
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index,
        places=[factories.PlaceFactory()],
        themes=[factories.ThemeFactory()],
        sources=[factories.SourceFactory()],
        events=[factories.EventFactory()],
    )
    factories.TestimonyPersonFactory(page=page, person=factories.RemembranceFactory())
    getattr(wagtail_asserts, check)(page)


def test_testimony_index_page_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    home = factories.home_page()
    data = nested_form_data(
        {"title": "Testimonies", "slug": "testimonies", "introduction": "The accounts.", "comments": inline_formset([])}
    )
    wagtail_asserts.assertCanCreate(home, testimonies.TestimonyIndexPage, data)
    assert testimonies.TestimonyIndexPage.objects.child_of(home).get().live


def test_testimony_page_can_be_created_in_the_admin(site_tree, admin_client, wagtail_asserts):
    place, theme, person = factories.PlaceFactory(), factories.ThemeFactory(), factories.RemembranceFactory()
    data = nested_form_data(
        {
            "title": "A night in the cellar",
            "slug": "a-night-in-the-cellar",
            "witness_display": "pseudonym",
            "witness_name": "Real Name",
            "witness_pseudonym": "Umm Khaled",
            "witness_relation": "survivor",
            "interview_date": "2012-05-01",
            "language": "ar",
            "summary": "A survivor describes a night in the cellar.",
            "content_note": "Describes killing.",
            "body": streamfield(
                [
                    ("heading", {"text": "The first night"}),
                    ("paragraph", rich_text("<p>We hid in the cellar.</p>")),
                    ("quote", {"quote": "Nobody came.", "attribution": "Umm Khaled", "source": ""}),
                ]
            ),
            "recordings": inline_formset([]),
            "people": inline_formset([{"person": str(person.pk), "note": "her brother"}]),
            "comments": inline_formset([]),
        }
    )
    data["places"] = [str(place.pk)]
    data["themes"] = [str(theme.pk)]
    wagtail_asserts.assertCanCreate(site_tree.testimony_index, testimonies.TestimonyPage, data)
    page = testimonies.TestimonyPage.objects.get(slug="a-night-in-the-cellar")
    assert page.live
    assert list(page.places.all()) == [place]
    assert list(page.themes.all()) == [theme]
    assert [link.person for link in page.people.all()] == [person]
    assert [child.block_type for child in page.body] == ["heading", "paragraph", "quote"]
