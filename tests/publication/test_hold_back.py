"""The gate's page rule needs what consent registers: without it, the gate refuses to answer."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page

from memorial.consent.services import holds_back
from memorial.publication import gate

pytestmark = pytest.mark.django_db


def test_consent_registers_its_hold_back_with_the_gate():
    """Consent's rule (withdrawn, archive only, embargoed) is part of every answer about pages."""
    assert holds_back in gate._hold_backs


def test_without_a_hold_back_rule_the_gate_refuses_rather_than_shows_every_live_page(site_tree, monkeypatch):
    """With no rule registered, asking which pages are public is an error, never every live page."""
    monkeypatch.setattr(gate, "_hold_backs", [])
    with pytest.raises(ImproperlyConfigured):
        gate.public_pages()
    with pytest.raises(ImproperlyConfigured):
        gate.page_is_public(site_tree.home)
    with pytest.raises(ImproperlyConfigured):
        gate.public_holders([(Page, site_tree.home.pk)])
