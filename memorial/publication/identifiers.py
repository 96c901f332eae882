"""Stable identifiers: one permanent UUID for each thing the archive publishes.

``/id/<uuid>/`` answers with a redirect to the thing's current public address. The identifier
never changes when a title, a slug or a parent does, and it is what citations, OAI-PMH and
JSON-LD (``@id``) use.

- A page (a testimony, an article, any other page) is identified by its Wagtail
  ``translation_key``: a translation shares the identifier of its source, because it is the
  same testimony or article in another language. The redirect goes to the version in the
  visitor's language when that one is public, else to a public version in another language.
- A person's record is one record for both languages: ``Remembrance.identifier``.
- A place and a timeline event are translatable snippets: their ``translation_key`` too.

An identifier of something the public may not see answers 404, exactly as an unknown one does:
pages and records are asked of the gate, and a place or an event has an address only while
the section page that shows it (the places index, the timeline) is public. The families say
how to find and address their records with ``register``; this layer imports none of them.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from . import gate


@dataclass(frozen=True)
class Kind:
    """A kind of record with an identifier of its own (a person, a place, an event)."""

    name: str
    model: type
    field: str
    address: object  # function(record, language_code) -> a path on the site, or None when nothing public shows it
    successor: object = None  # function(record) -> the record that replaced it (a merge), or None


_kinds = {}  # name -> Kind


# How many replacements (a merge into a record later merged again) an identifier is followed through.
MAX_SUCCESSORS = 5


def register(name, model, address, field="translation_key", successor=None):
    """A family says which records carry identifiers (in ``field``), where each is shown, and what replaced one."""
    _kinds[name] = Kind(name, model, field, address, successor)


def kinds():
    return list(_kinds.values())


def identifier_of(obj):
    """The permanent identifier of a page or a registered record, or None."""
    if obj is None:
        return None
    if isinstance(obj, Page):
        return obj.translation_key
    for kind in _kinds.values():
        if isinstance(obj, kind.model):
            return getattr(obj, kind.field, None)
    return None


def path_of(value):
    """The site path of an identifier: ``/id/<uuid>/``."""
    return reverse("identifier", kwargs={"identifier": value})


def url_of(value):
    """The absolute address of an identifier, on the site's canonical base address."""
    return settings.SITE_BASE_URL + path_of(value)


def parse(value):
    """A UUID from text, or None for anything that is not one."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _preferred(candidates, language_code, language_of):
    """The candidate in the visitor's language, else the one in the default language, else the first."""
    by_language = {}
    for candidate in candidates:
        by_language.setdefault(language_of(candidate), candidate)
    for code in (language_code, settings.LANGUAGE_CODE):
        if code in by_language:
            return by_language[code]
    return candidates[0] if candidates else None


def _page_address(value, language_code):
    pages = list(
        gate.public_pages(Page.objects.filter(translation_key=value))
        .select_related("locale")
        .order_by("alias_of_id", "pk")  # the page itself before any alias of it
    )
    page = _preferred(pages, language_code, lambda p: p.locale.language_code)
    return page.url if page is not None else None


def public_address(value, language_code=None):
    """The current public path of an identifier in a language, or None (unknown or not public)."""
    value = parse(value)
    if value is None:
        return None
    language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    address = _page_address(value, language_code)
    if address:
        return address
    for kind in _kinds.values():
        records = _public_or_successor(kind, kind.model._default_manager.filter(**{kind.field: value}))
        found = []
        for record in records:
            address = kind.address(record, language_code)
            if address:
                found.append((record, address))
        if found:
            return _preferred(found, language_code, _record_language)[1]
    return None


def _public_or_successor(kind, records):
    """The public records among these; for one no longer public, the public record that replaced it (a merge).

    A merged person's identifier stays a working citation: it leads to the record kept, while that
    one is public. A withdrawn or unpublished record has no successor and stays a 404.
    """
    if not gate.is_registered(kind.model):
        return list(records)
    records = list(records)
    for _hop in range(MAX_SUCCESSORS):
        public = list(gate.public_records(kind.model._default_manager.filter(pk__in=[r.pk for r in records])))
        if public or kind.successor is None:
            return public
        records = [successor for successor in map(kind.successor, records) if successor is not None]
        if not records:
            return []
    return []


def _record_language(pair):
    locale = getattr(pair[0], "locale", None)
    return locale.language_code if locale is not None else settings.LANGUAGE_CODE
