"""Every public page type of the demo is rendered in a fixed number of queries, whatever the size of its lists.

The counts are those of a real render with the page cache off (``tests.utils.count_queries``: the
second of two requests, so the shared caches of the site, the section pages, the navigation and the
remembered routes are warm, as they are for every request but the first after a change). Each page
type's count is locked here, and none may be above ``BUDGET``, ten queries a page.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from home.models import HomePage
from memorial.core.models import Place, StandardPage
from memorial.history.models import ArticlePage, HistoryIndexPage, PlaceIndexPage, TimelinePage
from memorial.publication import gate
from memorial.recordings.models import Cue, Segment, Transcript
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies import models as testimonies
from tests import factories
from tests.utils import count_queries, describe_queries

pytestmark = pytest.mark.django_db

BUDGET = 10
# The exact count of each page type with the demo content (English; Arabic where it differs).
COUNTS = {
    "home (en)": 7,
    "home (ar)": 7,
    "testimonies index": 9,
    "testimony with recordings and transcripts": 10,
    "testimony (ar), transcripts of the English version": 10,
    "names index": 3,
    "person": 4,
    "name search": 5,
    "site search": 9,
    "history index": 6,
    "article": 4,
    "timeline": 4,
    "places index": 2,
    "place": 9,
    "about": 3,
    "contribute": 2,
    "testimony form": 1,
    "remember-a-person form": 0,
    "sitemap": 4,
}


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def first(model, language, **filters):
    pages = model.objects.live().filter(locale__language_code=language, **filters).order_by("path")
    return gate.public_pages(pages).first().specific


def recorded_testimony():
    return first(testimonies.TestimonyPage, "en", recordings__transcripts__isnull=False)


def page_urls():
    """One address of every public page type of the demo."""
    testimony = recorded_testimony()
    names = first(RemembranceIndexPage, "en")
    person = Remembrance.objects.public().order_by("pk").first()
    word = re.findall(r"[^\W\d_]+", person.name_latin)[-1]
    places = first(PlaceIndexPage, "en")
    with translation.override("en"):
        search = reverse("search") + "?" + urlencode({"q": "Hama"})
        forms = {name: reverse(f"submissions:{route}") for name, route in (("testimony form", "testimony"),)}
        forms["remember-a-person form"] = reverse("submissions:remembrance")
    return {
        "home (en)": first(HomePage, "en").url,
        "home (ar)": first(HomePage, "ar").url,
        "testimonies index": first(testimonies.TestimonyIndexPage, "en").url,
        "testimony with recordings and transcripts": testimony.url,
        "testimony (ar), transcripts of the English version": first(
            testimonies.TestimonyPage, "ar", translation_key=testimony.translation_key
        ).url,
        "names index": names.url,
        "person": person.get_url_under(names),
        "name search": names.url + "?" + urlencode({"q": word}),
        "site search": search,
        "history index": first(HistoryIndexPage, "en").url,
        "article": first(ArticlePage, "en").url,
        "timeline": first(TimelinePage, "en").url,
        "places index": places.url,
        "place": places.url_for_place(
            Place.objects.filter(locale=Locale.objects.get(language_code="en")).order_by("pk").first()
        ),
        "about": first(StandardPage, "en", slug="about").url,
        "contribute": first(StandardPage, "en", slug="contribute").url,
        **forms,
        "sitemap": "/sitemap.xml",
    }


def counts(client, urls):
    found, described = {}, {}
    for name, url in urls.items():
        response, count, ctx = count_queries(client, url)
        assert response.status_code == 200, f"{name} ({url}) answered {response.status_code}"
        found[name] = count
        described[name] = describe_queries(ctx)
    return found, described


def more_of_everything(testimony):
    """Five more testimonies, twenty more people, and on the testimony a third transcript, more cues,
    more chapters with their places, people and events, more places, themes, sources and people."""
    index = testimonies.TestimonyIndexPage.objects.get(pk=testimony.get_parent().pk)
    people = factories.RemembranceFactory.create_batch(20)
    places = factories.PlaceFactory.create_batch(3)
    events = factories.EventFactory.create_batch(3)
    for i in range(5):
        factories.TestimonyPageFactory(
            parent=index, title=f"More account {i}", places=places, themes=[factories.ThemeFactory()]
        )
    page = testimonies.TestimonyPage.objects.get(pk=testimony.pk)
    page.places.add(*places)
    page.events.add(*events)
    page.themes.add(*factories.ThemeFactory.create_batch(2))
    page.sources.add(*factories.SourceFactory.create_batch(2))
    for person in people[:5]:
        factories.TestimonyPersonFactory(page=page, person=person)
    page.save()
    recording = page.recordings.first()
    third = Transcript.objects.create(testimony=page, recording=recording, language="fr", kind="translation")
    Cue.objects.bulk_create(
        [Cue(transcript=third, start=i, end=i + 1, speaker="Witness", text=f"Phrase {i}") for i in range(30)]
    )
    for transcript in Transcript.objects.filter(testimony=page):
        Cue.objects.bulk_create(
            [Cue(transcript=transcript, start=100 + i, end=101 + i, text=f"More {i}") for i in range(20)]
        )
        for i in range(3):
            segment = Segment.objects.create(transcript=transcript, start=200 + i, title=f"Chapter {i}")
            segment.places.set(places)
            segment.people.set(people[:3])
            segment.events.set(events)
    for person in people:
        person.place = places[0]
        person.death_date = datetime.date(1982, 2, 10)
        person.save()


def test_every_page_type_answers_in_its_locked_number_of_queries(demo, client):
    """Each public page type costs exactly its locked count, each within the budget."""
    found, described = counts(client, page_urls())
    wrong = {name: (count, COUNTS[name]) for name, count in found.items() if count != COUNTS[name]}
    assert not wrong, "queries (found, locked):\n" + "\n\n".join(
        f"{name}: {pair}\n{described[name]}" for name, pair in wrong.items()
    )
    assert all(count <= BUDGET for count in COUNTS.values())


def test_more_people_testimonies_transcripts_and_cues_add_no_query(demo, client):
    """A site with more of everything, and a testimony with a third transcript, more cues, chapters and
    relations, costs the same number of queries on every page type."""
    urls = page_urls()
    before, _described = counts(client, urls)
    more_of_everything(recorded_testimony())
    after, described = counts(client, urls)
    # A name search may need fewer steps when more names match (no widening to near spellings).
    grew = {name: (before[name], after[name]) for name in urls if after[name] > before[name]}
    assert not grew, "queries (before, after):\n" + "\n\n".join(
        f"{name}: {pair}\n{described[name]}" for name, pair in grew.items()
    )
