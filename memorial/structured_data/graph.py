"""schema.org JSON-LD for every public page: what the page shows, described for machines.

Every node describes only what the page itself shows the public, read from the same gated
context the template renders (the people a testimony names are those the gate let through,
the transcript is the public, redacted one, the media URL is the public copy). Witnesses are
named only as ``TestimonyPage.public_witness_labels`` allows. Things with a permanent identifier
take it as their ``@id`` (``/id/<uuid>/``).
"""

import json

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Page

from memorial.core import sites
from memorial.core.models import DatePrecision
from memorial.history.models import ArticlePage, Event, TimelinePage
from memorial.publication import identifiers
from memorial.recordings import public
from memorial.recordings.timecodes import format_iso_duration
from memorial.testimonies.models import TestimonyLanguage, TestimonyPage

CONTEXT = "https://schema.org"
# Characters that could end the <script> element or start markup, written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script(graph):
    """The ``<script type="application/ld+json">`` element; no text in it can close the element."""
    text = json.dumps(graph, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)


def _absolute(url):
    if not url:
        return ""
    return url if "://" in url else settings.SITE_BASE_URL + url


def _id(obj):
    value = identifiers.identifier_of(obj)
    return identifiers.url_of(value) if value else None


def _partial_date(value, precision):
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.strftime("%Y-%m")
    if precision in (DatePrecision.YEAR, DatePrecision.APPROXIMATE):
        return value.strftime("%Y")
    return value.isoformat()


def _clean(node):
    """The node without empty values (JSON-LD has no use for them)."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def site_nodes(request, language):
    base = settings.SITE_BASE_URL
    home = f"{base}/{language}/"
    organization = {
        "@type": "Organization",
        "@id": f"{base}/#organization",
        "name": str(settings.WAGTAIL_SITE_NAME),
        "url": home,
    }
    website = {
        "@type": "WebSite",
        "@id": f"{base}/#website",
        "name": str(settings.WAGTAIL_SITE_NAME),
        "url": home,
        "inLanguage": language,
        "publisher": {"@id": organization["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": base + reverse("search") + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [website, organization]


def place_node(place, full=False):
    node = {"@type": "Place", "@id": _id(place), "name": place.name}
    if full:
        node["alternateName"] = [name.strip() for name in place.other_names.split(";") if name.strip()]
        node["description"] = place.description
    if place.latitude is not None and place.longitude is not None:
        node["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return _clean(node)


def person_node(person, full=False, url=None):
    node = {"@type": "Person", "@id": _id(person), "name": person.display_name()}
    if full:
        names = [person.name_ar, person.name_latin, *person.variants]
        node["alternateName"] = [name for name in dict.fromkeys(names) if name and name != node["name"]]
        node["url"] = url
        node["birthDate"] = _partial_date(person.birth_date, person.birth_date_precision)
        node["deathDate"] = _partial_date(person.death_date, person.death_date_precision)
        if person.place_id:
            # In the reader's language where the place has been translated, as the page shows it.
            node["deathPlace"] = place_node(person.localized_place)
    return _clean(node)


def event_node(event):
    node = {
        "@type": "Event",
        "@id": _id(event),
        "name": event.title,
        "startDate": _partial_date(event.date, event.date_precision),
        "endDate": _partial_date(event.end_date, event.date_precision) if event.end_date else None,
        "description": event.description,
        "location": [place_node(place) for place in event.places.all()],
        "eventStatus": "https://schema.org/EventScheduled",
    }
    return _clean(node)


def _source(source):
    return _clean({"@type": "CreativeWork", "name": source.full_citation, "url": source.url})


def breadcrumbs(crumbs):
    """A BreadcrumbList of (name, url) pairs, home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": _absolute(url)}
            for n, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _media_nodes(testimony):
    """The public copies of the recordings, with their public (redacted) transcripts."""
    nodes = []
    for group in public.for_rendering(testimony):
        copy = group.public_copy
        if copy is None or group.recording is None or not getattr(copy, "file", None):
            continue
        media = group.recording.media
        kind = "VideoObject" if getattr(media, "type", "") == "video" else "AudioObject"
        original = next((item for item in group.transcripts if item.transcript.kind == "original"), None)
        chosen = original or (group.transcripts[0] if group.transcripts else None)
        transcript = " ".join(cue.text for cue in chosen.cues) if chosen is not None else ""
        nodes.append(
            _clean(
                {
                    "@type": kind,
                    "name": testimony.title,
                    "contentUrl": _absolute(copy.file.url),
                    "duration": format_iso_duration(group.duration) if group.duration else None,
                    "transcript": transcript,
                    "inLanguage": chosen.transcript.language if chosen is not None else None,
                }
            )
        )
    return nodes


def testimony_node(page, context, url):
    label = TestimonyPage.public_witness_labels([page]).get(page.pk, "")
    language = page.language if page.language != TestimonyLanguage.OTHER else None
    about = [person_node(person) for person in context.get("related_people", [])]
    about += [place_node(place) for place in context.get("related_places", [])]
    about += [{"@type": "Event", "@id": _id(event), "name": event.title} for event in context.get("related_events", [])]
    node = {
        "@type": ["ArchiveComponent", "CreativeWork"],
        "@id": _id(page),
        "url": url,
        "name": page.title,
        "description": page.summary,
        "inLanguage": language,
        "dateCreated": page.interview_date.isoformat() if page.interview_date else None,
        "datePublished": page.first_published_at.date().isoformat() if page.first_published_at else None,
        "author": {"@type": "Person", "name": label} if label else None,
        "about": about,
        "holdingArchive": {"@id": f"{settings.SITE_BASE_URL}/#organization"},
        "associatedMedia": _media_nodes(page),
        "citation": [_source(source) for source in context.get("page_sources", [])],
    }
    return _clean(node)


def article_node(page, context, url):
    node = {
        "@type": "Article",
        "@id": _id(page),
        "url": url,
        "headline": page.title,
        "description": page.introduction,
        "inLanguage": sites.language_code_of(page),
        "datePublished": page.first_published_at.isoformat() if page.first_published_at else None,
        "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
        "publisher": {"@id": f"{settings.SITE_BASE_URL}/#organization"},
        "about": [place_node(place) for place in context.get("related_places", [])]
        + [{"@type": "Event", "@id": _id(event), "name": event.title} for event in context.get("related_events", [])],
        "citation": [_source(source) for source in context.get("page_sources", [])],
    }
    return _clean(node)


def page_node(page, url):
    return _clean(
        {
            "@type": "WebPage",
            "@id": _id(page),
            "url": url,
            "name": page.title,
            "description": strip_tags(page.get_meta_description()) if hasattr(page, "get_meta_description") else "",
            "inLanguage": sites.language_code_of(page),
            "isPartOf": {"@id": f"{settings.SITE_BASE_URL}/#website"},
        }
    )


def graph_for(context, crumbs):
    """The whole @graph of a page: the site, the page's own thing, its breadcrumbs."""
    request = context.get("request")
    language = translation.get_language() or settings.LANGUAGE_CODE
    nodes = site_nodes(request, language)
    page = context.get("page")
    url = _absolute(request.path) if request is not None else ""
    person, place = context.get("person"), context.get("place")
    if person is not None and getattr(person, "pk", None):
        nodes.append(person_node(person, full=True, url=url))
    elif place is not None and getattr(place, "pk", None):
        nodes.append(place_node(place, full=True))
    elif isinstance(page, TestimonyPage):
        nodes.append(testimony_node(page, context, url))
    elif isinstance(page, ArticlePage):
        nodes.append(article_node(page, context, url))
    elif isinstance(page, TimelinePage):
        node = page_node(page, url)
        node["about"] = [event_node(event) for event in context.get("events", []) if isinstance(event, Event)]
        nodes.append(_clean(node))
    elif isinstance(page, Page) and page.pk:
        nodes.append(page_node(page, url))
    if crumbs:
        nodes.append(breadcrumbs(crumbs))
    return {"@context": CONTEXT, "@graph": nodes}
