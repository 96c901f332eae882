"""``{% structured_data %}``: the page's JSON-LD, in the head of every page."""

from django import template
from django.utils.translation import gettext
from wagtail.models import Page

from memorial.core.templatetags.memorial_tags import breadcrumb_pages

from .. import graph

register = template.Library()


def _crumbs(context):
    """(name, address) of the breadcrumbs the page shows, itself and a routed person or place last."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk or page.depth <= 2:
        return []
    crumbs = [
        (gettext("Home") if crumb.depth == 2 else crumb.title, crumb.get_url(request))
        for crumb in breadcrumb_pages(context, page)
    ]
    crumbs.append((page.title, page.get_url(request)))
    person, place = context.get("person"), context.get("place")
    if person is not None and getattr(person, "pk", None):
        crumbs.append((person.display_name(), request.path if request is not None else ""))
    elif place is not None and getattr(place, "pk", None):
        crumbs.append((place.name, request.path if request is not None else ""))
    return crumbs


@register.simple_tag(takes_context=True)
def structured_data(context):
    return graph.script(graph.graph_for(context, _crumbs(context)))
