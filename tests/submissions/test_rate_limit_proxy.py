"""The submission rate limit counts each client apart, behind a proxy too, and trusts no header it should not."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from memorial.submissions import ratelimit
from memorial.submissions.models import Submission
from tests.submissions.test_public_submission import form_data
from tests.utils import cache_keys

PROXY = "10.0.0.2"


def request(remote=PROXY, forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().post("/en/contribute/testimony/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.MEMORIAL_SUBMISSION_RATE_LIMIT = 1


@pytest.fixture
def direct(settings):
    settings.BEHIND_PROXY = False
    settings.TRUSTED_PROXY_COUNT = 0
    settings.MEMORIAL_SUBMISSION_RATE_LIMIT = 1


def test_without_a_proxy_a_spoofed_header_is_ignored(direct):
    """With BEHIND_PROXY off, X-Forwarded-For is the client's own text: a new value buys no new bucket."""
    assert ratelimit.hit(request("203.0.113.9", "198.51.100.1"))

    assert not ratelimit.hit(request("203.0.113.9", "198.51.100.2"))
    assert not ratelimit.hit(request("203.0.113.9"))
    assert ratelimit.client_address(request("203.0.113.9", "198.51.100.1")).compressed == "203.0.113.9"


def test_two_clients_behind_the_proxy_get_their_own_buckets(behind_proxy):
    """Behind the proxy, each client's address (the right-most entry) has its own count."""
    assert ratelimit.hit(request(forwarded="203.0.113.10"))
    assert not ratelimit.hit(request(forwarded="203.0.113.10"))

    assert ratelimit.hit(request(forwarded="203.0.113.11"))  # control: another client is not held back


def test_behind_the_proxy_entries_the_client_wrote_are_ignored(behind_proxy):
    """Only the entries the trusted proxies appended count: a client's own left-hand entries change nothing."""
    assert ratelimit.hit(request(forwarded="1.1.1.1, 203.0.113.12"))

    assert not ratelimit.hit(request(forwarded="8.8.8.8, 203.0.113.12"))
    assert not ratelimit.hit(request(forwarded="203.0.113.12"))


def test_two_trusted_proxies_read_the_second_entry_from_the_right(behind_proxy, settings):
    """With a CDN in front of the proxy, the client is the entry the CDN added."""
    settings.TRUSTED_PROXY_COUNT = 2

    address = ratelimit.client_address(request(forwarded="6.6.6.6, 203.0.113.13, 192.0.2.1"))

    assert address.compressed == "203.0.113.13"


@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        "not an address, nor this",
        ",,,,",
        "\x00\xff, \u202e",
        ", ".join(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(5000)),
        "2001:db8::1",
        "[2001:db8::2]:443",
        "203.0.113.14:5678",
        "::ffff:203.0.113.15",
        "x" * 20000,
    ],
    ids=[
        "empty",
        "word",
        "words",
        "commas",
        "control",
        "thousands",
        "ipv6",
        "ipv6-port",
        "ipv4-port",
        "mapped",
        "long",
    ],
)
def test_a_hostile_header_never_errors(behind_proxy, header):
    """Whatever the header holds, the limit answers; garbage falls back to the proxy's own address."""
    assert ratelimit.hit(request(forwarded=header)) in (True, False)
    assert ratelimit.client_address(request(forwarded=header)) is not None


def test_an_ipv6_client_is_counted_by_its_block(behind_proxy):
    """Changing addresses within one /64 does not give a client a fresh count."""
    assert ratelimit.hit(request(forwarded="2001:db8:1:2::1"))

    assert not ratelimit.hit(request(forwarded="2001:db8:1:2:ffff::9"))
    assert ratelimit.hit(request(forwarded="2001:db8:1:3::1"))  # control: the next block is someone else


@pytest.mark.django_db
def test_through_the_form_behind_the_proxy_no_address_is_kept(client, site_tree, behind_proxy, caplog):
    """Two visitors behind the proxy each get their own limit; the cache and the logs hold no address."""
    caplog.set_level(logging.DEBUG)
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.77"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.78"}

    assert client.post(reverse("submissions:testimony"), form_data(client), **first).status_code == 302
    assert client.post(reverse("submissions:testimony"), form_data(client), **first).status_code == 429
    assert client.post(reverse("submissions:testimony"), form_data(client), **second).status_code == 302

    assert Submission.objects.count() == 2
    keys = cache_keys()
    assert keys, "the rate limit's keys are in the cache"
    for text in [*keys, caplog.text]:
        assert "203.0.113.77" not in text and "203.0.113.78" not in text
