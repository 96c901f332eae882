"""One page of every type, in both languages, on a phone and a desktop: screenshots and what a machine can check.

The screenshots go to a temporary folder (printed at the end, never committed) for a person to look at.
"""

import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from memorial.core.models import Place
from memorial.history.models import ArticlePage, HistoryIndexPage, PlaceIndexPage, TimelinePage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies import models as testimonies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = [360, 1280]
LANGUAGES = ["en", "ar"]

# What a machine can see of a layout gone wrong, measured in the page.
PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll('*')].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > root.clientWidth + 1 || box.left < -1);
    }).slice(0, 3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    problems.push('horizontal scroll (' + root.scrollWidth + ' > ' + root.clientWidth + '): ' + wide.join(', '));
  }
  const applied = sheet => { try { return sheet.cssRules.length > 0; } catch (e) { return false; } };
  if (![...document.styleSheets].some(applied)) {
    problems.push('no stylesheet applied');
  }
  const serif = getComputedStyle(document.body).fontFamily;
  if (/^"?Times/.test(serif)) problems.push('body in the browser default font: ' + serif);
  const visible = el => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0; };
  // Navigation lists of short links must not fall one per line (an unstyled list does).
  for (const list of document.querySelectorAll('nav ul, nav ol, .letters__list')) {
    const items = [...list.children].filter(visible);
    if (items.length < 4) continue;
    const short = items.every(li => li.innerText.trim().length <= 24);
    if (!short) continue;
    const rows = new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size;
    if (rows === items.length) {
      problems.push('navigation links one per line: ' + (list.className || list.parentElement.className || 'ul'));
    }
    if (getComputedStyle(list).listStyleType !== 'none' && getComputedStyle(items[0]).display === 'list-item') {
      problems.push('navigation list with bullets (unstyled): ' + (list.className || 'ul'));
    }
  }
  // Images: width and height given, so nothing jumps while they load.
  for (const img of document.querySelectorAll('img')) {
    if (!img.getAttribute('width') || !img.getAttribute('height')) {
      problems.push('image without width/height: ' + (img.getAttribute('src') || '').slice(0, 80));
    }
    // Served through the media view and its gate: a public image that does not load is a fault.
    if (img.complete && img.naturalWidth === 0 && img.getAttribute('loading') !== 'lazy') {
      problems.push('image that did not load: ' + (img.currentSrc || img.getAttribute('src') || '').slice(0, 80));
    }
  }
  // Unstyled controls: buttons and fields left in the browser's default font.
  for (const el of document.querySelectorAll('button, input:not([type=hidden]), select, textarea')) {
    if (!visible(el)) continue;
    const font = getComputedStyle(el).fontFamily;
    if (/^(Arial|"?Times|system-ui)$/.test(font) && getComputedStyle(el).fontSize === '13.3333px') {
      problems.push('unstyled control: ' + el.tagName.toLowerCase() + '[name=' + (el.name || '') + ']');
    }
  }
  return problems;
}"""

LETTER_ROWS = """() => [...document.querySelectorAll('.letters__list')].map(list => {
  const items = [...list.children];
  return {items: items.length, rows: new Set(items.map(li => Math.round(li.getBoundingClientRect().top))).size};
})"""


def page_of_every_type(language):
    """(name, path) of one page of every type in a language (that language's pages where they exist)."""

    def first(model):
        page = model.objects.live().filter(locale__language_code=language).first()
        return page or model.objects.live().filter(locale__language_code="en").first()

    names = first(RemembranceIndexPage)
    places = first(PlaceIndexPage)
    with translation.override(language):
        return [
            ("home", f"/{language}/"),
            ("testimony-index", first(testimonies.TestimonyIndexPage).url),
            ("testimony", first(testimonies.TestimonyPage).url),
            ("names-index", names.url),
            ("person", Remembrance.objects.public().first().get_url_under(names)),
            ("history-index", first(HistoryIndexPage).url),
            ("article", first(ArticlePage).url),
            ("timeline", first(TimelinePage).url),
            ("place", places.url_for_place(Place.objects.filter(locale=places.locale).first())),
            ("search", reverse("search") + "?q=Hama"),
            ("give-a-testimony", reverse("submissions:testimony")),
            ("remember-a-person", reverse("submissions:remembrance")),
        ]


def test_every_page_type_in_both_languages_on_a_phone_and_a_desktop(demo_site, browser):
    """No horizontal scroll, no navigation list one per line, no unstyled page or control, images sized;
    and the letters of the names memorial sit in a few compact rows."""
    folder = Path(tempfile.mkdtemp(prefix="memorial-screenshots-"))
    problems = {}
    letter_rows = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        for language in LANGUAGES:
            for name, path in page_of_every_type(language):
                response = page.goto(demo_site.url + path)
                assert response.status == 200, path
                page.screenshot(path=str(folder / f"{language}-{width}-{name}.png"), full_page=True)
                found = page.evaluate(PROBLEMS)
                if found:
                    problems[f"{language} {width}px {name} ({path})"] = found
                if name == "names-index":
                    letter_rows[(language, width)] = page.evaluate(LETTER_ROWS)
        context.close()
    print(f"\nScreenshots: {folder}")
    assert problems == {}
    for (language, width), lists in letter_rows.items():
        assert [entry["items"] for entry in lists] == [28, 26], (language, width)
        for entry in lists:
            limit = 2 if width >= 1280 else 6
            assert entry["rows"] <= limit, f"{language} {width}px: {entry['items']} letters in {entry['rows']} rows"
