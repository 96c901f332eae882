"""The demo content: `load_demo` builds a whole site that opens, public and admin, and runs twice safely."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from home.models import HomePage
from memorial.core import ffmpeg
from memorial.demo.loader import DemoLoader
from memorial.demo.names import SOURCE
from memorial.demo.recordings import ARABIC_FILE, ENGLISH_FILE
from memorial.recordings.models import Recording
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from tests.accounts.helpers import code_for
from tests.utils import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def public_pages():
    return [page.specific for page in Page.objects.live().public().filter(depth__gt=1)]


def test_demo_fills_both_home_pages(demo):
    """The home pages the migration leaves bare get their image, featured testimonies and call to contribute."""
    for home in HomePage.objects.all():
        assert home.hero_image_id is not None, home.locale
        assert home.contribute_page_id is not None, home.locale
    english = HomePage.objects.get(locale__language_code="en")
    assert english.featured_testimonies.count() >= 1


def test_every_public_page_of_the_demo_opens(demo, client):
    """Every live, public page of the demo answers 200 in its own language."""
    pages = public_pages()
    assert len(pages) >= 20
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_every_person_of_the_demo_has_a_page(demo, client):
    """Every published person of the demo opens under the names index of each language."""
    people = list(Remembrance.objects.filter(live=True))
    assert len(people) >= 12
    for index in RemembranceIndexPage.objects.live():
        for person in people:
            url = person.get_url_under(index)
            assert client.get(url).status_code == 200, url


def test_every_page_of_the_demo_opens_in_the_admin(demo, client, django_user_model):
    """Every page of the demo, draft or live, opens in the admin's editor."""
    login_verified(client, django_user_model.objects.get(username="admin", is_superuser=True))
    for page in Page.objects.filter(depth__gt=1):
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.url_path


def test_loading_the_demo_twice_adds_nothing(demo):
    """A second run finds everything in place and creates nothing."""
    pages, people = Page.objects.count(), Remembrance.objects.count()
    created = DemoLoader().run()
    assert Page.objects.count() == pages
    assert Remembrance.objects.count() == people
    assert not any(created.values()), created


def test_the_demo_recordings_need_nothing_installed(demo, client):
    """Every fresh demo shows two sample recordings from the shipped files: the Arabic original with its
    English translation, chapters, and a redaction silenced in the public copy; each page says sample."""
    made = Recording.objects.filter(transcripts__isnull=False).distinct()  # not the translations' copies
    recordings = {r.language: r for r in made.select_related("media", "derivative")}
    assert set(recordings) == {"en", "ar"}
    arabic = recordings["ar"]
    assert arabic.media.file.name.endswith(".opus") and ARABIC_FILE.split(".")[0] in arabic.media.file.name
    assert ENGLISH_FILE.split(".")[0] in recordings["en"].media.file.name
    assert {(t.language, t.kind) for t in arabic.transcripts.all()} == {("ar", "original"), ("en", "translation")}
    assert all(t.segments.exists() for t in arabic.transcripts.all())
    english = recordings["en"]
    assert english.derivative.silenced  # the withheld name is silent in the public copy
    for recording in recordings.values():
        assert recording.media.duration > 5
        page = client.get(recording.page.url).content.decode()
        assert recording.derivative.file.url in page
        assert "sample" in page.lower() or "عيّنة" in page or "تجريبي" in page
        served = client.get(recording.derivative.file.url, HTTP_RANGE="bytes=0-99")
        assert served.status_code == 206
        assert ffmpeg.read(recording.derivative.file.path).of_kind("audio")
    assert "[redacted]" in client.get(english.page.url).content.decode()


@pytest.mark.parametrize(
    ("base_url", "root_url"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://memorial.example.org", "https://memorial.example.org"),
    ],
)
def test_the_demo_site_answers_at_the_configured_address(db, settings, client, base_url, root_url):
    """Citations and e-mails carry the address being served (SITE_BASE_URL), not http://localhost/."""
    settings.SITE_BASE_URL = base_url
    call_command("load_demo", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == root_url
    # Here, not at the top: pytest would collect a module-level name starting with "Test" as a test class.
    from memorial.testimonies.models import TestimonyPage

    testimony = TestimonyPage.objects.live().public().first()
    assert testimony.full_url.startswith(root_url + "/")
    body = client.get(testimony.url).content.decode()
    assert testimony.full_url in body  # "how to cite" carries the served address
    assert "http://localhost/" not in body


def test_load_demo_adds_generated_sample_names_through_the_import(db, client):
    """`load_demo --names N` makes N generated people, all marked as samples and public, and is a total:
    the same number again adds nothing, a larger one adds the rest."""
    call_command("load_demo", "--names", "120", verbosity=0)
    generated = Remembrance.objects.filter(sources__title=SOURCE)
    assert generated.count() == 120
    assert not generated.filter(is_sample=False).exists()
    assert Remembrance.objects.public().filter(sources__title=SOURCE).count() == 120
    assert generated.filter(latest_revision__isnull=False).count() == 120  # the import's own revisions
    call_command("load_demo", "--names", "120", verbosity=0)
    assert generated.count() == 120
    call_command("load_demo", "--names", "150", verbosity=0)
    assert generated.count() == 150
    person = generated.order_by("pk").last()
    page = client.get(person.get_url_under(RemembranceIndexPage.objects.live().first()))
    assert page.status_code == 200


def test_demo_logins_say_how_to_enrol_and_get_a_printed_key_only_in_development(settings):
    """Outside development the demo logins are told to set up their second factor; development settings give each an
    authenticator app whose printed key produces codes the admin accepts."""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "sets up its second factor at its first sign-in" in out.getvalue()
    assert not TOTPDevice.objects.exists()

    settings.DEBUG = True
    settings.MEMORIAL_DEMO_SECOND_FACTOR = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    keys = out.getvalue().split("Second factor (development only)")[1]
    line = next(line for line in keys.splitlines() if line.strip().startswith("editor "))
    secret = line.split()[1]
    device = TOTPDevice.objects.get(user__username="editor")
    assert device.confirmed and device.verify_token(code_for(secret))
