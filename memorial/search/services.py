"""Site search across the three families: testimonies, the names memorial and history."""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, TextField, Value, When
from wagtail.models import Page, get_page_models

from memorial.core.navigation import section_pages
from memorial.core.params import clean_text
from memorial.core.sites import active_locale
from memorial.publication import gate
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
    people_index_url: str = ""
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


def page_hits(page_ids):
    """{pk: page} of the public pages among ``page_ids``, in one query whatever their types.

    Each page is Wagtail's base ``Page`` with what a result shows: ``hit_kind`` (its type's name)
    and ``hit_description`` (the search description, else its type's ``description_field``, read
    by a subquery per type rather than a query per type).
    """
    sources = [
        When(content_type_id=ContentType.objects.get_for_model(model).pk, then=model.description_source())
        for model in get_page_models()
        if getattr(model, "description_field", None)
    ]
    pages = gate.public_pages(Page.objects.filter(pk__in=page_ids)).select_related("locale")
    if sources:
        pages = pages.annotate(description_source=Case(*sources, default=Value(""), output_field=TextField()))
    found = {}
    for page in pages:
        model = page.specific_class or Page
        page.hit_kind = model._meta.verbose_name
        source = getattr(page, "description_source", "")
        page.hit_description = page.search_description or (
            model.description_from(source) if hasattr(model, "description_from") else source or ""
        )
        found[page.pk] = page
    return found


def names_index(locale, request=None):
    """(the public names index page of the language, its address), or (None, None).

    With a request it comes from the section pages kept for the publication generation
    (``core.navigation``), without a query.
    """
    if request is not None:
        found = section_pages(request, locale.pk).get("names")
        return found if found is not None else (None, None)
    page = RemembranceIndexPage.objects.live().public().filter(locale=locale).first()
    return (page, page.url) if page is not None else (None, None)


def search_site(raw_query, locale=None, request=None):
    query = clean_query(raw_query)
    locale = locale or active_locale()
    if not query:
        return SearchResults(query="", pages=[], people=[], people_index=None)
    words = backend_query(query)
    if not words:
        return SearchResults(query=query, pages=[], people=[], people_index=None)
    # Search backends cannot filter on view restrictions or consent, so the gate checks the hits afterwards.
    hits = [page.pk for page in Page.objects.live().filter(locale=locale).exclude(depth__lte=1).search(words)[:200]]
    allowed = page_hits(hits)
    pages = [allowed[pk] for pk in hits if pk in allowed][:PAGE_RESULTS]
    people_index, index_url = names_index(locale, request)
    people = search_people(query) if people_index else []
    return SearchResults(
        query=query,
        pages=pages,
        people=[(p, p.get_url_under(people_index, index_url)) for p in people],
        people_index=people_index,
        people_index_url=index_url or "",
        moments=search_moments(words, locale),
        notes=find_notes(words, locale),
    )
