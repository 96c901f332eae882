"""Site search across the three families: testimonies, the names memorial and history."""

import re
from dataclasses import dataclass, field

from wagtail.models import Page

from memorial.core.params import clean_text
from memorial.core.querysets import exclude_restricted
from memorial.core.sites import active_locale
from memorial.recordings.search import find_moments, find_notes
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.remembrance.search import search_names

MAX_QUERY_LENGTH = 200
PAGE_RESULTS = 20
PEOPLE_RESULTS = 20


def clean_query(raw):
    """Trim a visitor's query to something safe to search: printable, single-spaced, bounded."""
    return clean_text(raw, MAX_QUERY_LENGTH)


def backend_query(query):
    """Words only: search backends read quotes and operators as query syntax (SQLite's FTS5 fails on them)."""
    return " ".join(re.sub(r"[^\w]+", " ", query).split())


@dataclass
class SearchResults:
    query: str
    pages: list
    people: list
    people_index: object
    moments: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.pages) + len(self.people) + len(self.moments) + len(self.notes)


def search_people(query, limit=PEOPLE_RESULTS):
    """Names memorial search: any name form, in either script, public records only."""
    return search_names(query, people=Remembrance.objects.public(), limit=limit).people


def search_moments(query, locale):
    """Words spoken in public transcripts: each hit a snippet, its timestamp and a deep link to the moment."""
    return find_moments(query, locale)


def search_site(raw_query, locale=None):
    query = clean_query(raw_query)
    locale = locale or active_locale()
    if not query:
        return SearchResults(query="", pages=[], people=[], people_index=None)
    words = backend_query(query)
    if not words:
        return SearchResults(query=query, pages=[], people=[], people_index=None)
    # Search backends cannot filter on view restrictions, so the hits are checked afterwards.
    hits = [page.pk for page in Page.objects.live().filter(locale=locale).exclude(depth__lte=1).search(words)[:200]]
    allowed = exclude_restricted(Page.objects.filter(pk__in=hits)).specific().in_bulk()
    pages = [allowed[pk] for pk in hits if pk in allowed][:PAGE_RESULTS]
    people_index = RemembranceIndexPage.objects.live().public().filter(locale=locale).first()
    people = search_people(query) if people_index else []
    return SearchResults(
        query=query,
        pages=pages,
        people=[(p, p.get_url_under(people_index)) for p in people],
        people_index=people_index,
        moments=search_moments(words, locale),
        notes=find_notes(words, locale),
    )
