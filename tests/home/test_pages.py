"""Wagtail's contract for the home page."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from memorial.core.models import StandardPage
from memorial.history.models import HistoryIndexPage
from memorial.remembrance.models import RemembranceIndexPage
from memorial.testimonies import models as testimonies
from tests import factories

pytestmark = pytest.mark.django_db

CHECKS = ["assertPageIsRenderable", "assertPageIsEditable", "assertPageIsPreviewable"]


def test_home_page_tree_rules(wagtail_asserts):
    wagtail_asserts.assertAllowedParentPageTypes(HomePage, {Page})
    sections = {StandardPage, testimonies.TestimonyIndexPage, RemembranceIndexPage, HistoryIndexPage}
    wagtail_asserts.assertAllowedSubpageTypes(HomePage, sections)
    assert set(HomePage.creatable_subpage_models()) == sections


def test_migration_made_an_english_and_an_arabic_home_page_and_the_site_roots_at_english():
    home, home_ar = factories.home_page("en"), factories.home_page("ar")
    assert home.translation_key == home_ar.translation_key
    assert home.get_site().root_page.pk == home.pk
    assert home.url == "/en/"
    assert home_ar.get_url() == "/ar/"


@pytest.mark.parametrize("check", CHECKS)
def test_home_page_contract(site_tree, wagtail_asserts, check):
    home = site_tree.home
    home.statement = "<p>We remember every one of them.</p>"
    home.hero_image = factories.ImageFactory()
    home.hero_image_alt = "The Orontes at dusk"
    home.contribute_page = site_tree.standard
    home.save()
    factories.HomePageFeaturedTestimonyFactory(
        page=home, testimony=factories.TestimonyPageFactory(parent=site_tree.testimony_index)
    )
    getattr(wagtail_asserts, check)(home)


@pytest.mark.parametrize("check", CHECKS)
def test_arabic_home_page_contract(site_tree, wagtail_asserts, check):
    getattr(wagtail_asserts, check)(site_tree.home_ar)


def test_home_page_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    data = nested_form_data(
        {
            "title": "A second memorial",
            "slug": "second",
            "statement": rich_text("<p>We remember.</p>"),
            "timeline_heading": "What happened",
            "contribute_heading": "Share",
            "featured_testimonies": inline_formset([], max=6),
            "comments": inline_formset([]),
        }
    )
    wagtail_asserts.assertCanCreate(Page.get_first_root_node(), HomePage, data)
    assert HomePage.objects.filter(slug="second", live=True).exists()
