"""axe-core in a real browser on every public page type, in English and in Arabic."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from memorial.core.models import Place, StandardPage
from memorial.history.models import ArticlePage, HistoryIndexPage, PlaceIndexPage, TimelinePage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies import models as testimonies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def public_paths(language):
    """One address of every public page type in a language (that language's pages where they exist)."""
    paths = []

    def first(model):
        page = model.objects.live().filter(locale__language_code=language).first()
        return page or model.objects.live().filter(locale__language_code="en").first()

    for model in (
        testimonies.TestimonyIndexPage,
        testimonies.TestimonyPage,
        RemembranceIndexPage,
        HistoryIndexPage,
        ArticlePage,
        TimelinePage,
        PlaceIndexPage,
        StandardPage,
    ):
        page = first(model)
        if page is not None:
            paths.append(page.url)
    names = first(RemembranceIndexPage)
    person = Remembrance.objects.public().first()
    paths.append(person.get_url_under(names))
    places = first(PlaceIndexPage)
    place = Place.objects.filter(locale=places.locale).first()
    paths.append(places.url_for_place(place))
    with translation.override(language):
        paths.append(reverse("search") + "?q=Hama")
    paths.append(f"/{language}/")
    paths.append(f"/{language}/no-such-page/")
    return paths


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_violations_on_any_page_type(demo_site, browser, language):
    """Every page type passes axe-core's WCAG 2.2 A and AA rules, left to right and right to left."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in public_paths(language):
        page.goto(demo_site.url + path)
        page.evaluate(AXE)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        if result["violations"]:
            failures[path] = [
                {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                for v in result["violations"]
            ]
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_violations_on_the_public_forms(demo_site, browser, language):
    """The submission forms pass axe-core as first shown and when sent back with errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    with translation.override(language):
        paths = [reverse("submissions:testimony"), reverse("submissions:remembrance")]
    failures = {}
    for path in paths:
        for with_errors in (False, True):
            page.goto(demo_site.url + path)
            if with_errors:
                # Send it empty, past the browser's own checks, so the server's error summary shows.
                page.evaluate("document.querySelector('form[data-submission-form]').noValidate = true")
                with page.expect_navigation():
                    page.click("[data-submit-once]")
                assert page.locator("#form-errors").count() == 1
            page.evaluate(AXE)
            result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            if result["violations"]:
                failures[f"{path} (errors shown: {with_errors})"] = [
                    {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
                    for v in result["violations"]
                ]
    context.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
