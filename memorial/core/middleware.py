"""Content-Security-Policy with the relaxations the Wagtail admin needs, and only there."""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin

ADMIN_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["https:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}


class AdminCSPMiddleware(MiddlewareMixin):
    """Placed after CSPMiddleware's position in the list so it runs first on the response."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            response._csp_update = ADMIN_CSP_UPDATE
            # The admin previews pages in an iframe of its own origin.
            if response.get("X-Frame-Options") == "DENY":
                response["X-Frame-Options"] = "SAMEORIGIN"
        return response
