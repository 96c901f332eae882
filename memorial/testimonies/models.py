"""Testimonies: the witnesses' own accounts, and the index that lists them."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from memorial.consent.models import ConsentRecord, PublicationLevel
from memorial.core.blocks import TestimonyStreamBlock
from memorial.core.models import BasePage, ContentNoteMixin, Place, PlacesMixin, SampleMixin, SourcesMixin, Theme
from memorial.core.params import clean_param
from memorial.core.querysets import MemorialPageQuerySet
from memorial.history.models import Event
from memorial.remembrance.models import Remembrance
from memorial.remembrance.panels import NamedPeoplePanel

LISTING_PAGE_SIZE = 12
# Body blocks that show photographs, dropped when a testimony withholds its witness's identity.
PHOTOGRAPH_BLOCKS = {"image", "gallery"}


class WitnessDisplay(models.TextChoices):
    NAMED = "named", _("by name")
    PSEUDONYM = "pseudonym", _("by a pseudonym")
    ANONYMOUS = "anonymous", _("as an anonymous witness")


class WitnessRelation(models.TextChoices):
    SURVIVOR = "survivor", _("survivor")
    RELATIVE = "relative", _("relative of a victim")
    EYEWITNESS = "eyewitness", _("eyewitness")
    DETAINEE = "detainee", _("former detainee")
    EXILE = "exile", _("exile")
    OTHER = "other", _("other")


class TestimonyLanguage(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    TURKISH = "tr", _("Turkish")
    KURDISH = "ku", _("Kurdish")
    OTHER = "other", _("other language")


class TestimonyPageQuerySet(MemorialPageQuerySet):
    def for_listing(self):
        """Everything a testimony card shows, in a fixed number of queries."""
        return self.select_related("locale").prefetch_related("places", "themes").order_by("-first_published_at", "-pk")


TestimonyPageManager = PageManager.from_queryset(TestimonyPageQuerySet)


class TestimonyIndexPage(BasePage):
    """Lists the testimonies, filterable by place, theme, year and language."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the list of testimonies."))

    content_panels = [*BasePage.content_panels, FieldPanel("introduction")]
    search_fields = [*BasePage.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["testimonies.TestimonyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("testimony index page")

    description_field = "introduction"

    def testimonies(self):
        return TestimonyPage.objects.child_of(self).live().public()

    def filter_options(self):
        """Only the places, themes, years and languages that have a published testimony here."""
        testimonies = self.testimonies()
        ids = testimonies.values("pk")
        languages = set(testimonies.values_list("language", flat=True).distinct())
        return {
            "places": Place.objects.filter(testimonies_testimonypage_pages__in=ids).distinct().order_by("name"),
            "themes": Theme.objects.filter(testimonies__in=ids).distinct().order_by("name"),
            "years": [d.year for d in testimonies.dates("interview_date", "year", order="DESC")],
            "languages": [(code, label) for code, label in TestimonyLanguage.choices if code in languages],
        }

    def filtered(self, params):
        """Apply the visitor's filters; unknown or malformed values are ignored, never an error."""
        qs = self.testimonies()
        active = {}
        place = clean_param(params, "place")
        if place:
            qs = qs.filter(places__slug=place)
            active["place"] = place
        theme = clean_param(params, "theme")
        if theme:
            qs = qs.filter(themes__slug=theme)
            active["theme"] = theme
        year = clean_param(params, "year")
        if year.isdigit() and len(year) == 4:
            qs = qs.filter(interview_date__year=int(year))
            active["year"] = year
        language = clean_param(params, "language")
        if language in TestimonyLanguage.values:
            qs = qs.filter(language=language)
            active["language"] = language
        return qs.distinct().for_listing(), active

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        qs, active = self.filtered(request.GET)
        paginator = Paginator(qs, LISTING_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))  # a bad or too-high number gives the first or last page
        context.update(testimonies=page, paginator=paginator, active_filters=active, **self.filter_options())
        return context


class TestimonyPage(ContentNoteMixin, PlacesMixin, SourcesMixin, SampleMixin, BasePage):
    """One witness's account, with what it concerns and how to cite it."""

    witness_display = models.CharField(
        _("show the witness"),
        max_length=12,
        choices=WitnessDisplay.choices,
        default=WitnessDisplay.ANONYMOUS,
        help_text=_(
            "As the witness consented: by name, by a pseudonym, or anonymously. Anonymous is the safe default."
        ),
    )
    witness_name = models.CharField(
        _("witness's name"),
        max_length=200,
        blank=True,
        help_text=_("Shown only if the witness agreed to be named. Never shown or indexed otherwise."),
    )
    witness_pseudonym = models.CharField(
        _("pseudonym"), max_length=200, blank=True, help_text=_("The name to show when the witness chose a pseudonym.")
    )
    witness_relation = models.CharField(
        _("relation to the events"),
        max_length=20,
        choices=WitnessRelation.choices,
        default=WitnessRelation.SURVIVOR,
        help_text=_("How the witness knows what they describe."),
    )
    interview_date = models.DateField(
        _("interview date"), null=True, blank=True, help_text=_("When it was recorded or written.")
    )
    interviewer = models.CharField(
        _("interviewer"), max_length=200, blank=True, help_text=_("Who recorded it, if anyone.")
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=TestimonyLanguage.choices,
        default=TestimonyLanguage.ARABIC,
        help_text=_("The language the witness spoke or wrote in."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences on what the testimony tells; shown in listings.")
    )
    body = StreamField(TestimonyStreamBlock(), blank=True, verbose_name=_("testimony"))
    events = ParentalManyToManyField(
        Event,
        blank=True,
        related_name="testimonies",
        verbose_name=_("events"),
        help_text=_("Timeline events the witness describes."),
    )
    themes = ParentalManyToManyField(
        Theme,
        blank=True,
        related_name="testimonies",
        verbose_name=_("themes"),
        help_text=_("Subjects from the archive's list of themes."),
    )

    content_panels = [
        *BasePage.content_panels,
        *SampleMixin.sample_panels,
        MultiFieldPanel(
            [
                FieldPanel("witness_display"),
                FieldRowPanel([FieldPanel("witness_name"), FieldPanel("witness_pseudonym")]),
                FieldPanel("witness_relation"),
            ],
            heading=_("Witness"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("interview_date"), FieldPanel("interviewer"), FieldPanel("language")])],
            heading=_("Interview"),
        ),
        FieldPanel("summary"),
        *ContentNoteMixin.content_note_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [*PlacesMixin.places_panels, FieldPanel("events"), FieldPanel("themes")], heading=_("What it concerns")
        ),
        InlinePanel("recordings", label=_("Recording"), heading=_("Recordings")),
        NamedPeoplePanel(),
        InlinePanel("people", label=_("People remembered in this testimony"), heading=_("People remembered")),
        *SourcesMixin.sources_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("witness_label"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("language"),
        index.FilterField("interview_date"),
        *PlacesMixin.places_search_fields,
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    # The JSON API's fields: the witness only as the public may see them (never witness_name).
    api_fields = [
        APIField("witness_label"),
        APIField("witness_relation"),
        APIField("interview_date"),
        APIField("interviewer"),
        APIField("language"),
        APIField("summary"),
        APIField("places"),
        APIField("events"),
    ]
    parent_page_types = ["testimonies.TestimonyIndexPage"]
    subpage_types = []

    objects = TestimonyPageManager()
    served_relations = ("places", "events", "themes", "sources")

    class Meta:
        verbose_name = _("testimony page")

    @classmethod
    def for_serving(cls):
        """With the governing consent's answer to ``withholds_identity``, read in the page's own query."""
        latest = ConsentRecord.objects.filter(testimony__translation_key=OuterRef("translation_key")).order_by("-pk")
        withheld = Case(
            When(
                Q(withdrawn_at__isnull=False)
                | Q(publication_level__in=[PublicationLevel.ANONYMISED, PublicationLevel.ARCHIVE_ONLY]),
                then=True,
            ),
            default=False,
            output_field=models.BooleanField(),
        )
        return (
            super()
            .for_serving()
            .annotate(consent_withholds_identity=Subquery(latest.annotate(withheld=withheld).values("withheld")[:1]))
        )

    @property
    def witness_label(self):
        """The witness as the public may see them: the name only with consent to be named."""
        if self.witness_display == WitnessDisplay.NAMED and self.witness_name:
            return self.witness_name
        if self.witness_display == WitnessDisplay.PSEUDONYM and self.witness_pseudonym:
            return self.witness_pseudonym
        return str(_("Anonymous witness"))

    @property
    def is_pseudonymous(self):
        return self.witness_display == WitnessDisplay.PSEUDONYM and bool(self.witness_pseudonym)

    def withholds_identity(self):
        """True unless the witness is shown by name and the governing consent allows it.

        The consent is read as well as the page's own fields: an anonymised consent wins over a
        page (or a translation of it) that still says "by name".
        """
        if self.witness_display != WitnessDisplay.NAMED or not (self.witness_name or "").strip():
            return True
        answered = getattr(self, "_identity_withheld_while_rendering", None)
        if answered is not None:
            return answered
        if hasattr(self, "consent_withholds_identity") and not self.alias_of_id:
            # Read with the page (``for_serving``); no consent record at all withholds nothing.
            return bool(self.consent_withholds_identity)
        consent = ConsentRecord.objects.filter(testimony__translation_key=self.consent_key).order_by("-pk").first()
        return _consent_withholds_identity(consent)

    def _knows_consent(self):
        """Whether the answer is at hand: computed for this render, or the consent read with the page."""
        return getattr(self, "_identity_withheld_while_rendering", None) is not None or (
            hasattr(self, "consent_withholds_identity") and not self.alias_of_id
        )

    @property
    def consent_key(self):
        """The translation key under which this testimony's consent records are found."""
        return self.alias_of.translation_key if self.alias_of_id else self.translation_key

    @classmethod
    def public_witness_labels(cls, pages):
        """{page pk: the witness as the public may name them, or ""} for many pages in one query.

        The same rule as ``withholds_identity``: a name only with a named display and a consent
        that allows it; otherwise the pseudonym; never "anonymous" as if it were a name.
        """
        named = [page for page in pages if page.witness_display == WitnessDisplay.NAMED and page.witness_name.strip()]
        # A page being rendered already knows its answer (read with it, or once per render).
        answered = {page.pk: page.withholds_identity() for page in named if page._knows_consent()}
        latest = {}
        if len(answered) < len(named):
            keys = {page.consent_key for page in named if page.pk not in answered}
            for consent in (
                ConsentRecord.objects.filter(testimony__translation_key__in=keys)
                .select_related("testimony")
                .order_by("pk")
            ):
                latest[consent.testimony.translation_key] = consent
        named_pks = {page.pk for page in named}
        labels = {}
        for page in pages:
            if page.pk in answered:
                withheld = answered[page.pk]
            else:
                withheld = _consent_withholds_identity(latest.get(page.consent_key))
            if page.pk in named_pks and not withheld:
                labels[page.pk] = page.witness_name
            elif page.is_pseudonymous:
                labels[page.pk] = page.witness_pseudonym
            else:
                labels[page.pk] = ""
        return labels

    def withholds_photographs(self):
        """An anonymised witness shows no photographs (the publication exposures ask this too)."""
        return self.withholds_identity()

    def anonymise(self):
        """Show the pseudonym (or "anonymous witness") and clear the name, as an anonymised consent asks.

        Changes this object only, the caller saves it; returns whether anything changed.
        """
        display = WitnessDisplay.PSEUDONYM if self.witness_pseudonym else WitnessDisplay.ANONYMOUS
        changed = self.witness_display != display or bool(self.witness_name)
        self.witness_display = display
        self.witness_name = ""
        return changed

    def public_body(self):
        """The body as the public sees it: without images and galleries when the witness is not named."""
        if not self.withholds_photographs():
            return list(self.body)
        return [block for block in self.body if block.block_type not in PHOTOGRAPH_BLOCKS]

    def get_og_image(self):
        """Testimonies offer no image to share: a photograph may show a witness."""
        return None

    description_field = "summary"

    def public_people(self):
        """The people the testimony remembers whom the public may see, in the editor's order."""
        if "people" in getattr(self, "_cluster_related_objects", {}):
            # A preview: the people in the edit form, not yet saved.
            ids = [link.person_id for link in self.people.all()]
            public = Remembrance.objects.public().filter(pk__in=ids).in_bulk()
            return [public[pk] for pk in ids if pk in public]
        return list(
            Remembrance.objects.public()
            .filter(testimony_links__page_id=self.pk)
            .order_by("testimony_links__sort_order", "testimony_links__pk")
        )

    def get_context(self, request, *args, **kwargs):
        # The governing consent is read once for the whole render: the body, the player's speaker
        # labels and its posters all ask, and nothing changes it while the page is drawn.
        self._identity_withheld_while_rendering = None
        self._identity_withheld_while_rendering = self.withholds_identity()
        context = super().get_context(request, *args, **kwargs)
        context["related_people"] = self.public_people()
        context["related_places"] = self.related_rows("places")
        context["related_events"] = self.related_rows("events")
        context["related_themes"] = self.related_rows("themes")
        context["page_sources"] = self.related_rows("sources")
        return context


def _consent_withholds_identity(consent):
    """Whether the governing consent (or None) keeps a named witness's name from the public."""
    if consent is None:
        return False
    return consent.is_withdrawn or consent.publication_level in {
        PublicationLevel.ANONYMISED,
        PublicationLevel.ARCHIVE_ONLY,
    }


class TestimonyPerson(Orderable):
    """A person remembered in the memorial whom the testimony speaks of."""

    page = ParentalKey(TestimonyPage, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "remembrance.Remembrance", on_delete=models.CASCADE, related_name="testimony_links", verbose_name=_("person")
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("How the testimony concerns them, e.g. 'the witness's brother'."),
    )

    panels = [FieldPanel("person"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("person remembered")
        constraints = [models.UniqueConstraint(fields=["page", "person"], name="unique_person_per_testimony")]
