"""Every Arabic public page of the demo is Arabic: no English interface text, Arabic content, Arabic dates.

People's records are not translated (a record is kept in the language it was given in), so on
their pages only the interface is checked.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from home.models import HomePage
from memorial.core.models import Place, Source
from memorial.demo import content, content_ar
from memorial.history.models import PlaceIndexPage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage

from .html_text import PageText, latin_phrases

PO_PATH = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"
ENGLISH_MONTHS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")


def _normalise(text):
    return " ".join(re.sub(r"<[^>]+>", " ", text).split()).strip(" .:…")


def english_interface_strings():
    """The catalogue's English strings that have an Arabic translation different from themselves.

    Only strings with a word of three letters or more: "OK"-sized fragments would match content.
    """
    strings = set()
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete or "%(" in entry.msgid or "{" in entry.msgid:
            continue
        if entry.msgstr and entry.msgstr != entry.msgid and re.search(r"[A-Za-z]{3,}", entry.msgid):
            strings.add(_normalise(entry.msgid))
    return strings


def arabic_public_paths():
    """Every Arabic public address the demo has, in two groups.

    ``translated``: pages, places, forms and a search with no result, whose content the demo
    translates. ``records``: people's records (and lists of them), which are kept in the
    language they were given in; only their interface must be Arabic.
    """
    translated = [p.url for p in Page.objects.live().public().filter(locale__language_code="ar", depth__gt=1)]
    places = PlaceIndexPage.objects.live().get(locale__language_code="ar")
    translated += [places.url_for_place(place) for place in Place.objects.filter(locale__language_code="ar")]
    names = RemembranceIndexPage.objects.live().get(locale__language_code="ar")
    records = [person.get_url_under(names) for person in Remembrance.objects.public()]
    translated.remove(names.url)
    records.append(names.url)
    records.append(names.url + "?q=%D8%AD%D9%85%D8%A7%D8%A9")
    with translation.override("ar"):
        translated += [
            reverse("search") + "?q=zzzz-no-result",
            reverse("submissions:testimony"),
            reverse("submissions:remembrance"),
        ]
        records.append(reverse("search") + "?q=%D8%AD%D9%85%D8%A7%D8%A9")
    return translated, records


@pytest.mark.django_db
def test_arabic_pages_have_no_english_left(client):
    """On an Arabic page, every word a visitor reads or hears is Arabic, or is marked with its own language."""
    call_command("load_demo", verbosity=0)
    interface = english_interface_strings()
    translated, records = arabic_public_paths()
    assert len(translated) > 15 and len(records) > 10  # sections, articles, testimonies, places, people

    problems = {}

    def report(path, kind, text):
        problems.setdefault(path, set()).add(f"{kind}: {text[:100]}")

    for path in [*translated, *records, "/ar/no-such-page/"]:
        response = client.get(path)
        expected = 404 if path.endswith("no-such-page/") else 200
        if response.status_code != expected:
            report(path, "status", str(response.status_code))
            continue
        html = response.content.decode()
        page = PageText.of(html)
        if page.html_attrs.get("lang") != "ar" or page.html_attrs.get("dir") != "rtl":
            report(path, "html", str(page.html_attrs))
        for text, where in page.texts_in("ar"):
            if _normalise(text) in interface:
                report(path, f"untranslated interface text in <{where}>", text)
            if path in records:
                continue
            for phrase in latin_phrases(text):
                report(path, f"English text not marked lang=en in <{where}>", phrase)
            if ENGLISH_MONTHS.search(text):
                report(path, "English month name", text)
            if EASTERN_DIGITS.search(text) and where != "bdi":
                # Figures, dates and counts from the interface use 0-9; the text around them must
                # match. Names (isolated in <bdi>) are kept as they were recorded.
                report(path, "Eastern Arabic digits (the site uses 0-9 throughout)", text)
    assert not problems, "\n".join(f"{path}\n  " + "\n  ".join(sorted(items)) for path, items in problems.items())


@pytest.mark.django_db
def test_the_english_pages_are_marked_english(client):
    """The same visitor-facing strings are English on the English pages (the check above can fail)."""
    call_command("load_demo", verbosity=0)
    ar_home = HomePage.objects.get(locale__language_code="ar")
    revisions = ar_home.revisions.count()
    call_command("load_demo", verbosity=0)  # a second run adds nothing and changes nothing
    assert Source.objects.filter(locale__language_code="ar").count() == len(content.SOURCES)
    assert ar_home.revisions.count() == revisions
    ar_home.refresh_from_db()
    assert ar_home.timeline_heading == content_ar.HOME["timeline_heading"]
    interface = english_interface_strings()
    page = PageText.of(client.get("/en/").content.decode())
    assert page.html_attrs.get("lang") == "en"
    assert page.html_attrs.get("dir") == "ltr"
    found = {_normalise(text) for text, _where in page.texts_in("en")} & interface
    assert {"Skip to content", "Search"} <= found
