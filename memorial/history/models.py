"""Historical context: articles with footnoted sources, the timeline, and the places."""

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from memorial.core.blocks import ArticleStreamBlock, footnoted
from memorial.core.models import (
    BasePage,
    ContentNoteMixin,
    DatePrecision,
    Place,
    PlacesMixin,
    SourcesMixin,
    format_partial_date,
)
from memorial.publication import gate


class EventQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("locale").prefetch_related("places", "sources").order_by("date", "sort_order", "pk")


class Event(TranslatableMixin, index.Indexed, ClusterableModel):
    """A dated event on the timeline, linked to its places and sources."""

    title = models.CharField(_("title"), max_length=250, help_text=_("What happened, in a short phrase."))
    date = models.DateField(_("date"), help_text=_("The day it happened; for a month or year, pick its first day."))
    date_precision = models.CharField(
        _("date known to"),
        max_length=12,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How precisely the date is known; the site never shows more precision than this."),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("For events lasting several days."))
    sort_order = models.PositiveSmallIntegerField(
        _("order within the day"), default=0, help_text=_("Orders events that share a date.")
    )
    description = models.TextField(
        _("description"), help_text=_("What happened, in a few sentences, with sources below.")
    )
    places = ParentalManyToManyField(Place, blank=True, related_name="events", verbose_name=_("places"))
    sources = ParentalManyToManyField(
        "core.Source",
        blank=True,
        related_name="events",
        verbose_name=_("sources"),
        help_text=_("Every event on the timeline needs at least one source."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision"), FieldPanel("end_date")]),
        FieldPanel("sort_order"),
        FieldPanel("description"),
        FieldPanel("places"),
        FieldPanel("sources"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("locale_id"),
        index.FilterField("date"),
    ]
    api_fields = [
        APIField("title"),
        APIField("date"),
        APIField("date_precision"),
        APIField("end_date"),
        APIField("description"),
        APIField("places"),
    ]

    objects = EventQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["date", "sort_order", "pk"]

    def __str__(self):
        return f"{self.display_date}: {self.title}"

    @property
    def display_date(self):
        start = format_partial_date(self.date, self.date_precision)
        end = format_partial_date(self.end_date, self.date_precision) if self.end_date else ""
        # A range that collapses at the known precision (1-28 February, known to the month) is one date.
        return f"{start} – {end}" if end and end != start else start

    @property
    def anchor(self):
        return f"event-{self.pk}"

    @staticmethod
    def public_address(event, language_code=None):
        """The event on the public timeline of its language, or None while no public timeline shows it."""
        timeline = gate.public_pages(TimelinePage.objects.filter(locale_id=event.locale_id)).first()
        return f"{timeline.url}#{event.anchor}" if timeline is not None else None


class HistoryIndexPage(BasePage):
    """The way into the historical context: articles, timeline and places."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown at the top of the page."))

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["history.ArticlePage", "history.TimelinePage", "history.PlaceIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("history index page")

    description_field = "introduction"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific().order_by("path")
        context["articles"] = [p for p in children if isinstance(p, ArticlePage)]
        context["sections"] = [p for p in children if not isinstance(p, ArticlePage)]
        return context


class ArticlePage(ContentNoteMixin, PlacesMixin, SourcesMixin, BasePage):
    """An article of historical context; every claim footnoted to a source."""

    introduction = models.TextField(
        _("introduction"), help_text=_("A summary of the article in two or three sentences; shown in listings.")
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"))
    events = ParentalManyToManyField(
        Event,
        blank=True,
        related_name="articles",
        verbose_name=_("events"),
        help_text=_("Timeline events the article discusses."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("introduction"),
        *ContentNoteMixin.content_note_panels,
        FieldPanel("body"),
        *PlacesMixin.places_panels,
        FieldPanel("events"),
        *SourcesMixin.sources_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction", boost=2),
        index.SearchField("body"),
        *PlacesMixin.places_search_fields,
        *SourcesMixin.sources_search_fields,
    ]
    api_fields = [APIField("introduction"), APIField("places"), APIField("events")]
    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []

    served_relations = ("places", "events", "sources")

    class Meta:
        verbose_name = _("article page")

    description_field = "introduction"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["body_items"], context["footnotes"] = footnoted(self.body)
        context["related_places"] = self.related_rows("places")
        context["related_events"] = self.related_rows("events")
        context["page_sources"] = self.related_rows("sources")
        return context


class TimelinePage(BasePage):
    """Every timeline event of the page's language, in order, by day where known."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the timeline."))

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("timeline page")

    description_field = "introduction"

    def events(self):
        return Event.objects.filter(locale_id=self.locale_id).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = list(self.events())
        years = {}
        for event in events:
            years.setdefault(event.date.year, []).append(event)
        context["events"] = events
        context["years"] = sorted(years.items())
        return context


class PlaceIndexPage(RoutablePageMixin, BasePage):
    """Lists the places, and gives each place a page of everything linked to it."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list of places."))

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["history.HistoryIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("places index page")

    description_field = "introduction"

    @classmethod
    def for_locale(cls, locale):
        return cls.objects.live().filter(locale=locale).first()

    def places(self):
        return Place.objects.filter(locale_id=self.locale_id).order_by("kind", "name")

    @path("")
    def index_route(self, request):
        groups = {}
        for place in self.places():
            groups.setdefault(place.get_kind_display(), []).append(place)
        return self.render(request, context_overrides={"place_groups": list(groups.items())})

    @path("<str:slug>/")
    def place_route(self, request, slug):
        place = get_object_or_404(Place, locale_id=self.locale_id, slug=slug)
        return self.render(
            request,
            template="history/place_detail.html",
            context_overrides={"place": place, **place_links(place, request)},
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            for slug in self.places().values_list("slug", flat=True):
                urls.append({"location": base + self.reverse_subpage("place_route", kwargs={"slug": slug})})
        return urls

    def url_for_place(self, place):
        return self.url + self.reverse_subpage("place_route", kwargs={"slug": place.slug})

    @classmethod
    def public_address(cls, place, language_code=None):
        """The place's page under the public places index of its language, or None."""
        index_page = gate.public_pages(cls.objects.filter(locale_id=place.locale_id)).first()
        return index_page.url_for_place(place) if index_page is not None else None


def place_links(place, request=None):
    """Everything public that is linked to a place, each list in one query.

    Testimonies and people are reached through the relations their models declare towards
    Place, so this family imports neither.
    """
    return {
        "place_testimonies": place.testimonies_testimonypage_pages.live().public().for_listing(),
        "place_articles": ArticlePage.objects.live().public().filter(places=place).order_by("title"),
        "place_events": place.events.order_by("date", "sort_order", "pk"),
        "place_people": place.people.public().for_listing()[:200],
        "place_sources": place.sources.all(),
    }
