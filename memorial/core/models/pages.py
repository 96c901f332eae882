from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from memorial.core.blocks import StandardStreamBlock, footnoted

from .base import BasePage, SourcesMixin


class StandardPage(SourcesMixin, BasePage):
    """A plain page: about the archive, how to contribute, privacy."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences shown under the title and in search results.")
    )
    body = StreamField(StandardStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        *SourcesMixin.sources_panels,
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    description_field = "introduction"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["body_items"], context["footnotes"] = footnoted(self.body)
        return context
