"""Small helpers shared by the test modules."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def listblock(items):
    """ListBlock form data, the counterpart of wagtail's ``streamfield()`` helper."""
    data = {str(i): {"value": value, "deleted": "", "order": str(i)} for i, value in enumerate(items)}
    data["count"] = str(len(items))
    return data


def block_form_data(block, value):
    """The admin form data an editor's browser would submit for a block's value.

    StreamFields are drawn by JavaScript in the admin, so their data cannot be scraped
    from the edit form's HTML; this rebuilds it from the stored value instead.
    """
    if isinstance(block, blocks.StreamBlock):
        return streamfield([(child.block_type, block_form_data(child.block, child.value)) for child in value])
    if isinstance(block, blocks.ListBlock):
        return listblock([block_form_data(block.child_block, item) for item in value])
    if isinstance(block, ImageBlock):
        return {
            "image": str(value.pk) if value else "",
            "decorative": "on" if getattr(value, "decorative", False) else "",
            "alt_text": getattr(value, "contextual_alt_text", "") or "",
        }
    if isinstance(block, blocks.StructBlock):
        return {name: block_form_data(child, value.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source if value else "", features=block.features)
    if isinstance(block, blocks.ChooserBlock):
        return str(value.pk) if value else ""
    if isinstance(block, blocks.BooleanBlock):
        return "on" if value else ""
    return "" if value is None else str(value)


def stream_form_data(instance):
    """Form data for every StreamField of a page or snippet, keyed as the admin form names them."""
    data = {}
    for field in instance._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(instance, field.name)
            data.update(nested_form_data({field.name: block_form_data(field.stream_block, value)}))
    return data


def count_queries(client, url, **extra):
    """The response to a second, warm GET of ``url`` and the queries it took.

    The first request may make image renditions and fill caches; the second is what a
    visitor's request costs when it is rendered. The whole-page cache is off for both: a page
    served from it costs no query at all, which would make every budget pass (its own tests,
    tests/publication/test_page_cache.py, count what a hit costs).
    """
    with override_settings(MEMORIAL_PAGE_CACHE=False):
        client.get(url, **extra)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **extra)
    return response, len(ctx.captured_queries), ctx


def describe_queries(ctx):
    return "\n".join(q["sql"][:300] for q in ctx.captured_queries)


def html(client, url, **extra):
    """The body of a GET that must succeed."""
    response = client.get(url, **extra)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def search_url(query, language="en"):
    from urllib.parse import urlencode

    return f"/{language}/search/?{urlencode({'q': query})}"


# Values a visitor (or a scanner) may put in a query string.
HOSTILE_VALUES = [
    "",
    "-1",
    "0",
    "abc",
    "999999",
    "99999999999999999999999999",
    "1.5",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "' OR 1=1 --",
    "%00",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "x" * 5000,
    "../../etc/passwd",
    "1982<script>",
]


def assert_safe_response(response, value):
    """200 or 404, never a server error, and the value never reflected unescaped."""
    assert response.status_code in (200, 404), f"{value[:40]!r} answered {response.status_code}"
    text = response.content.decode()
    for dangerous in ("<script>alert(1)", "<svg onload"):
        if dangerous in value:
            assert dangerous not in text, f"{value[:40]!r} reflected unescaped"


def assert_queries_do_not_grow(client, url, add, small=5, large=50):
    """A listing costs the same number of queries for ``small`` items as for ``large``.

    ``add(n)`` makes ``n`` more items that ``url`` lists.
    """
    add(small)
    first, small_count, small_ctx = count_queries(client, url)
    assert first.status_code == 200
    add(large - small)
    second, large_count, large_ctx = count_queries(client, url)
    assert second.status_code == 200
    assert large_count == small_count, (
        f"{url}: {small_count} queries for {small} items but {large_count} for {large}\n"
        f"--- {small} items:\n{describe_queries(small_ctx)}\n--- {large} items:\n{describe_queries(large_ctx)}"
    )
    return large_count


def assert_safe_listing(response, value):
    """A listing or search answers 200 to any filter value (ignored when malformed), never escaped wrongly."""
    assert response.status_code == 200, f"{value[:40]!r} answered {response.status_code}, a listing must answer 200"
    assert_safe_response(response, value)


def cache_keys():
    """Every key in the test cache, whichever backend the run uses (local memory, or Redis in CI)."""
    from django.core.cache import cache

    if isinstance(getattr(cache, "_cache", None), dict):
        return list(cache._cache)
    return [key.decode() if isinstance(key, bytes) else key for key in cache.keys("*")]


def verify_second_factor(client, user):
    """Mark the client's session as having passed the second factor, with a confirmed authenticator app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_verified(client, user):
    """Sign a staff user in as the admin's two steps would: the password's session and a verified second factor.

    The admin refuses a staff user whose session has not passed the second factor; tests that act as a
    role in the admin sign in with this (``client.force_login`` alone now reaches only the enrolment page).
    """
    client.force_login(user)
    return verify_second_factor(client, user)


class SecondFactorClient(Client):
    """A test client whose every login (``login``, ``force_login``) also passes the second factor, for
    Wagtail's own page assertions, which sign in by themselves."""

    def _login(self, user, backend=None):
        super()._login(user, backend)
        verify_second_factor(self, user)
