"""The address of a stable identifier: ``/id/<uuid>/`` sends the visitor to where the thing is now."""

from django.http import Http404, HttpResponseRedirect
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_safe

from . import identifiers


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


@require_safe
def identifier(request, identifier):
    """303 See Other to the current public address; 404 when unknown or not public, alike."""
    address = identifiers.public_address(identifier, get_language_from_request(request))
    if not address:
        raise Http404
    response = HttpResponseSeeOther(address)
    # The address follows titles, slugs and the visitor's language: never cached by a shared cache.
    response["Cache-Control"] = "private, max-age=0"
    response["Vary"] = "Accept-Language, Cookie"
    return response
