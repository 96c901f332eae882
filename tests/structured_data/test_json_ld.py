"""schema.org JSON-LD: one block on every public page, with the types each page describes."""

import json
import re

import pytest
from wagtail.models import Locale

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.consent.services import apply_record
from memorial.publication import identifiers
from memorial.testimonies.models import WitnessDisplay
from tests import factories

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = BLOCK.findall(response.content.decode())
    assert len(blocks) == 1, url
    return json.loads(blocks[0])


def nodes(data, kind):
    def types(node):
        value = node.get("@type")
        return value if isinstance(value, list) else [value]

    return [node for node in data["@graph"] if kind in types(node)]


def _published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_every_page_describes_the_site_and_its_search(client, site_tree):
    for url in (site_tree.home.url, site_tree.home_ar.url, site_tree.standard.url, "/en/search/?q=x"):
        data = json_ld(client, url)
        assert data["@context"] == "https://schema.org"
        website = nodes(data, "WebSite")[0]
        assert website["potentialAction"]["@type"] == "SearchAction"
        assert "{search_term_string}" in website["potentialAction"]["target"]["urlTemplate"]
        assert nodes(data, "Organization")


def test_a_testimony_is_an_archive_component_about_its_people_and_places(client, site_tree):
    place = factories.PlaceFactory(name="Old City", latitude="35.131000", longitude="36.757000")
    page = factories.TestimonyPageFactory(
        parent=site_tree.testimony_index, title="The cellar", places=[place], witness_display=WitnessDisplay.PSEUDONYM
    )
    person = factories.RemembranceFactory(name_latin="Khaled Hamwi")
    hidden = factories.RemembranceFactory(name_latin="Qzhiddenperson Hamwi", live=False)
    factories.TestimonyPersonFactory(page=page, person=person)
    factories.TestimonyPersonFactory(page=page, person=hidden)
    data = json_ld(client, page.url)
    testimony = nodes(data, "ArchiveComponent")[0]
    assert testimony["@id"] == identifiers.url_of(page.translation_key)
    assert testimony["inLanguage"] == "ar"
    assert testimony["author"]["name"] == page.witness_pseudonym
    about = {node["@id"]: node for node in testimony["about"]}
    assert about[identifiers.url_of(person.identifier)]["@type"] == "Person"
    assert about[identifiers.url_of(place.translation_key)]["geo"]["latitude"] == 35.131
    assert "Qzhiddenperson" not in json.dumps(data)
    crumbs = nodes(data, "BreadcrumbList")[0]["itemListElement"]
    assert [item["position"] for item in crumbs] == [1, 2, 3]
    assert crumbs[-1]["name"] == "The cellar"


def test_an_anonymised_witness_is_never_named(client, site_tree):
    page = _published(
        factories.TestimonyPageFactory(
            parent=site_tree.testimony_index, witness_display=WitnessDisplay.NAMED, witness_name="Qzrealname Hamwi"
        )
    )
    named = json_ld(client, page.url)
    assert nodes(named, "ArchiveComponent")[0]["author"]["name"] == "Qzrealname Hamwi"  # the control

    consent = ConsentRecord.objects.create(
        testimony=page, given_by="the witness", publication_level=PublicationLevel.ANONYMISED
    )
    apply_record(consent)
    data = json_ld(client, page.url)
    assert "Qzrealname" not in json.dumps(data, ensure_ascii=False)
    page.refresh_from_db()
    # The pseudonym the witness chose, never the name.
    assert nodes(data, "ArchiveComponent")[0]["author"]["name"] == page.witness_pseudonym


def test_a_person_has_names_in_both_scripts_a_death_date_and_place(client, site_tree):
    place = factories.PlaceFactory(name="Hader")
    person = factories.RemembranceFactory(name_latin="Khaled Hamwi", name_ar="خالد الحموي", place=place)
    data = json_ld(client, person.get_url_under(site_tree.names_index))
    node = nodes(data, "Person")[0]
    assert node["@id"] == identifiers.url_of(person.identifier)
    assert node["name"] == "Khaled Hamwi"
    assert "خالد الحموي" in node["alternateName"]
    assert node["deathDate"] == "1982-02-10"
    assert node["deathPlace"]["name"] == "Hader"
    crumbs = nodes(data, "BreadcrumbList")[0]["itemListElement"]
    assert crumbs[-1]["name"] == "Khaled Hamwi"


def test_an_article_cites_its_sources(client, site_tree):
    source = factories.SourceFactory(title="Report on the siege")
    site_tree.article.sources.set([source])
    site_tree.article.save()
    node = nodes(json_ld(client, site_tree.article.url), "Article")[0]
    assert node["@id"] == identifiers.url_of(site_tree.article.translation_key)
    assert any("Report on the siege" in citation["name"] for citation in node["citation"])


def test_the_timeline_lists_events_and_a_place_has_geo(client, site_tree):
    place = factories.PlaceFactory(name="Citadel", latitude="35.1", longitude="36.7")
    event = factories.EventFactory(title="The siege begins", places=[place])
    events = nodes(json_ld(client, site_tree.timeline.url), "WebPage")[0]["about"]
    assert events[0]["@type"] == "Event"
    assert events[0]["@id"] == identifiers.url_of(event.translation_key)
    assert events[0]["startDate"] == "1982-02-02"
    node = nodes(json_ld(client, site_tree.places_index.url_for_place(place)), "Place")[0]
    assert node["geo"] == {"@type": "GeoCoordinates", "latitude": 35.1, "longitude": 36.7}


def test_a_title_cannot_break_out_of_the_script(client, site_tree):
    """A title holding </script> and markup stays data: escaped, and parsed back as written."""
    title = '</script><script>alert("x")</script> & <!-- more'
    page = factories.TestimonyPageFactory(parent=site_tree.testimony_index, title=title)
    body = client.get(page.url).content.decode()
    block = BLOCK.findall(body)[0]
    assert "</" not in block and "<script" not in block and "<!--" not in block
    assert nodes(json.loads(block), "ArchiveComponent")[0]["name"] == title


def test_a_translation_shares_the_identifier(client, site_tree):
    english = _published(factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="Two languages"))
    ar_index = site_tree.testimony_index.copy_for_translation(Locale.objects.get(language_code="ar"), copy_parents=True)
    _published(ar_index)
    arabic = english.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.save()
    arabic = _published(arabic)
    ids = {nodes(json_ld(client, page.url), "ArchiveComponent")[0]["@id"] for page in (english, arabic)}
    assert ids == {identifiers.url_of(english.translation_key)}
