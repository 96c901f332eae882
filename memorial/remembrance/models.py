"""The names memorial: one record for every person killed or missing.

A person is a record, not a page: the memorial must hold tens of thousands of names,
imported in bulk, each shown in both languages from one record. Records are snippets
with drafts, revisions, locking and a moderation workflow, and each gets its own
address under the names index page of the visitor's language.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from memorial.core.blocks import TestimonyStreamBlock
from memorial.core.models import BasePage, DatePrecision, Place, format_partial_date
from memorial.core.params import clean_param

LISTING_PAGE_SIZE = 50


class Fate(models.TextChoices):
    KILLED = "killed", _("killed")
    MISSING = "missing", _("missing")
    DIED_IN_DETENTION = "detention", _("died in detention")
    UNKNOWN = "unknown", _("fate unknown")


class RemembranceQuerySet(models.QuerySet):
    def public(self):
        """People whose record may be shown to anyone."""
        return self.filter(live=True)

    def for_listing(self):
        return self.select_related("place").order_by("sort_name", "pk")


class Remembrance(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, index.Indexed, ClusterableModel
):
    """A person killed or missing, remembered by name."""

    name_ar = models.CharField(
        _("name in Arabic letters"), max_length=200, blank=True, help_text=_("The full name as written in Arabic.")
    )
    name_latin = models.CharField(
        _("name in Latin letters"),
        max_length=200,
        blank=True,
        help_text=_("The full name as usually written in Latin letters, e.g. 'Mohammed al-Hamwi'."),
    )
    name_variants = models.TextField(
        _("other spellings"),
        blank=True,
        help_text=_("Other known spellings or forms of the name, one per line, in either alphabet."),
    )
    sort_name = models.CharField(max_length=200, editable=False, db_index=True, default="")
    slug = models.SlugField(max_length=80, allow_unicode=True, editable=False, default="")
    is_sample = models.BooleanField(
        _("sample record"),
        default=False,
        help_text=_("Tick for demonstration records of invented people; the site then labels them as samples."),
    )
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("As precisely as it is known.")
    )
    birth_date_precision = models.CharField(
        _("birth date known to"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    death_date = models.DateField(
        _("date of death or disappearance"), null=True, blank=True, help_text=_("As precisely as it is known.")
    )
    death_date_precision = models.CharField(
        _("death date known to"), max_length=12, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    age = models.PositiveSmallIntegerField(
        _("age"),
        null=True,
        blank=True,
        help_text=_("Age at death or disappearance, if known and no birth date is given."),
    )
    fate = models.CharField(
        _("fate"),
        max_length=12,
        choices=Fate.choices,
        default=Fate.KILLED,
        help_text=_("What is known of what happened to them."),
    )
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        verbose_name=_("place"),
        help_text=_("Where they were killed, detained or last seen."),
    )
    circumstances = models.TextField(
        _("circumstances"), blank=True, help_text=_("What is known of how they died or disappeared, with its source.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photograph"),
        help_text=_("Only with the family's permission."),
    )
    life_story = StreamField(TestimonyStreamBlock(), blank=True, verbose_name=_("life story"))
    sources = ParentalManyToManyField(
        "core.Source",
        blank=True,
        related_name="people",
        verbose_name=_("sources"),
        help_text=_("The lists, reports or testimonies this record comes from."),
    )
    record_source = models.CharField(
        _("where this record comes from"),
        max_length=300,
        blank=True,
        help_text=_("The list, family or submission this record was entered from, e.g. 'List of the missing, 2012'."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("is_sample"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_latin")]), FieldPanel("name_variants")],
            heading=_("Name"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("birth_date"), FieldPanel("birth_date_precision")]),
                FieldRowPanel([FieldPanel("death_date"), FieldPanel("death_date_precision")]),
                FieldRowPanel([FieldPanel("age"), FieldPanel("fate")]),
                FieldPanel("place"),
                FieldPanel("circumstances"),
            ],
            heading=_("What is known"),
        ),
        FieldPanel("photo"),
        FieldPanel("life_story"),
        MultiFieldPanel([FieldPanel("sources"), FieldPanel("record_source")], heading=_("Sources")),
    ]
    search_fields = [
        index.SearchField("name_ar", boost=4),
        index.SearchField("name_latin", boost=4),
        index.SearchField("name_variants", boost=2),
        index.AutocompleteField("name_latin"),
        index.AutocompleteField("name_ar"),
        index.SearchField("circumstances"),
        index.FilterField("live"),
        index.FilterField("fate"),
        index.FilterField("place"),
        index.FilterField("death_date"),
    ]

    objects = RemembranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("person remembered")
        verbose_name_plural = _("people remembered")
        ordering = ["sort_name", "pk"]
        indexes = [models.Index(fields=["live", "sort_name"], name="remembrance_live_sort")]

    def __str__(self):
        return self.name_latin or self.name_ar or str(_("Unnamed person"))

    def clean(self):
        super().clean()
        if not (self.name_ar or "").strip() and not (self.name_latin or "").strip():
            raise ValidationError({"name_latin": _("Give the name in Arabic letters, in Latin letters, or both.")})
        if self.birth_date and self.death_date and self.birth_date > self.death_date:
            raise ValidationError({"birth_date": _("The date of birth is after the date of death.")})

    def save(self, *args, **kwargs):
        self.sort_name = (self.name_latin or self.name_ar or "").strip().casefold()[:200]
        self.slug = slugify(self.name_latin or self.name_ar, allow_unicode=True)[:80] or "person"
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return self.live

    def display_name(self, language=None):
        """The name in the script of the visitor's language, falling back to the other."""
        if (language or get_language() or "en").startswith("ar"):
            return self.name_ar or self.name_latin
        return self.name_latin or self.name_ar

    def other_script_name(self, language=None):
        primary = self.display_name(language)
        other = self.name_latin if primary == self.name_ar else self.name_ar
        return other if other and other != primary else ""

    @property
    def variants(self):
        return [line.strip() for line in self.name_variants.splitlines() if line.strip()]

    @property
    def display_birth_date(self):
        return format_partial_date(self.birth_date, self.birth_date_precision)

    @property
    def display_death_date(self):
        return format_partial_date(self.death_date, self.death_date_precision)

    @property
    def display_age(self):
        if self.age is not None:
            return self.age
        if (
            self.birth_date
            and self.death_date
            and self.birth_date_precision == self.death_date_precision == DatePrecision.DAY
        ):
            b, d = self.birth_date, self.death_date
            return d.year - b.year - ((d.month, d.day) < (b.month, b.day))
        return None

    def get_url_under(self, index_page, index_url=None):
        """The person's address under a names index page (which need not be specific)."""
        base = index_url if index_url is not None else index_page.url
        return base + RemembranceIndexPage.get_resolver().reverse("person", pk=self.pk, slug=self.slug)

    def get_preview_template(self, request, mode_name):
        return "remembrance/remembrance_detail.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["person"] = self
        context["page"] = RemembranceIndexPage.objects.live().first()
        return context


class RemembranceIndexPage(RoutablePageMixin, BasePage):
    """The names memorial: every person, browsable, with a page of their own."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list of names."))

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("names memorial index page")

    def default_description(self):
        return self.introduction

    @cached_property
    def people(self):
        return Remembrance.objects.public()

    def filtered(self, params):
        """Apply the visitor's filters; unknown or malformed values are ignored, never an error."""
        qs = self.people
        active = {}
        place = clean_param(params, "place")
        if place:
            qs = qs.filter(place__slug=place)
            active["place"] = place
        fate = clean_param(params, "fate")
        if fate in Fate.values:
            qs = qs.filter(fate=fate)
            active["fate"] = fate
        year = clean_param(params, "year")
        if year.isdigit() and len(year) == 4:
            qs = qs.filter(death_date__year=int(year))
            active["year"] = year
        return qs.for_listing(), active

    @path("")
    def index_route(self, request):
        qs, active = self.filtered(request.GET)
        paginator = Paginator(qs, LISTING_PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            page = paginator.page(1)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        places = Place.objects.filter(locale_id=self.locale_id, people__live=True).distinct().order_by("name")
        return self.render(
            request,
            context_overrides={
                "people": page,
                "paginator": paginator,
                "active_filters": active,
                "places": places,
                "fates": Fate.choices,
                "total_count": self.people.count() if active else paginator.count,
            },
        )

    @path("<int:pk>/<str:slug>/", name="person")
    @path("<int:pk>/", name="person_short")
    def person_route(self, request, pk, slug=None):
        person = get_object_or_404(Remembrance.objects.public().select_related("place", "photo"), pk=pk)
        if slug != person.slug:
            return redirect(person.get_url_under(self), permanent=True)
        from memorial.testimonies.models import TestimonyPage

        testimonies = TestimonyPage.objects.live().public().filter(people__person=person, locale_id=self.locale_id)
        return self.render(
            request,
            template="remembrance/remembrance_detail.html",
            context_overrides={
                "person": person,
                "related_testimonies": testimonies,
                "person_sources": person.sources.all(),
            },
        )

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            for pk, slug, updated in Remembrance.objects.public().values_list("pk", "slug", "updated_at").iterator():
                route = self.reverse_subpage("person", kwargs={"pk": pk, "slug": slug})
                urls.append({"location": base + route, "lastmod": updated})
        return urls

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except ValueError as exc:  # malformed ids from the URL
            raise Http404 from exc
