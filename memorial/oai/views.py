"""The OAI-PMH endpoint, ``/oai/``: GET and POST, every answer XML with HTTP 200 (errors too)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from . import protocol, records, responses


def base_url():
    """The repository's base URL, on the site's canonical address (the same for every harvester)."""
    return settings.SITE_BASE_URL + reverse("oai")


@csrf_exempt  # OAI-PMH allows POST from any harvester; it changes nothing a visitor owns
def endpoint(request):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    params = request.POST if request.method == "POST" else request.GET
    try:
        query = protocol.parse(params, records.set_specs())
        root = responses.answer(base_url(), query)
    except protocol.OAIError as exc:
        arguments = {name: params.get(name) for name in params}
        root = responses.error(base_url(), exc, arguments)
    response = HttpResponse(responses.serialise(root), content_type="text/xml; charset=utf-8")
    # Answers follow publication and withdrawal at once: no shared cache may keep one.
    response["Cache-Control"] = "no-cache"
    return response
