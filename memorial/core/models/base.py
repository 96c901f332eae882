"""The abstract base page and the mixins the three page families share.

Each mixin carries its own panels and search fields; page classes compose them
explicitly, so what a page type holds can be read off its class line.
"""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from memorial.core.querysets import MemorialPageManager, exclude_restricted
from memorial.core.related import read_relation, with_relations


class BasePage(Page):
    """What every public page of the archive has: SEO, sharing and breadcrumbs."""

    objects = MemorialPageManager()

    class Meta:
        abstract = True

    # The many-to-many relations the page shows (places, events, sources...): read in the page's own
    # query when it is served at a remembered address, rather than in a query each (``core.related``).
    served_relations = ()

    @classmethod
    def for_serving(cls):
        """The queryset a page is read from when served at a remembered address (``publication.routing``);
        a page type adds what its render would otherwise ask for in a query of its own."""
        return with_relations(cls.objects.all(), cls.served_relations)

    def related_rows(self, name):
        """The rows of one of ``served_relations``: those read with the page, else by a query."""
        return read_relation(self, name)

    # The field whose text describes the page where no search description is given (listings,
    # search results, sharing); lists read it for pages of many types in one query
    # (``description_source``).
    description_field = None

    def get_meta_description(self):
        return self.search_description or self.default_description()

    def default_description(self):
        return self.description_from(getattr(self, self.description_field, "") if self.description_field else "")

    @classmethod
    def description_from(cls, value):
        """The description made of the ``description_field``'s value."""
        return value or ""

    @classmethod
    def description_source(cls, outer="pk"):
        """The ``description_field`` of the page ``OuterRef(outer)`` as a subquery, or None."""
        if not cls.description_field:
            return None
        return Subquery(cls.objects.filter(pk=OuterRef(outer)).values(cls.description_field)[:1])

    def get_og_image(self):
        """The image to share, or None; pages showing people only offer one with consent."""
        return None

    @property
    def breadcrumbs(self):
        """Ancestors below the tree root, home first; one query."""
        return exclude_restricted(self.get_ancestors().filter(depth__gt=1).live()).only(
            "id", "title", "url_path", "path", "depth"
        )


class ContentNoteMixin(models.Model):
    """A warning shown before content describing violence, torture or loss."""

    content_note = models.CharField(
        _("content note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown before the content so readers can choose whether to go on, e.g. "
            "'Describes detention and torture.' Leave empty if not needed."
        ),
    )

    content_note_panels = [FieldPanel("content_note")]

    class Meta:
        abstract = True


class SourcesMixin(models.Model):
    """The published and archival sources a page relies on."""

    sources = ParentalManyToManyField(
        "core.Source",
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        verbose_name=_("sources"),
        help_text=_("Every source the page relies on; they are listed at the end of the page."),
    )

    sources_panels = [FieldPanel("sources")]
    sources_search_fields = [index.RelatedFields("sources", [index.SearchField("title"), index.SearchField("author")])]

    class Meta:
        abstract = True


class PlacesMixin(models.Model):
    """The places a page concerns, so each place can list what happened there."""

    places = ParentalManyToManyField(
        "core.Place",
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        verbose_name=_("places"),
        help_text=_("Districts, camps, prisons and other places this page concerns."),
    )

    places_panels = [FieldPanel("places")]
    places_search_fields = [
        index.RelatedFields("places", [index.SearchField("name"), index.SearchField("other_names")]),
        index.FilterField("places"),
    ]

    class Meta:
        abstract = True


class SampleMixin(models.Model):
    """Marks demonstration records, which the site labels visibly as samples."""

    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Tick for demonstration content about an invented person; the page then says so prominently."),
    )

    sample_panels = [FieldPanel("is_sample")]

    class Meta:
        abstract = True
