"""Wagtail's contract for the history page types, and the timeline events' admin forms."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from memorial.history.models import ArticlePage, Event, HistoryIndexPage, PlaceIndexPage, TimelinePage
from tests import factories
from tests.utils import listblock

pytestmark = pytest.mark.django_db

CHECKS = ["assertPageIsRenderable", "assertPageIsEditable", "assertPageIsPreviewable"]


def test_history_tree_rules(wagtail_asserts):
    wagtail_asserts.assertAllowedParentPageTypes(HistoryIndexPage, {HomePage})
    wagtail_asserts.assertAllowedSubpageTypes(HistoryIndexPage, {ArticlePage, TimelinePage, PlaceIndexPage})
    for model in (ArticlePage, TimelinePage, PlaceIndexPage):
        wagtail_asserts.assertAllowedParentPageTypes(model, {HistoryIndexPage})
        wagtail_asserts.assertAllowedSubpageTypes(model, set())
        wagtail_asserts.assertCanNotCreateAt(HomePage, model)


def test_one_timeline_and_one_places_index_per_history_index(site_tree):
    assert not TimelinePage.can_create_at(site_tree.history_index)
    assert not PlaceIndexPage.can_create_at(site_tree.history_index)
    assert not HistoryIndexPage.can_create_at(site_tree.home)
    assert ArticlePage.can_create_at(site_tree.history_index)


@pytest.fixture
def linked_history(site_tree):
    """An article, an event and a place that all point at one another."""
    place = factories.PlaceFactory(name="Al-Kilaniyya", sources=[factories.SourceFactory()])
    event = factories.EventFactory(places=[place], sources=[factories.SourceFactory()])
    site_tree.article.places.set([place])
    site_tree.article.events.set([event])
    site_tree.article.sources.set([factories.SourceFactory()])
    site_tree.article.save()
    return place


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("attr", ["history_index", "article", "timeline", "places_index"])
def test_history_page_contract(site_tree, linked_history, wagtail_asserts, check, attr):
    getattr(wagtail_asserts, check)(getattr(site_tree, attr))


def test_place_detail_route_renders(site_tree, linked_history, wagtail_asserts):
    wagtail_asserts.assertPageIsRenderable(site_tree.places_index, route_path=f"/{linked_history.slug}/")


def test_unknown_place_is_a_404(site_tree, wagtail_asserts):
    wagtail_asserts.assertPageIsRenderable(site_tree.places_index, route_path="/nowhere/", accept_404=True)
    assert wagtail_asserts.client.get(site_tree.places_index.url + "nowhere/").status_code == 404


def test_history_index_page_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    data = nested_form_data({"title": "History", "introduction": "Context.", "comments": inline_formset([])})
    wagtail_asserts.assertCanCreate(factories.home_page(), HistoryIndexPage, data)


@pytest.mark.parametrize("model", [TimelinePage, PlaceIndexPage], ids=lambda m: m.__name__)
def test_history_section_pages_can_be_created_in_the_admin(admin_client, wagtail_asserts, model):
    index = factories.HistoryIndexPageFactory()
    data = nested_form_data({"title": "Section", "introduction": "Intro.", "comments": inline_formset([])})
    wagtail_asserts.assertCanCreate(index, model, data)


def test_article_page_can_be_created_in_the_admin(admin_client, wagtail_asserts):
    index = factories.HistoryIndexPageFactory()
    source, place = factories.SourceFactory(), factories.PlaceFactory()
    estimate = {"low": "10000", "high": "40000", "qualifier": "at_least", "given_by": "A rights group"}
    data = nested_form_data(
        {
            "title": "The siege",
            "introduction": "How the siege began.",
            "body": streamfield(
                [
                    ("heading", {"text": "2 February"}),
                    (
                        "paragraph",
                        {
                            "text": rich_text("<p>The army surrounded the city.</p>"),
                            "citations": listblock([{"source": str(source.pk), "locator": "p. 4", "note": ""}]),
                        },
                    ),
                    (
                        "figures",
                        {
                            "heading": "People killed",
                            "explanation": "Estimates differ.",
                            "estimates": listblock([{**estimate, "source": str(source.pk), "note": ""}]),
                        },
                    ),
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    data["places"] = [str(place.pk)]
    wagtail_asserts.assertCanCreate(index, ArticlePage, data)
    article = ArticlePage.objects.get(slug="the-siege")
    assert [c.block_type for c in article.body] == ["heading", "paragraph", "figures"]
    assert article.body[2].value["estimates"][0]["high"] == 40000


def test_article_with_an_upper_bound_below_the_figure_is_refused(admin_client):
    index = factories.HistoryIndexPageFactory()
    data = nested_form_data(
        {
            "title": "Bad figures",
            "slug": "bad-figures",
            "introduction": "x",
            "body": streamfield(
                [
                    (
                        "figures",
                        {
                            "heading": "People killed",
                            "explanation": "",
                            "estimates": listblock(
                                [
                                    {
                                        "low": "500",
                                        "high": "100",
                                        "qualifier": "",
                                        "given_by": "x",
                                        "source": "",
                                        "note": "",
                                    }
                                ]
                            ),
                        },
                    )
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["history", "articlepage", index.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="bad-figures").exists()


def test_events_can_be_added_and_edited_in_the_admin(admin_client):
    source = factories.SourceFactory()
    add_url = reverse("wagtailsnippets_history_event:add")
    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(
        add_url,
        {
            "locale": "en",
            "title": "Curfew declared",
            "date": "1982-02-02",
            "date_precision": "day",
            "sort_order": "0",
            "description": "A curfew.",
            "sources": [str(source.pk)],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.sources.all()) == [source]
    assert admin_client.get(reverse("wagtailsnippets_history_event:edit", args=[event.pk])).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_history_event:list")).status_code == 200
