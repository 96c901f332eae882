"""Shared fixtures: the page tree, signed-in clients, Wagtail's page assertions and the browser."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.coreutils import get_dummy_request
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html

from tests import factories
from tests.utils import SecondFactorClient, login_verified, stream_form_data

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


INSTALL_BROWSER = "apt-get install chromium"
NO_BROWSER = "Chromium is not installed"


def chromium_path():
    """Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium, else `chromium` on PATH), or None."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the whole session (every folder's browser tests).

    Without Chromium the browser tests are skipped and the run ends by saying how many and how to
    install it; with MEMORIAL_REQUIRE_BROWSER=1 (CI) a missing browser is a failure.
    """
    executable = chromium_path()
    if not executable:
        message = f"{NO_BROWSER} (looked for {CHROMIUM}): install it with `{INSTALL_BROWSER}`."
        if os.environ.get("MEMORIAL_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM then refuses
    # to run unless told that this single-threaded test use is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


_browser_tests_not_run = []


def pytest_runtest_logreport(report):
    if report.skipped and NO_BROWSER in str(report.longrepr):
        _browser_tests_not_run.append(report.nodeid)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """The last lines of a run without Chromium say so, with the one command that installs it
    (the outermost wrapper, so that only pytest's closing count follows)."""
    result = yield
    if _browser_tests_not_run:
        count = len(_browser_tests_not_run)
        terminalreporter.write_sep("=", "browser tests not run", yellow=True, bold=True)
        terminalreporter.write_line(
            f"{count} browser test{'s' if count != 1 else ''} did not run: {NO_BROWSER}.", yellow=True, bold=True
        )
        terminalreporter.write_line(f"Install it with: {INSTALL_BROWSER}", yellow=True, bold=True)
    return result


@pytest.fixture(autouse=True, scope="session")
def _live_server_serves_media_like_the_site():
    """The live server answers media through the site's own view (the publication gate, byte ranges),
    as every environment does; Django's test handler would serve every file whole, public or not."""
    from django.test import testcases

    class SiteServesMedia(testcases._MediaFilesHandler):
        def _should_handle(self, path):
            return False

    original = testcases._MediaFilesHandler
    testcases._MediaFilesHandler = SiteServesMedia
    yield
    testcases._MediaFilesHandler = original


@pytest.fixture(autouse=True, scope="session")
def _media_root_is_temporary():
    """Uploads during tests must never land in the project's media folder."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert media_root != (Path(settings.BASE_DIR) / "media").resolve()
    assert "memorial-test-media-" in media_root.name


@pytest.fixture(scope="session")
def _static_root(tmp_path_factory):
    return tmp_path_factory.mktemp("static")


@pytest.fixture(autouse=True)
def _existing_static_root(settings, _static_root):
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as it is before collectstatic."""
    settings.STATIC_ROOT = _static_root


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to an Arabic page leaves Arabic active in
    the thread, and a later test's gettext or reverse() must not depend on which test ran before."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached navigation must not outlive the rolled-back pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@dataclass
class SiteTree:
    home: object
    home_ar: object
    testimony_index: object
    names_index: object
    history_index: object
    article: object
    timeline: object
    places_index: object
    standard: object


@pytest.fixture
def site_tree(db):
    """The English site: home (from the migration) and every section under it, all published."""
    home = factories.home_page("en")
    history_index = factories.HistoryIndexPageFactory(parent=home)
    return SiteTree(
        home=home,
        home_ar=factories.home_page("ar"),
        testimony_index=factories.TestimonyIndexPageFactory(parent=home),
        names_index=factories.RemembranceIndexPageFactory(parent=home),
        history_index=history_index,
        article=factories.ArticlePageFactory(parent=history_index, title="The siege of the city"),
        timeline=factories.TimelinePageFactory(parent=history_index),
        places_index=factories.PlaceIndexPageFactory(parent=history_index),
        standard=factories.StandardPageFactory(parent=home, title="About the archive", slug="about"),
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password="correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    """A client signed in to the Wagtail admin as a superuser."""
    login_verified(client, superuser)
    return client


class PageContract(WagtailPageTestCase):
    """Wagtail's page assertions, with the edit form's StreamField data filled in.

    Wagtail scrapes the edit form's HTML for the data to post back, but StreamFields are
    drawn by JavaScript, so their data is rebuilt from the page's stored value. Editing is
    also held to a stricter rule than Wagtail's: publishing the unchanged form must succeed.
    """

    # Wagtail's assertions sign in by themselves; this client passes the second factor at each sign-in.
    client_class = SecondFactorClient

    def _superuser(self):
        if not hasattr(self, "_contract_superuser"):
            self._contract_superuser = self.create_superuser("contract-admin")
        return self._contract_superuser

    def edit_form_data(self, page):
        login_verified(self.client, self._superuser())
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for key, value in stream_form_data(page.specific).items():
            data[key] = value
        return data

    def assertPageIsEditable(self, page, post_data=None, user=None, msg=None):
        data = self.edit_form_data(page) if post_data is None else post_data
        publish = data.copy()
        publish["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), publish)
        if response.status_code != 302:
            form = response.context and response.context.get("form")
            raise self.failureException(
                f"Publishing the unchanged edit form of {type(page).__name__} failed "
                f"({response.status_code}): {form.errors.as_text() if form else ''}"
            )
        super().assertPageIsEditable(page, post_data=data, user=user or self._superuser(), msg=msg)

    def assertPageIsPreviewable(self, page, mode="", post_data=None, user=None, msg=None):
        data = self.edit_form_data(page) if post_data is None else post_data
        super().assertPageIsPreviewable(page, mode=mode, post_data=data, user=user or self._superuser(), msg=msg)


@pytest.fixture
def wagtail_asserts(client, db):
    """Wagtail's page-type assertions (WagtailPageTestCase), bound to pytest's client."""
    case = PageContract("run")
    case.client = client
    case.dummy_request = get_dummy_request()
    return case
