"""Keyboard-only use, narrow screens and 200% zoom, and the mirrored layout, in a real browser."""

import pytest
from django.urls import reverse
from django.utils import translation

from memorial.submissions.models import Submission

from .test_accessibility import public_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What the focused element is, where it is, and whether focus can be seen on it.
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const hidden = el.closest('[aria-hidden="true"], [hidden], .visually-hidden');
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id,
    text: (el.innerText || el.value || '').trim().slice(0, 60),
    visible: box.width > 0 && box.height > 0 && !hidden,
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
  };
}"""


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_testimony_can_be_given_with_the_keyboard_alone(demo_site, browser, language):
    """Tab reaches every field of the submission form in order, with visible focus, and Enter sends it."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    with translation.override(language):
        page.goto(demo_site.url + reverse("submissions:testimony"))

    answers = {
        "title": "The night they came to our street",
        "story": "We heard the shelling from the north of the city.",
        "consent_given_by": "Sample witness",
    }
    visited = []
    for _step in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            continue
        assert focused["visible"], f"focus went to something that cannot be seen: {focused}"
        assert focused["indicator"], f"no visible focus indicator on {focused}"
        name = focused["name"]
        if name in visited and focused["type"] != "radio":
            continue
        if page.evaluate("document.activeElement.closest('form[data-submission-form]') !== null"):
            visited.append(name)
            if name in answers:
                page.keyboard.type(answers[name])
            elif focused["tag"] == "select":
                page.keyboard.press("ArrowDown")  # the first real choice
            elif name == "consent":
                page.keyboard.press("Space")
            elif focused["type"] == "submit":
                break
    assert "website" not in visited, "the hidden anti-spam field must not take keyboard focus"
    for required in ("title", "story", "witness_relation", "language", "publication_level", "consent"):
        assert required in visited, f"{required} was never reached with Tab: {visited}"
    assert page.evaluate("document.activeElement.type") == "submit"
    assert page.evaluate("document.querySelector('[name=consent]').checked")

    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()

    assert Submission.objects.count() == 1
    assert "/contribute/status/" in page.url
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_form_errors_take_the_keyboard_user_to_the_summary(demo_site, browser, language):
    """Sending an empty form shows the error summary at the top and moves focus to it."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    with translation.override(language):
        page.goto(demo_site.url + reverse("submissions:testimony"))
    page.evaluate("document.querySelector('form[data-submission-form]').noValidate = true")
    page.focus("[data-submit-once]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_page_type_breaks_at_320_px_or_200_percent_zoom(demo_site, browser, language):
    """At 320 CSS px (a 640 px window zoomed to 200%) no page type needs sideways scrolling."""
    failures = {}
    for width, scale in ((320, 1), (640, 2)):
        # A 640 px window at 200% zoom lays out as 320 CSS px, with text twice the size in device pixels.
        context = browser.new_context(
            viewport={"width": width // scale if scale > 1 else width, "height": 700}, device_scale_factor=scale
        )
        page = context.new_page()
        for path in public_paths(language):
            page.goto(demo_site.url + path)
            if has_horizontal_scroll(page):
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                        .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                                      || el.getBoundingClientRect().left < -1)
                        .slice(0, 3).map(el => el.tagName + '.' + el.className)"""
                )
                failures[f"{width}px x{scale} {path}"] = wide
        context.close()
    assert not failures, failures


def test_pointing_icons_are_mirrored_right_to_left(demo_site, browser):
    """A "more" chevron points forward in both directions: drawn left to right, flipped on Arabic pages."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    transforms = {}
    for language in ("en", "ar"):
        page.goto(f"{demo_site.url}/{language}/")
        icon = page.locator("main .icon--directional").first
        transforms[language] = icon.evaluate("el => getComputedStyle(el).transform")
    context.close()
    assert transforms["en"] == "none"
    assert transforms["ar"] == "matrix(-1, 0, 0, 1, 0, 0)"


def test_arabic_text_is_set_larger_with_more_leading(demo_site, browser):
    """Arabic body text is larger and more widely spaced than English, for legibility of the script."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    metrics = {}
    for language in ("en", "ar"):
        page.goto(f"{demo_site.url}/{language}/")
        metrics[language] = page.evaluate(
            "() => { const s = getComputedStyle(document.body); "
            "return [parseFloat(s.fontSize), parseFloat(s.lineHeight) / parseFloat(s.fontSize)]; }"
        )
    context.close()
    assert metrics["ar"][0] > metrics["en"][0] and metrics["ar"][0] >= 18
    assert metrics["ar"][1] >= 1.8
