from django import template
from django.urls import reverse

from .. import iiif

register = template.Library()


@register.simple_tag
def iiif_manifest_url(page):
    """The address of the testimony's IIIF manifest, or "" when it has no playable recording."""
    if page is None or not page.pk:
        return ""
    return reverse("iiif_manifest", args=[page.pk]) if iiif.has_manifest(page) else ""


@register.simple_tag
def iiif_content_type():
    return iiif.CONTENT_TYPE
