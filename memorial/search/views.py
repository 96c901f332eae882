from django.template.response import TemplateResponse

from .services import search_site


def search(request):
    results = search_site(request.GET.get("q", ""), request=request)
    return TemplateResponse(request, "search/search.html", {"results": results, "search_query": results.query})
