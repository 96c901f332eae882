"""Content-Security-Policy with the relaxations the Wagtail admin needs, and only there; no shared
cache keeps what was made for one person; one reading of the publication generation per request."""

from django.conf import settings
from django.utils.cache import has_vary_header
from django.utils.deprecation import MiddlewareMixin

from .generation import read_once

ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["https:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}


class GenerationMiddleware:
    """Reads the publication generation once per request (``generation.read_once``); first in the
    list, above the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with read_once():
            return self.get_response(request)


class AdminCSPMiddleware(MiddlewareMixin):
    """Placed after CSPMiddleware's position in the list so it runs first on the response."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            response._csp_update = ADMIN_CSP_UPDATE
            # The admin previews pages in an iframe of its own origin.
            if response.get("X-Frame-Options") == "DENY":
                response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class PrivateResponseMiddleware(MiddlewareMixin):
    """``Cache-Control: private, no-store`` on whatever a shared cache must not keep or hand to another.

    A response to a signed-in user (drafts, restricted pages, the admin), a preview, a response that
    sets a cookie or varies on one. Placed above the session and CSRF middleware so that it sees the
    cookies and the ``Vary`` they add.
    """

    def process_response(self, request, response):
        if (
            signed_in(request)
            or getattr(request, "is_preview", False)
            or response.cookies
            or has_vary_header(response, "Cookie")
        ):
            response["Cache-Control"] = "private, no-store"
        return response


def signed_in(request):
    """Whether a user is signed in, without loading a session (and adding ``Vary: Cookie``) for visitors."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
