"""The Wagtail site answering a request (and the active locale), from the shared cache while the
publication generation holds.

Wagtail looks the site up in the database on every request; it changes only when an administrator
edits the sites (or the root page moves), and both move the publication generation on, so the
answer for a host and port is kept under the generation and found again by every process.
"""

from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Locale, Site

from memorial.core.generation import remembered

SECONDS = 24 * 60 * 60
_NO_SITE = "none"
MAX_HOSTNAME = 253


def site_for_request(request):
    """``Site.find_for_request``, read from the cache; Wagtail's later calls find it on the request."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        if len(hostname) > MAX_HOSTNAME:
            return Site.find_for_request(request)
        site = remembered(
            f"site:{hostname}:{request.get_port()}", lambda: Site._find_for_request(request) or _NO_SITE, SECONDS
        )
        request._wagtail_site = None if isinstance(site, str) else site
    return request._wagtail_site


def active_locale():
    """``Locale.get_active()``, read from the cache: locales change only in the admin, which moves the
    publication generation on."""
    return remembered(f"locale:{translation.get_language()}", Locale.get_active, SECONDS)


def language_codes():
    """{locale id: language code} of every locale, from the shared cache while the generation holds."""
    return remembered("locale-codes", lambda: dict(Locale.objects.values_list("pk", "language_code")), SECONDS)


def language_code_of(obj):
    """The language code of a translatable object, without a query for its locale."""
    code = language_codes().get(obj.locale_id)
    return code if code is not None else obj.locale.language_code
