"""What a harvester receives: the records of a page of a list, as Dublin Core in both languages.

Which records exist, when each last changed for the public and which have left it come from
``PublicState`` (``memorial.publication.states``); what each public record says comes from the
records themselves, read through the publication gate again, in a fixed number of queries per
family whatever the page holds. A record the gate no longer lets through is sent as deleted,
never with its metadata.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from memorial.core.models import DatePrecision
from memorial.history.models import ArticlePage
from memorial.publication import gate, identifiers, states
from memorial.publication.models import PublicState
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies.models import TestimonyLanguage, TestimonyPage

from .protocol import PAGE_SIZE

FAMILY_SETS = {"testimony": "Testimonies", "person": "People remembered", "article": "History articles"}
# The kind of each record, in the language of each version (dc:type beside DCMI's "Text").
TESTIMONY_TYPE = gettext_noop("oral history testimony")
ARTICLE_TYPE = gettext_noop("history article")
# Arabic names written in Latin letters are a transliteration of Arabic, not English.
LATIN_NAME_LANGUAGE = "ar-Latn"


@dataclass
class Element:
    name: str  # a Dublin Core element: title, creator, ...
    value: str
    language: str = ""


@dataclass
class Record:
    state: PublicState
    deleted: bool = False
    elements: list = field(default_factory=list)

    @property
    def set_specs(self):
        specs = [f"family:{self.state.family}"]
        specs += [f"language:{code}" for code in self.state.language_codes]
        return specs


def sets():
    """[(setSpec, name)] of every set: the families and the site's languages, each under its parent."""
    found = [("family", "By kind of record")]
    found += [(f"family:{name}", FAMILY_SETS.get(name, name)) for name in states.families()]
    found += [("language", "By language")]
    found += [(f"language:{code}", name) for code, name in settings.LANGUAGES]
    return found


def set_specs():
    return {spec for spec, _name in sets()}


def _in_set(queryset, spec):
    if not spec or spec in ("family", "language"):
        return queryset
    group, _colon, value = spec.partition(":")
    if group == "family":
        return queryset.filter(family=value)
    return queryset.filter(languages__contains=f" {value} ")


def matching(query):
    """The states a list asks for, in (datestamp, identifier) order, after its token's last record."""
    rows = _in_set(PublicState.objects.filter(family__in=list(states.families())), query.set_spec)
    if query.lower is not None:
        rows = rows.filter(changed_at__gte=query.lower)
    if query.upper is not None:
        rows = rows.filter(changed_at__lt=query.upper)
    return rows


def page_of(query):
    """(states of this page, how many match the list in all, whether more follow)."""
    rows = matching(query)
    total = rows.count()
    if query.after is not None:
        moment, last = query.after
        rows = rows.filter(Q(changed_at__gt=moment) | Q(changed_at=moment, identifier__gt=last))
    found = list(rows.order_by("changed_at", "identifier")[: PAGE_SIZE + 1])
    return found[:PAGE_SIZE], total, len(found) > PAGE_SIZE


# Dublin Core of each family ------------------------------------------------------------------


def _absolute(path):
    return path if "://" in path else settings.SITE_BASE_URL + path


def _partial_date(value, precision):
    """An ISO 8601 date no more precise than it is known (W3CDTF: a year, a month or a day)."""
    if value is None:
        return ""
    if precision == DatePrecision.MONTH:
        return value.strftime("%Y-%m")
    if precision in (DatePrecision.YEAR, DatePrecision.APPROXIMATE):
        return value.strftime("%Y")
    return value.isoformat()


def _ordered(versions):
    order = [code for code, _name in settings.LANGUAGES]
    return sorted(
        versions, key=lambda p: order.index(p.locale.language_code) if p.locale.language_code in order else 99
    )


def _versions_by_key(pages):
    """{translation key: the language versions of one record, in the site's language order}."""
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    return {key: _ordered(versions) for key, versions in by_key.items()}


def _page_common(key, versions, kind_label):
    elements = []
    for page in versions:
        elements.append(Element("title", page.title, page.locale.language_code))
    elements.append(Element("identifier", identifiers.url_of(key)))
    for page in versions:
        elements.append(Element("identifier", _absolute(page.url)))
    elements.append(Element("publisher", settings.WAGTAIL_SITE_NAME))
    for page in versions:
        with translation.override(page.locale.language_code):
            elements.append(Element("type", gettext(kind_label), page.locale.language_code))
    elements.append(Element("type", "Text"))
    return elements


def _testimonies(keys):
    pages = list(
        gate.public_pages(TestimonyPage.objects.filter(translation_key__in=keys))
        .select_related("locale")
        .prefetch_related("places", "themes")
    )
    labels = TestimonyPage.public_witness_labels(pages)
    records = {}
    for key, versions in _versions_by_key(pages).items():
        elements = _page_common(key, versions, TESTIMONY_TYPE)
        first = versions[0]
        for page in versions:
            if labels.get(page.pk):
                elements.append(Element("creator", labels[page.pk], page.locale.language_code))
                break
        if first.interviewer:
            elements.append(Element("contributor", first.interviewer))
        for page in versions:
            elements.append(Element("description", page.summary, page.locale.language_code))
        if first.interview_date:
            elements.append(Element("date", first.interview_date.isoformat()))
        if first.language in TestimonyLanguage.values and first.language != TestimonyLanguage.OTHER:
            elements.append(Element("language", first.language))
        for page in versions:
            code = page.locale.language_code
            elements += [Element("subject", theme.name, code) for theme in page.themes.all()]
            elements += [Element("coverage", place.name, code) for place in page.places.all()]
        records[key] = elements
    return records


def _articles(keys):
    pages = list(
        gate.public_pages(ArticlePage.objects.filter(translation_key__in=keys))
        .select_related("locale")
        .prefetch_related("places", "sources")
    )
    records = {}
    for key, versions in _versions_by_key(pages).items():
        elements = _page_common(key, versions, ARTICLE_TYPE)
        for page in versions:
            elements.append(Element("description", page.introduction, page.locale.language_code))
        first = versions[0]
        if first.first_published_at:
            elements.append(Element("date", first.first_published_at.date().isoformat()))
        for page in versions:
            code = page.locale.language_code
            elements += [Element("coverage", place.name, code) for place in page.places.all()]
            elements += [Element("source", source.full_citation, code) for source in page.sources.all()]
        records[key] = elements
    return records


def _people(keys):
    people = list(
        gate.public_records(Remembrance.objects.filter(identifier__in=keys)).select_related("place", "place__locale")
    )
    indexes = {
        index.locale.language_code: index
        for index in gate.public_pages(RemembranceIndexPage.objects.select_related("locale"))
    }
    records = {}
    for person in people:
        elements = []
        if person.name_ar:
            elements.append(Element("title", person.name_ar, "ar"))
        if person.name_latin:
            elements.append(Element("title", person.name_latin, LATIN_NAME_LANGUAGE))
        elements.append(Element("identifier", identifiers.url_of(person.identifier)))
        for code, _name in settings.LANGUAGES:
            if code in indexes:
                elements.append(Element("identifier", _absolute(person.get_url_under(indexes[code]))))
        elements.append(Element("publisher", settings.WAGTAIL_SITE_NAME))
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                description = gettext("Memorial record of a person: %(fate)s.") % {"fate": person.get_fate_display()}
                elements.append(Element("type", gettext("memorial record"), code))
                elements.append(Element("description", description, code))
        elements.append(Element("type", "Text"))
        date = _partial_date(person.death_date, person.death_date_precision)
        if date:
            elements.append(Element("date", date))
        if person.place is not None:
            elements.append(Element("coverage", person.place.name, person.place.locale.language_code))
        records[person.identifier] = elements
    return records


_BUILDERS = {"testimony": _testimonies, "article": _articles, "person": _people}


def records_for(page_states, with_metadata=True):
    """A Record for each state, in order: deleted for a tombstone or anything the gate now holds back."""
    by_family = {}
    for state in page_states:
        if state.is_public:
            by_family.setdefault(state.family, []).append(state.identifier)
    built = {}
    for family_name, keys in by_family.items():
        builder = _BUILDERS.get(family_name)
        if builder is not None:
            built.update(builder(keys))
    records = []
    for state in page_states:
        elements = built.get(state.identifier)
        if not state.is_public or elements is None:
            records.append(Record(state, deleted=True))
        else:
            records.append(Record(state, elements=elements if with_metadata else []))
    return records
