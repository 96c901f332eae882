"""No page asks another host for anything: a visitor's or a staff member's browser talks to this site alone.

Wagtail would fetch each user's avatar from Gravatar (a hash of every staff e-mail address sent to an outside
service); that is off, and every resource a public or admin page loads is checked to come from the site itself.
"""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.utils import login_verified

pytestmark = pytest.mark.django_db

# Elements and attributes a browser fetches on its own while showing a page (not links a person follows).
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
    "use": ("href",),
}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def own_hosts():
    return {"", "testserver", urlsplit(settings.SITE_BASE_URL).netloc}


def outside_requests(html):
    """Every address on the page that the browser would fetch from another host."""
    soup = BeautifulSoup(html, "html.parser")
    found = []

    def check(value):
        for part in value.split(","):
            address = part.strip().split(" ")[0]
            if not address or address.startswith(("data:", "blob:", "#")):
                continue
            if urlsplit(address).netloc not in own_hosts() or address.startswith("//"):
                found.append(address)

    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                if element.get(attribute):
                    check(element[attribute])
    for element in soup.find_all("link"):
        if FETCHED_LINKS & {rel.lower() for rel in element.get("rel", [])} and element.get("href"):
            check(element["href"])
    styles = [element.get("style", "") for element in soup.find_all(style=True)]
    styles += [element.get_text() for element in soup.find_all("style")]
    for style in styles:
        for address in CSS_URL.findall(style):
            check(address)
    return found


def test_the_checker_sees_an_outside_resource():
    """The control: the check finds what it must find."""
    page = (
        '<img src="https://www.gravatar.com/avatar/abc"><link rel="stylesheet" href="//cdn.example/x.css">'
        '<div style="background: url(https://fonts.example/f.woff)"></div><a href="https://example.org/">a link</a>'
        '<img src="/static/ok.png"><img src="data:image/png;base64,AAAA">'
    )
    assert outside_requests(page) == [
        "https://www.gravatar.com/avatar/abc",
        "//cdn.example/x.css",
        "https://fonts.example/f.woff",
    ]


def test_gravatar_is_off():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_public_pages_ask_no_other_host(client, site_tree):
    factories.TestimonyPageFactory(parent=site_tree.testimony_index, title="A testimony with a picture")
    urls = [
        site_tree.home.url,
        site_tree.home_ar.url,
        site_tree.testimony_index.url,
        site_tree.names_index.url,
        site_tree.article.url,
        site_tree.timeline.url,
        site_tree.places_index.url,
        site_tree.standard.url,
        "/en/search/?q=river",
        reverse("submissions:testimony"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert outside_requests(response.content.decode()) == [], url


def test_admin_pages_ask_no_other_host(client, superuser, django_user_model, site_tree):
    """The admin, where every page shows the signed-in user's avatar, and the users' listing, which shows everyone's."""
    for number in range(3):
        django_user_model.objects.create_user(f"staff{number}", f"staff{number}@example.org", "x" * 16)
    assert outside_requests(client.get(reverse("wagtailadmin_login")).content.decode()) == []
    client.force_login(superuser)
    assert outside_requests(client.get(reverse("accounts_enrol")).content.decode()) == []
    login_verified(client, superuser)
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[site_tree.home.pk]),
        reverse("wagtailadmin_pages:edit", args=[site_tree.article.pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_account"),
        reverse("accounts_security"),
        reverse("wagtailsnippets_remembrance_remembrance:list"),
        reverse("audit:index"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert outside_requests(response.content.decode()) == [], url


def test_with_gravatar_on_the_admin_check_would_fail(client, superuser, settings):
    """The control for the admin: were Gravatar on, the scan of the same pages would find it."""
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    login_verified(client, superuser)
    found = outside_requests(client.get(reverse("wagtailadmin_account")).content.decode())
    assert any("gravatar.com" in address for address in found)
