"""Whole public pages for anonymous visitors, kept in the shared cache and served without rendering.

A page is kept only when nothing about it belongs to one person or is held back from anyone:
an anonymous GET of a Wagtail page the gate finds public (or of the site search), answered 200,
with no cookie set, no form carrying a CSRF token, no ``private``/``no-store``, no preview.
A request carrying a session or CSRF cookie (a signed-in editor, someone who opened a form)
neither reads nor fills the cache.

Entries are keyed by the publication generation (``memorial.core.generation``): whatever the
lifecycle announces (publish, unpublish, restriction, consent, withdrawal, merges, transcripts,
records and the snippets pages show) makes every entry unreachable at once, in every process.
What changes with the clock alone (a seal or embargo ending on a date, a scheduled publish or
expiry) is covered by the expiry: an entry lives until the next midnight, or the next scheduled
moment before it, whichever comes first.

The same responses carry ``Cache-Control: public`` for browsers (``PAGE_CACHE_SECONDS``) and a
CDN (``CDN_CACHE_SECONDS``), never beyond that expiry; everything else is left to
``memorial.core.middleware.PrivateResponseMiddleware``.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone, translation
from wagtail import hooks
from wagtail.models import Page, Revision

from memorial.core.generation import generation

from . import gate

HEADER = "X-Page-Cache"
KEY_PREFIX = "memorial:page:"
# Addresses that are never kept, whatever they answer; below a section (after the language prefix) the
# section's own page may be kept, its forms and the senders' status links never.
NEVER_PREFIXES = ("/admin/", "/django-admin/", "/media/", "/recordings/", "/documents/")
NEVER_SECTIONS = ("contribute",)
# Views outside Wagtail's page tree whose answers are public (by their URL name).
PUBLIC_VIEWS = {"search"}
MAX_QUERY_STRING = 300  # longer query strings are answered, not kept: nobody fills the cache at will
ALLOWED_VARY = {"accept-language", "accept-encoding"}
_STRIP_HEADERS = {"set-cookie", HEADER.lower(), "cache-control", "expires"}


def enabled():
    return getattr(settings, "MEMORIAL_PAGE_CACHE", True)


@hooks.register("before_serve_page")
def _note_served_page(page, request, serve_args, serve_kwargs):
    """Remember which page Wagtail serves, for the gate's answer when the response comes back."""
    request.memorial_served_page = page


class PageCacheMiddleware:
    """Placed above the session, CSRF and authentication middleware: a hit skips all of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (enabled() and request_may_use_cache(request)):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            return _rebuild(stored, head=request.method == "HEAD")
        response = self.get_response(request)
        if request.method == "GET" and response_may_be_kept(request, response):
            ttl = seconds_to_live()
            if ttl > 0:
                public_headers(response, ttl)
                cache.set(key, _freeze(response), ttl)
                response[HEADER] = "miss"
        return response


def request_may_use_cache(request):
    """An anonymous GET or HEAD of an address that may be public, with no cookie that makes it personal."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    if "HTTP_AUTHORIZATION" in request.META or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    path = request.path
    if path.startswith(NEVER_PREFIXES):
        return False
    parts = path.strip("/").split("/")
    return not any(section in parts[:2] and len(parts) > parts.index(section) + 1 for section in NEVER_SECTIONS)


def response_may_be_kept(request, response):
    """A complete 200 answer that is the same for every anonymous visitor and that the gate finds public."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "is_preview", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    if vary - ALLOWED_VARY:
        return False
    if b"csrfmiddlewaretoken" in response.content:
        return False
    page = getattr(request, "memorial_served_page", None)
    if page is not None:
        return gate.page_is_public(page)
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in PUBLIC_VIEWS


def cache_key(request):
    """The generation, the site, the language and the full address with its query string."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language_from_request(request)
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    # The date too: a seal or an embargo ends on a date, and a page cached the day before must not outlive it.
    return f"{KEY_PREFIX}{generation()}:{gate.today().isoformat()}:{language}:{digest}"


def seconds_to_live(now=None):
    """Until the next midnight, or the next scheduled publish or expiry before it.

    Seals and embargoes end on a date, at its midnight, so the next midnight covers them; only
    what is scheduled to the minute needs looking up (once per generation: scheduling announces).
    """
    now = now or timezone.now()
    boundary_key = f"{KEY_PREFIX}boundary:{generation()}"
    boundary = cache.get(boundary_key)
    if boundary is None or boundary <= now:
        boundary = next_boundary(now)
        cache.set(boundary_key, boundary, max(1, int((boundary - now).total_seconds())))
    return int((boundary - now).total_seconds())


def next_boundary(now):
    local = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    moments = [midnight, *_scheduled_after(now)]
    return min(moment for moment in moments if moment is not None)


def _scheduled_after(now):
    yield Page.objects.filter(go_live_at__gt=now).aggregate(at=Min("go_live_at"))["at"]
    yield Page.objects.filter(live=True, expire_at__gt=now).aggregate(at=Min("expire_at"))["at"]
    yield Revision.objects.filter(approved_go_live_at__gt=now).aggregate(at=Min("approved_go_live_at"))["at"]
    for model in gate.registered_models():
        names = {f.name for f in model._meta.get_fields()}
        if "go_live_at" in names:
            yield model._default_manager.filter(go_live_at__gt=now).aggregate(at=Min("go_live_at"))["at"]
        if "expire_at" in names:
            yield model._default_manager.filter(expire_at__gt=now).aggregate(at=Min("expire_at"))["at"]


def public_headers(response, ttl):
    """Browsers keep the page briefly, a CDN longer; neither beyond the entry's own expiry."""
    browser = min(getattr(settings, "PAGE_CACHE_SECONDS", 60), ttl)
    shared = min(getattr(settings, "CDN_CACHE_SECONDS", 300), ttl)
    response["Cache-Control"] = f"public, max-age={browser}, s-maxage={shared}"


def _freeze(response):
    headers = [(name, value) for name, value in response.items() if name.lower() not in _STRIP_HEADERS]
    return {"status": response.status_code, "headers": headers, "content": response.content}


def _rebuild(stored, head=False):
    # A HEAD answer carries the headers of the page (its length too) without the page.
    response = HttpResponse(b"" if head else stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    public_headers(response, seconds_to_live())
    response[HEADER] = "hit"
    return response
