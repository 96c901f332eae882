"""Site search across the three families: testimonies, the names memorial and history."""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Locale, Page

from memorial.remembrance.models import Remembrance, RemembranceIndexPage

MAX_QUERY_LENGTH = 200
PAGE_RESULTS = 20
PEOPLE_RESULTS = 20


def clean_query(raw):
    """Trim a visitor's query to something safe to search: printable, single-spaced, bounded."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


@dataclass
class SearchResults:
    query: str
    pages: list
    people: list
    people_index: object

    @property
    def total(self):
        return len(self.pages) + len(self.people)


def search_people(query, limit=PEOPLE_RESULTS):
    """Names memorial search: any name form, in either script, public records only."""
    terms = query.split()
    qs = Remembrance.objects.public()
    for term in terms[:8]:
        qs = qs.filter(Q(name_latin__icontains=term) | Q(name_ar__icontains=term) | Q(name_variants__icontains=term))
    return list(qs.for_listing()[:limit])


def search_site(raw_query, locale=None):
    query = clean_query(raw_query)
    locale = locale or Locale.get_active()
    if not query:
        return SearchResults(query="", pages=[], people=[], people_index=None)
    pages = list(
        Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1).specific().search(query)[:PAGE_RESULTS]
    )
    people_index = RemembranceIndexPage.objects.live().public().filter(locale=locale).first()
    people = search_people(query) if people_index else []
    return SearchResults(
        query=query, pages=pages, people=[(p, p.get_url_under(people_index)) for p in people], people_index=people_index
    )
