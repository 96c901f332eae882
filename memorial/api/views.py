"""IIIF manifests: thin views over ``iiif.py``; the JSON API's endpoints are in ``endpoints.py``."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from memorial.core import ratelimit

from . import iiif

# Viewers on other sites fetch manifests from the browser.
CORS = {"Access-Control-Allow-Origin": "*"}


@require_safe
def manifest(request, page_id):
    """The IIIF manifest of a public testimony with a playable recording; 404 for anything else."""
    limit = getattr(settings, "MEMORIAL_API_RATE_LIMIT", 300)
    window = getattr(settings, "MEMORIAL_API_RATE_WINDOW", 300)
    if not ratelimit.hit(request, "api", limit, window):
        message = {"message": "Too many requests: wait a few minutes, then ask again."}
        return JsonResponse(message, status=429, headers={**CORS, "Retry-After": str(window)})
    page = iiif.public_testimony(page_id)
    built = iiif.build_manifest(page, request) if page is not None else None
    if built is None:
        raise Http404
    response = HttpResponse(built.json(), content_type=iiif.CONTENT_TYPE, headers=CORS)
    # Checked with the server on every use: a withdrawal or a new redaction counts at once.
    response["Cache-Control"] = "no-cache"
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)
