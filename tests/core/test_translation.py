"""Editors translate pages and snippets in the admin with wagtail-localize."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from memorial.history.models import ArticlePage


@pytest.mark.django_db
def test_an_editor_can_submit_a_page_for_translation_into_arabic(admin_client, site_tree):
    """Submitting an English article for Arabic creates its Arabic draft under the Arabic history index."""
    arabic = Locale.objects.get(language_code="ar")
    url = reverse("wagtail_localize:submit_page_translation", args=[site_tree.article.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"locales": [arabic.pk]})

    assert response.status_code == 302
    translation = ArticlePage.objects.get(translation_key=site_tree.article.translation_key, locale=arabic)
    assert not translation.live  # a translation is a draft until it is reviewed and published
    assert translation.get_parent().locale == arabic


@pytest.mark.django_db
def test_snippets_are_translatable_through_the_admin(admin_client):
    """Places, sources, themes and events can be sent for translation like pages."""
    from tests import factories

    arabic = Locale.objects.get(language_code="ar")
    for snippet in (
        factories.PlaceFactory(),
        factories.SourceFactory(),
        factories.ThemeFactory(),
        factories.EventFactory(),
    ):
        meta = type(snippet)._meta
        url = reverse("wagtail_localize:submit_snippet_translation", args=[meta.app_label, meta.model_name, snippet.pk])
        response = admin_client.post(url, {"locales": [arabic.pk]})
        assert response.status_code == 302, meta.label
        assert type(snippet).objects.filter(translation_key=snippet.translation_key, locale=arabic).exists()
