"""Real-browser tests: Debian's Chromium (the session's ``browser``, tests/conftest.py) driven by
Playwright against a live test server."""

import pytest
from django.core.management import call_command


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", verbosity=0)
    return live_server


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()
