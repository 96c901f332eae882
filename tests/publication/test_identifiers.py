"""Stable identifiers: /id/<uuid>/ sends anyone to where a public thing is now, and nothing else."""

import uuid

import pytest
from wagtail.models import Locale, PageViewRestriction

from memorial.consent.services import withdraw_consent
from memorial.publication import identifiers
from memorial.remembrance.importer import PersonBuilder
from memorial.remembrance.matching import merge
from tests import factories

pytestmark = pytest.mark.django_db


def _id_path(value):
    return f"/id/{value}/"


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _arabic(page, title, slug):
    """A published Arabic translation of a page (its parents translated too)."""
    arabic = page.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    arabic.title, arabic.slug = title, slug
    arabic.save()
    for ancestor in arabic.get_ancestors().filter(depth__gt=2).specific():
        if not ancestor.live:
            _published(ancestor)
    return _published(arabic)


def test_a_public_testimony_is_found_by_its_identifier_after_a_new_title_and_slug(client, site_tree):
    """The identifier is the page's translation key: a new title or slug changes the address, not it."""
    page = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="First title"))
    key = page.translation_key
    response = client.get(_id_path(key))
    assert response.status_code == 303
    assert response["Location"] == page.url

    page.title, page.slug = "A better title", "a-better-title"
    page = _published(page)
    assert page.translation_key == key
    response = client.get(_id_path(key))
    assert response.status_code == 303
    assert response["Location"] == page.url
    assert "a-better-title" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_a_translation_shares_its_source_identifier_and_the_visitor_gets_their_language(client, site_tree):
    """One identifier for a testimony in both languages; Accept-Language picks the version, if public."""
    english = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="In two languages"))
    arabic = _arabic(english, "بلغتين", "bilughatayn")
    assert arabic.translation_key == english.translation_key
    key = english.translation_key
    assert client.get(_id_path(key), HTTP_ACCEPT_LANGUAGE="ar")["Location"] == arabic.url
    assert client.get(_id_path(key), HTTP_ACCEPT_LANGUAGE="en")["Location"] == english.url

    # A restricted translation is never the answer: the public version in the other language is.
    PageViewRestriction.objects.create(page=arabic, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(_id_path(key), HTTP_ACCEPT_LANGUAGE="ar")["Location"] == english.url


def _without(response, value):
    """The body without the identifier asked for, which the 404 page may repeat."""
    return response.content.decode().replace(str(value), "")


def _hidden_pages(site_tree):
    draft = factories.TestimonyPageFactory(parent=site_tree.testimony_index, live=False)
    restricted = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    withdraw_consent(withdrawn, reason="The family asked.")
    unpublished = _published(factories.ArticlePageFactory(parent=site_tree.history_index))
    unpublished.unpublish()
    return {"draft": draft, "restricted": restricted, "withdrawn": withdrawn, "unpublished": unpublished}


def test_an_identifier_of_something_hidden_answers_exactly_as_an_unknown_one(client, site_tree):
    """Draft, restricted, withdrawn and unpublished pages, draft and withdrawn people: a 404 like any unknown id."""
    hidden = {name: page.translation_key for name, page in _hidden_pages(site_tree).items()}
    draft_person = factories.RemembranceFactory(live=False)
    withdrawn_person = factories.RemembranceFactory()
    withdraw_consent(withdrawn_person, reason="The family asked.")
    hidden["draft person"] = draft_person.identifier
    hidden["withdrawn person"] = withdrawn_person.identifier

    unknown_value = uuid.uuid4()
    unknown = client.get(_id_path(unknown_value), follow=True)
    assert unknown.status_code == 404
    for name, value in hidden.items():
        response = client.get(_id_path(value), follow=True)
        assert response.status_code == 404, name
        # Like any unknown address, only the language's own form of the same address was tried.
        assert [url for url, _status in response.redirect_chain] == [f"/en{_id_path(value)}"], name
        assert _without(response, value) == _without(unknown, unknown_value), name

    # The control: the same kinds, public, are found.
    public = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    assert client.get(_id_path(public.translation_key)).status_code == 303


def test_a_person_is_found_under_the_names_index_and_a_draft_edit_never_moves_the_address(client, site_tree):
    """A person's identifier goes to the live record's address; a draft's new names change nothing."""
    person = factories.RemembranceFactory(name_latin="Khaled Hamwi")
    response = client.get(_id_path(person.identifier))
    assert response.status_code == 303
    assert response["Location"] == person.get_url_under(site_tree.names_index)
    live_address = response["Location"]

    person.name_latin = "Qzdraftname Hamwi"
    person.save_revision()
    response = client.get(_id_path(person.identifier))
    assert response["Location"] == live_address
    assert "qzdraftname" not in response["Location"].lower()


def test_places_and_events_go_to_the_public_page_that_shows_them(client, site_tree):
    place = factories.PlaceFactory(name="Old City")
    event = factories.EventFactory(title="The siege begins")
    assert client.get(_id_path(place.translation_key))["Location"] == site_tree.places_index.url_for_place(place)
    assert client.get(_id_path(event.translation_key))["Location"] == f"{site_tree.timeline.url}#event-{event.pk}"

    # Without a public page showing them, they have no public address.
    site_tree.places_index.unpublish()
    site_tree.timeline.unpublish()
    assert client.get(_id_path(place.translation_key), follow=True).status_code == 404
    assert client.get(_id_path(event.translation_key), follow=True).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/id/not-a-uuid/",
        "/id/{upper}/",
        "/id/{value}x/",
        "/id/{value}/../../admin/",
        "/id/%00/",
        "/id/" + "a" * 5000 + "/",
        "/id/{value}/extra/",
    ],
)
def test_hostile_identifier_addresses_are_404s(client, site_tree, address):
    page = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    value = str(page.translation_key)
    response = client.get(address.format(value=value, upper=value.upper()), follow=True)
    assert response.status_code == 404


def test_only_safe_methods(client, site_tree):
    page = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    assert client.post(_id_path(page.translation_key)).status_code == 405
    assert client.head(_id_path(page.translation_key)).status_code == 303


def test_imported_people_each_get_an_identifier_of_their_own():
    build = PersonBuilder()
    people = [build(name_latin=f"Person {n}") for n in range(3)]
    assert len({person.identifier for person in people}) == 3


def test_citations_use_the_permanent_address(client, site_tree):
    """The "how to cite" block gives the /id/ address, which outlives titles and slugs."""
    page = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index))
    body = client.get(page.url).content.decode()
    assert identifiers.url_of(page.translation_key) in body
    person = factories.RemembranceFactory()
    body = client.get(person.get_url_under(site_tree.names_index)).content.decode()
    assert identifiers.url_of(person.identifier) in body
    body = client.get(site_tree.article.url).content.decode()
    assert identifiers.url_of(site_tree.article.translation_key) in body


def test_identifier_of_knows_pages_people_places_and_events(site_tree):
    place = factories.PlaceFactory()
    event = factories.EventFactory()
    person = factories.RemembranceFactory()
    assert identifiers.identifier_of(site_tree.article) == site_tree.article.translation_key
    assert identifiers.identifier_of(place) == place.translation_key
    assert identifiers.identifier_of(event) == event.translation_key
    assert identifiers.identifier_of(person) == person.identifier
    assert identifiers.identifier_of(object()) is None
    assert identifiers.parse("nonsense") is None


def test_a_merged_person_leads_to_the_record_kept(client, site_tree):
    """A citation of a merged record keeps working: it leads to the record it was merged into."""
    kept = factories.RemembranceFactory(name_latin="Khaled Hamwi")
    merged = factories.RemembranceFactory(name_latin="Khalid al-Hamwi")
    merge(kept, merged)
    merged.refresh_from_db()
    assert not merged.live
    response = client.get(_id_path(merged.identifier))
    assert response.status_code == 303
    assert response["Location"] == kept.get_url_under(site_tree.names_index)

    # Once the kept record is withdrawn too, both identifiers answer 404.
    withdraw_consent(kept, reason="The family asked.")
    assert client.get(_id_path(merged.identifier), follow=True).status_code == 404


def test_publishing_a_revision_never_moves_the_identifier(site_tree):
    """A revision saved before records had identifiers holds none: publishing it keeps the record's."""
    person = factories.RemembranceFactory(name_latin="Khaled Hamwi")
    identifier = person.identifier
    revision = person.save_revision()
    content = dict(revision.content)
    content.pop("identifier", None)
    revision.content = content
    revision.save(update_fields=["content"])
    revision.publish()
    person.refresh_from_db()
    assert person.identifier == identifier
