"""The player in a real browser: click to seek, highlight follows playback, deep links, transcript search."""

import asyncio
import time

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections

from memorial.recordings.models import Cue

from .conftest import make_recorded_testimony

# Migrations create the locales, home pages and roles; keep them across transactional tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ORIGINAL_CUES = "[data-transcript-column]:first-of-type [data-transcript] [data-start]"


@pytest.fixture
def _restorable_database(browser):
    """Let the test database be restored after each test while Playwright runs.

    Between calls Playwright's sync API marks its event loop as running in this thread, so Django
    then keeps a second, context-local database connection, which lacks the contents serialised when
    the test database was made; without them the flush after a test is not followed by a restore.
    """
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        contents = getattr(connections["default"], "_test_serialized_contents", None)
    finally:
        asyncio._set_running_loop(loop)
    current = connections["default"]
    if contents is not None and not hasattr(current, "_test_serialized_contents"):
        current._test_serialized_contents = contents
    # Restoring a page or task subclass looks up its content type before the content types
    # themselves are restored; from a warm cache that lookup cannot create a clashing row.
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture
def player_page(live_server, site_tree, browser, _restorable_database):
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The live server serves media through the site's own media view (byte ranges), as in production.
    page.media_statuses = []
    page.on("response", lambda r: "/media/" in r.url and page.media_statuses.append(r.status))
    page.url_for = lambda suffix="": f"{live_server.url}{recorded.page.url}{suffix}"
    page.js_errors = errors
    yield page
    context.close()


def wait_until(page, expression, timeout=5.0):
    """Poll a JavaScript expression until it is true (the page's CSP forbids Playwright's own polling)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout}s: {expression}")
        page.wait_for_timeout(50)


def media_time(page):
    return page.evaluate("document.querySelector('[data-media]').currentTime")


def current_starts(page):
    return page.eval_on_selector_all(f"{ORIGINAL_CUES}.is-current", "els => els.map(e => e.dataset.start)")


def test_clicking_the_third_line_seeks_there(player_page):
    """Clicking the third transcript line moves playback to that cue's start and highlights it."""
    page = player_page
    page.goto(page.url_for())
    wait_until(page, "document.querySelector('[data-media]').readyState >= 1")
    page.locator(ORIGINAL_CUES).nth(2).locator("[data-cue-text]").click()
    assert abs(media_time(page) - 4.0) < 0.05
    assert current_starts(page) == ["4.000"]
    assert page.js_errors == []
    assert 206 in page.media_statuses  # the browser seeks by asking the server for a range


def test_a_click_before_the_recording_has_loaded_seeks_once_it_can(player_page):
    """Clicking a line at once, before the browser knows the recording's length, still lands there."""
    page = player_page
    page.goto(page.url_for(), wait_until="commit")
    page.locator(ORIGINAL_CUES).nth(2).locator("[data-cue-text]").click()
    wait_until(page, "Math.abs(document.querySelector('[data-media]').currentTime - 4.0) < 0.05")
    assert current_starts(page) == ["4.000"]
    assert page.js_errors == []


def test_highlight_follows_playback(player_page):
    """Playing from a line moves the highlight to the next line when its time comes."""
    page = player_page
    page.goto(page.url_for())
    wait_until(page, "document.querySelector('[data-media]').readyState >= 1")
    page.locator(ORIGINAL_CUES).nth(0).locator("[data-cue-text]").click()
    page.evaluate(
        "() => { const m = document.querySelector('[data-media]');"
        " m.muted = true; m.currentTime = 1.6; return m.play(); }"
    )
    wait_until(page, "document.querySelector('[data-media]').currentTime > 2.3", timeout=10)
    wait_until(
        page,
        f"[...document.querySelectorAll('{ORIGINAL_CUES}.is-current')].map(e => e.dataset.start).join() === '2.000'",
    )
    assert page.locator(f"{ORIGINAL_CUES}[aria-current='true']").count() == 1


def test_deep_links_open_at_their_moment(player_page):
    """#t=6 and ?t=0:02 open the recording at that moment with the line highlighted."""
    page = player_page
    page.goto(page.url_for("#t=6"))
    wait_until(page, "Math.abs(document.querySelector('[data-media]').currentTime - 6) < 0.05")
    assert current_starts(page) == ["6.000"]
    page.goto(page.url_for("?t=0:02"))
    wait_until(page, "Math.abs(document.querySelector('[data-media]').currentTime - 2) < 0.05")
    assert current_starts(page) == ["2.000"]


def test_transcript_search_highlights_and_jumps(player_page):
    """Searching the transcript marks every match, announces the count and jumps between matches."""
    page = player_page
    page.goto(page.url_for())
    search = page.get_by_label("Search the transcript")
    search.fill("the")
    marks = page.locator("mark.transcript-match")
    assert marks.count() >= 3
    status = page.locator("[data-search-status]")
    assert status.inner_text().startswith("Match 1 of")
    page.get_by_role("button", name="Next match").click()
    assert status.inner_text().startswith("Match 2 of")
    assert page.locator("mark.transcript-match.is-active").count() == 1
    search.fill("zzzz-not-there")
    assert marks.count() == 0 and status.inner_text() == "No matches"
    # Withheld words are not on the page to be found.
    search.fill("Secretname")
    assert marks.count() == 0


def test_every_line_playing_is_highlighted_when_lines_overlap(live_server, site_tree, browser, _restorable_database):
    """Two people speaking at once: both overlapping lines are highlighted while they play."""
    recorded = make_recorded_testimony(parent=site_tree.testimony_index)
    Cue.objects.create(transcript=recorded.original, start=1.5, end=3.0, speaker="Interviewer", text="At once.")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}{recorded.page.url}#t=2.5")
    wait_until(page, "Math.abs(document.querySelector('[data-media]').currentTime - 2.5) < 0.05")
    assert sorted(current_starts(page)) == ["1.500", "2.000"]
    assert page.locator(f"{ORIGINAL_CUES}[aria-current='true']").count() == 2
    assert errors == []
    context.close()
