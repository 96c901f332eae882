"""The cached navigation follows publication changes made in any process, cron commands included."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from memorial.core.generation import generation
from memorial.publication import lifecycle
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "Shelter lists navtok5f2"


@pytest.fixture(autouse=True)
def _shared_file_cache(settings, tmp_path):
    """The embedded default: a file cache every process on the machine reads and writes."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@pytest.fixture
def menu_page(site_tree):
    return factories.StandardPageFactory(parent=site_tree.home, title=TOKEN, slug="shelter", show_in_menus=True)


def another_process():
    """What a separate process has: its own cache client over the same files, and nothing else."""
    del caches["default"]


def menu(client, site_tree):
    html = client.get(site_tree.home.url).content.decode()
    return html[html.index('class="main-nav"') : html.index("</nav>", html.index('class="main-nav"'))]


def test_the_navigation_is_read_from_the_shared_cache(client, site_tree, menu_page):
    """Control: a change that announces nothing is not seen, so the tests below do exercise the cache."""
    assert TOKEN in menu(client, site_tree)
    Page.objects.filter(pk=menu_page.pk).update(title="Renamed quietly")
    another_process()

    assert TOKEN in menu(client, site_tree)


def test_a_page_expired_by_the_cron_command_leaves_the_menu(client, site_tree, menu_page):
    """A menu page that `publish_scheduled` takes offline, in another process, is gone from the next request."""
    assert TOKEN in menu(client, site_tree)
    Page.objects.filter(pk=menu_page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))

    another_process()
    call_command("publish_scheduled", verbosity=0)
    another_process()

    assert not Page.objects.get(pk=menu_page.pk).live
    assert TOKEN not in menu(client, site_tree)


def test_a_restriction_written_elsewhere_leaves_the_menu(client, site_tree, menu_page):
    """A restriction written straight to the database, then announced through the lifecycle, hides the page."""
    assert TOKEN in menu(client, site_tree)

    another_process()
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=menu_page, restriction_type="login")])
    lifecycle.changed(menu_page, descendants=True, consent=False)
    another_process()

    assert TOKEN not in menu(client, site_tree)


def test_an_unpublished_menu_page_leaves_the_menu(client, site_tree, menu_page):
    """A menu page unpublished in another process is gone from the next anonymous request."""
    assert TOKEN in menu(client, site_tree)

    another_process()
    Page.objects.get(pk=menu_page.pk).specific.unpublish()
    another_process()

    assert TOKEN not in menu(client, site_tree)


def test_importing_published_names_moves_the_generation(tmp_path, site_tree):
    """`import_names --publish` writes people in bulk, without signals, and still tells every process."""
    path = tmp_path / "names.csv"
    path.write_text("name_ar,name_latin,source\nمحمد الحموي,Muhammad al-Hamwi,Family list\n", encoding="utf-8")
    before = generation()

    call_command("import_names", str(path), "--publish", verbosity=0)

    assert generation() != before


def test_refreshing_recordings_moves_the_generation(site_tree):
    """`refresh_recordings`, run daily from cron, tells every process that public copies may have changed."""
    before = generation()

    call_command("refresh_recordings", stdout=io.StringIO())

    assert generation() != before
