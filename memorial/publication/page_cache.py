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

A page that is the same for every anonymous visitor but for a few values made for each one (a
public form: its CSRF token and its one-time nonce) is kept by ``with_slots`` as a shell: rendered
once with an unguessable placeholder in each slot, keyed like any page, and filled with the
visitor's own values on every request. The shell holds no one's token; the filled page is
``private, no-store`` like any form.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.html import escape
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


def cache_key(request, address=None):
    """The generation, the site, the language and the full address with its query string."""
    language = translation.get_language_from_path(request.path_info) or translation.get_language_from_request(request)
    address = address or f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
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


def _thawed(stored, head=False):
    # A HEAD answer carries the headers of the page (its length too) without the page.
    response = HttpResponse(b"" if head else stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response[HEADER] = "hit"
    return response


def _rebuild(stored, head=False):
    response = _thawed(stored, head)
    public_headers(response, seconds_to_live())
    return response


# Pages with slots: the same for everyone but for a few values made for each visitor.

CSRF_SLOT = "csrf_token"
SLOT_PREFIX = "memorial-slot-"
CSRF_INPUT = b'name="csrfmiddlewaretoken"'


def with_slots(request, render, fills, variant=""):
    """The page ``render(values)`` makes, kept as a shell and filled for each visitor.

    ``fills`` maps each slot to a function making its value for one request; the CSRF token is always
    a slot (``csrf_token`` in the template's context). ``render`` receives the slots' values, which on
    a render that may be kept are placeholders. ``variant`` is the page's canonical query string, all
    else it depends on (a person the form is about); the path, language, generation and date are in
    the key already. Any request of the variant may read the shell, but only a request whose query
    string is exactly the variant fills it: a page shows its own address (the language links), and a
    shell made from ``?about=x&anything`` would show that to everyone. Only an anonymous GET or HEAD
    reads or fills, and only a complete 200 answer that sets no cookie, holds every placeholder and
    carries no CSRF token but the placeholder is kept.
    """
    fills = {CSRF_SLOT: lambda: get_token(request), **fills}
    if not (enabled() and request.method in ("GET", "HEAD") and not request.user.is_authenticated):
        return _rendered_for_one(render, fills)
    key = slots_key(request, variant)
    stored = cache.get(key)
    if stored is not None:
        return _filled(_thawed(stored), stored["placeholders"], fills)
    if request.META.get("QUERY_STRING", "") != variant:
        return _rendered_for_one(render, fills)
    placeholders = {name: f"{SLOT_PREFIX}{secrets.token_hex(16)}" for name in fills}
    response = render(placeholders)
    if _shell_may_be_kept(response, placeholders):
        ttl = seconds_to_live()
        if ttl > 0:
            frozen = _freeze(response)
            cache.set(key, {**frozen, "placeholders": placeholders}, ttl)
            response[HEADER] = "miss"
    return _filled(response, placeholders, fills)


def _rendered_for_one(render, fills):
    return render({name: fill() for name, fill in fills.items()})


def slots_key(request, variant=""):
    """A shell's key: the page's path (never its query string) and the variant, beside the generation and date."""
    return cache_key(request, address=f"slots:{request.scheme}://{request.get_host()}{request.path}?{variant}")


def _shell_may_be_kept(response, placeholders):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    content = response.content
    if any(value.encode() not in content for value in placeholders.values()):
        return False
    # Every CSRF input holds the placeholder: no real token, of this visitor or anyone, is in the shell.
    return content.count(CSRF_INPUT) <= content.count(placeholders[CSRF_SLOT].encode())


def _filled(response, placeholders, fills):
    """The response with each placeholder it holds replaced by a value made for this request."""
    if response.streaming:
        return response
    content = response.content
    for name, placeholder in placeholders.items():
        marker = placeholder.encode()
        if marker in content:
            content = content.replace(marker, escape(fills[name]()).encode())
    response.content = content
    return response
