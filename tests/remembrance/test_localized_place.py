"""A person's place is named in the reader's language where the place has been translated."""

import pytest
from wagtail.models import Locale

from tests import factories
from tests.utils import html

pytestmark = pytest.mark.django_db


def test_arabic_person_page_names_the_place_in_arabic(client, site_tree):
    """On the Arabic names memorial a person's place shows its Arabic name; English keeps the English one."""
    place = factories.PlaceFactory(name="Kilaniyya district", slug="kilaniyya")
    factories.PlaceFactory(
        name="حي الكيلانية",
        slug="al-kilaniyya",
        locale=Locale.objects.get(language_code="ar"),
        translation_key=place.translation_key,
    )
    person = factories.RemembranceFactory(place=place)
    names_ar = factories.RemembranceIndexPageFactory(parent=site_tree.home_ar)

    arabic = html(client, person.get_url_under(names_ar))
    assert "حي الكيلانية" in arabic
    assert "Kilaniyya district" not in arabic

    english = html(client, person.get_url_under(site_tree.names_index))
    assert "Kilaniyya district" in english
    assert "حي الكيلانية" not in english
