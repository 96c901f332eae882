"""The language switcher and hreflang links name only translations the public may see."""

import pytest
from wagtail.models import Locale, PageViewRestriction

from tests.i18n.test_language_routing import switcher_links


def arabic_translation(page, slug):
    arabic = Locale.objects.get(language_code="ar")
    translation = page.copy_for_translation(arabic, copy_parents=True)
    translation.title = "حصار المدينة"
    translation.slug = slug
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@pytest.mark.django_db
def test_a_login_restricted_translation_is_not_linked(client, site_tree):
    """A translation under a login restriction is named in no language link or hreflang of the public page."""
    translation = arabic_translation(site_tree.article, "siege-restricted-tok7c1")
    PageViewRestriction.objects.create(page=translation, restriction_type=PageViewRestriction.LOGIN)

    html = client.get(site_tree.article.url).content.decode()

    assert "siege-restricted-tok7c1" not in html
    assert switcher_links(html)["ar"] == ("/ar/", "(not translated: home page)")
    assert 'hreflang="ar" href' not in " ".join(html.split("</head>")[0].split())


@pytest.mark.django_db
def test_a_group_restricted_translation_is_not_linked(client, site_tree):
    """A translation restricted to a group is named in no language link of the public page."""
    from django.contrib.auth.models import Group

    translation = arabic_translation(site_tree.article, "siege-archivists-tok4e9")
    restriction = PageViewRestriction.objects.create(page=translation, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name="Archivists")])

    html = client.get(site_tree.article.url).content.decode()

    assert "siege-archivists-tok4e9" not in html


@pytest.mark.django_db
def test_an_unpublished_translation_is_not_linked(client, site_tree):
    """A translation taken offline is named in no language link or hreflang of the public page."""
    translation = arabic_translation(site_tree.article, "siege-draft-tok2b8")
    translation.unpublish()

    html = client.get(site_tree.article.url).content.decode()

    assert "siege-draft-tok2b8" not in html


@pytest.mark.django_db
def test_a_public_translation_is_linked(client, site_tree):
    """Control: a public translation is linked from the switcher and in hreflang."""
    translation = arabic_translation(site_tree.article, "siege-public-tok9d3")

    html = client.get(site_tree.article.url).content.decode()

    assert switcher_links(html)["ar"] == (translation.url, "")
    assert f'hreflang="ar" href="http://localhost{translation.url}"' in " ".join(html.split("</head>")[0].split())
