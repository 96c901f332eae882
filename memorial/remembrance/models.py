"""The names memorial: one record for every person killed or missing.

A person is a record, not a page: the memorial must hold tens of thousands of names,
imported in bulk, each shown in both languages from one record. Records are snippets
with drafts, revisions, locking and a moderation workflow, and each gets its own
address under the names index page of the visitor's language.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
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

from memorial.core import sites
from memorial.core.blocks import TestimonyStreamBlock
from memorial.core.generation import generation, remembered
from memorial.core.models import BasePage, DatePrecision, Place, format_partial_date
from memorial.core.params import clean_param
from memorial.publication import gate

from . import rules
from .indexing import (
    ARABIC_LETTERS,
    DERIVED_FIELDS,
    DERIVED_FROM,
    LATIN_LETTERS,
    age_at_death,
    fill_derived,
    key_rows,
    spelling_rows,
)
from .normalise import split_variants
from .panels import LikelyMatchesPanel

LISTING_PAGE_SIZE = 50
SEARCH_RESULTS = 50


class Fate(models.TextChoices):
    KILLED = "killed", _("killed")
    MISSING = "missing", _("missing")
    DIED_IN_DETENTION = "detention", _("died in detention")
    UNKNOWN = "unknown", _("fate unknown")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("child (under 13)")
    YOUTH = "youth", _("young person (13 to 17)")
    ADULT = "adult", _("adult (18 to 59)")
    ELDER = "elder", _("elder (60 and over)")


LISTED_FIELDS = [
    "pk",
    "search_names",
    "name_ar",
    "name_latin",
    "name_variants",
    "slug",
    "death_date",
    "death_date_precision",
    "fate",
    "is_sample",
    "live",
    "place__name",
    "place__slug",
    "place__locale_id",
    "place__translation_key",
]


def person_label(name_latin, name_ar):
    """How a person's record is named in the admin and in reports."""
    return name_latin or name_ar or str(_("Unnamed person"))


class RemembranceQuerySet(models.QuerySet):
    def public(self):
        """People whose record may be shown to anyone, as the publication gate decides."""
        return gate.public_records(self)

    def for_listing(self):
        return self.for_display().order_by("sort_name", "pk")

    def for_display(self):
        """What a list of names shows, and nothing more (the search forms and life story stay in the database)."""
        return self.select_related("place").only(*LISTED_FIELDS)


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
    sort_name = models.CharField(max_length=200, editable=False, default="")
    # The record's permanent identifier (/id/<uuid>/): unlike the slug, it never follows the names.
    identifier = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    # Part of the address for reading only: a person is found by id (the slug is compared after), so
    # no index (on PostgreSQL two, each written at every person of an imported list).
    slug = models.SlugField(max_length=80, allow_unicode=True, editable=False, default="", db_index=False)
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
    search_names = models.TextField(
        _("normalised names"),
        blank=True,
        editable=False,
        default="",
        help_text=_("Every name form, normalised for search; computed from the names."),
    )
    word_keys = models.TextField(
        _("name keys"),
        blank=True,
        editable=False,
        default="",
        help_text=_("Every word key of the names, for the inverted index on PostgreSQL; computed from the names."),
    )
    sort_name_ar = models.CharField(max_length=200, editable=False, default="")
    letter_latin = models.CharField(max_length=1, editable=False, default="", blank=True)
    letter_ar = models.CharField(max_length=1, editable=False, default="", blank=True)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, editable=False, default="", blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="merged_records",
        verbose_name=_("merged into"),
    )
    # Who entered the record: a Contributor reads and edits only the records they own.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
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
        LikelyMatchesPanel(),
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
    # The JSON API's fields: what the person's public page shows (never the record's source or owner).
    # The photograph is left out: its file may be held back (a restricted collection) while the record is public.
    api_fields = [
        APIField("name_ar"),
        APIField("name_latin"),
        APIField("name_variants"),
        APIField("birth_date"),
        APIField("birth_date_precision"),
        APIField("death_date"),
        APIField("death_date_precision"),
        APIField("age"),
        APIField("fate"),
        APIField("place"),
        APIField("circumstances"),
    ]

    objects = RemembranceQuerySet.as_manager()

    class Meta:
        verbose_name = _("person remembered")
        verbose_name_plural = _("people remembered")
        ordering = ["sort_name", "pk"]
        indexes = [
            models.Index(fields=["live", "sort_name", "id"], name="remembrance_live_sort_id"),
            models.Index(fields=["live", "letter_latin", "sort_name", "id"], name="remembrance_letter_latin"),
            models.Index(fields=["live", "sort_name_ar", "id"], name="remembrance_live_sort_ar_id"),
            models.Index(fields=["live", "letter_ar", "sort_name_ar", "id"], name="remembrance_letter_ar"),
            models.Index(fields=["live", "death_date"], name="remembrance_live_death"),
            models.Index(fields=["live", "fate"], name="remembrance_live_fate"),
            models.Index(fields=["live", "age_group"], name="remembrance_live_age"),
            models.Index(fields=["live", "place"], name="remembrance_live_place"),
            # The latest names on the home page, read from the end of this index.
            models.Index(fields=["live", "created_at", "id"], name="remembrance_live_created_id"),
            # The next scheduled publish or expiry (how long a cached page may live), found without
            # reading every record: few records are scheduled, so only theirs are indexed.
            models.Index(
                fields=["go_live_at"], name="remembrance_go_live_at", condition=models.Q(go_live_at__isnull=False)
            ),
            models.Index(
                fields=["expire_at"], name="remembrance_expire_at", condition=models.Q(expire_at__isnull=False)
            ),
        ]

    def __init__(self, *args, **kwargs):
        # A row read from the database arrives as positional values, with no child relations to sort
        # out: ClusterableModel would still list every relation of the model to look for them among
        # the (absent) keyword arguments, a third of the cost of each person of a list of names.
        if kwargs:
            super().__init__(*args, **kwargs)
        else:
            models.Model.__init__(self, *args)

    def __str__(self):
        return person_label(self.name_latin, self.name_ar)

    def clean(self):
        super().clean()
        rules.require_name(self.name_ar, self.name_latin)
        rules.require_birth_not_after_death(self.birth_date, self.death_date)

    def all_names(self):
        return [self.name_ar, self.name_latin, *split_variants(self.name_variants)]

    def save(self, *args, **kwargs):
        """Derived fields and name keys follow the names this save writes to the row, and no others.

        A full save (creation, publishing a revision, an edit of a record never published) writes
        the names, so what is derived from them is recomputed. A partial save that leaves the names
        out (saving a draft revision of a live record, a lock, a workflow step) leaves the row's
        derived fields and keys alone: the object in memory may hold a draft's names, and a draft
        must never change how the live record is addressed, sorted or found.
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            kwargs["update_fields"] = update_fields
            if not update_fields & set(DERIVED_FROM):
                return super().save(*args, **kwargs)
            update_fields.update(DERIVED_FIELDS)
        names = fill_derived(self)
        super().save(*args, **kwargs)
        NameKey.objects.filter(person=self).delete()
        NameKey.objects.bulk_create(key_rows(NameKey, self.pk, names))
        NameSpelling.objects.bulk_create(spelling_rows(NameSpelling, names.spellings), ignore_conflicts=True)

    def with_content_json(self, content):
        """A revision as this record: the identifier is the record's own, never a revision's.

        Revisions saved before records had identifiers hold none (reading one would make a new,
        random one), and no revision may move a permanent identifier.
        """
        obj = super().with_content_json(content)
        obj.identifier = self.identifier
        return obj

    @property
    def is_public(self):
        return gate.is_public(self)

    @cached_property
    def localized_place(self):
        """The place of death in the reader's language where it has been translated, else as recorded."""
        if not self.place_id:
            return None
        place = self.place
        locale = sites.active_locale()
        if place.locale_id == locale.pk:
            return place
        return Place.objects.filter(translation_key=place.translation_key, locale=locale).first() or place

    def get_fate_display(self):
        """The fate's label in the active language. Django's own builds a dictionary of every choice
        per call (translating each label to hash it), the dearest part of a line of a list of names."""
        try:
            return Fate(self.fate).label
        except ValueError:
            return self.fate

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
        return age_at_death(self)

    @classmethod
    def public_address(cls, person, language_code):
        """The person's address under the public names index of a language (else of any language), or None."""
        indexes = gate.public_pages(RemembranceIndexPage.objects.select_related("locale"))
        chosen = None
        for index_page in indexes:
            if chosen is None or index_page.locale.language_code == language_code:
                chosen = index_page
        return person.get_url_under(chosen) if chosen is not None else None

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

    @classmethod
    def testimony_link_model(cls):
        """The model of the rows linking a testimony to the people it speaks of.

        Testimonies sit above the names memorial, so the model is read from the relation it
        declares towards a person (``person.testimony_links``), never imported.
        """
        return cls._meta.get_field("testimony_links").related_model


class NameKey(models.Model):
    """One lookup key of a person's names: a word key (``=muhammad``, ``hm``) or a whole-name key (``#...``).

    Kept in their own indexed table so that exact and prefix lookups are index seeks on SQLite and
    PostgreSQL alike; typo tolerance finds the keys to look up in ``NameSpelling``.
    """

    person = models.ForeignKey(Remembrance, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")
        indexes = [
            models.Index(fields=["key", "person"], name="namekey_key_person"),
        ]

    def __str__(self):
        return self.key


class NameSpelling(models.Model):
    """One way a word of a name has been written, with the keys it stands for.

    The vocabulary typo tolerance searches: a mistyped word is compared with these spellings
    (not with people), and the keys of the close ones are then looked up in ``NameKey`` among the
    people the visitor may see. Rows hold no link to a person; ``rebuild_name_keys`` prunes the
    spellings no record uses any more.
    """

    spelling = models.CharField(max_length=40)
    key = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("name spelling")
        verbose_name_plural = _("name spellings")
        constraints = [models.UniqueConstraint(fields=["spelling", "key"], name="namespelling_unique")]

    def __str__(self):
        return self.spelling


class MergeRecord(models.Model):
    """One person's record merged into another's, with what is needed to undo it."""

    target = models.ForeignKey(
        Remembrance, on_delete=models.CASCADE, related_name="merges_received", verbose_name=_("kept record")
    )
    merged = models.ForeignKey(
        Remembrance, on_delete=models.CASCADE, related_name="merges_given", verbose_name=_("merged record")
    )
    reasons = models.TextField(
        _("reasons"), blank=True, help_text=_("Why the two records were judged the same person.")
    )
    snapshot = models.JSONField(default=dict, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("merged by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of records")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.merged} → {self.target}"


class NearerEndIds:
    """The ids of a listing in order, for a paginator: each slice is read from the nearer end.

    Skipping rows costs in proportion to how many are skipped, even along an index; reading the
    second half backwards bounds the skip at half the listing, and the last pages cost what the
    first ones do.
    """

    def __init__(self, qs, order, count_name=None):
        self.qs, self.order, self.count_name = qs, order, count_name

    @cached_property
    def total(self):
        if self.count_name is None:
            return self.qs.count()
        # Counting reads every row the filters let through: kept while what the public sees holds.
        return remembered(self.count_name, self.qs.count)

    def count(self):
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Listing ids are read by slices.")
        start, stop = index.start or 0, min(index.stop if index.stop is not None else self.total, self.total)
        if stop <= start:
            return []
        ids = self.qs.values_list("pk", flat=True)
        if start <= self.total - stop:
            return list(ids.order_by(*self.order)[start:stop])
        backwards = [f"-{name}" for name in self.order]
        return list(ids.order_by(*backwards)[self.total - stop : self.total - start])[::-1]


def count_name(active):
    """The shared cache's name for the number of public people the visitor's filters let through."""
    return "names-count:" + hashlib.sha256(repr(sorted(active.items())).encode()).hexdigest()[:32]


def public_count():
    """How many people the memorial shows, kept while what the public sees holds."""
    return remembered(count_name({}), Remembrance.objects.public().count)


def letter_counts():
    """(letter, count) of public people for each Arabic and Latin first letter, from one grouped query,
    kept until what the public sees changes (at a national registry's size the grouping reads every
    public row, far more than a page may cost)."""
    return remembered("names-letters", _count_letters)


def _count_letters():
    latin, arabic = dict.fromkeys(LATIN_LETTERS, 0), dict.fromkeys(ARABIC_LETTERS, 0)
    pairs = Remembrance.objects.public().order_by().values_list("letter_latin", "letter_ar").annotate(n=Count("pk"))
    for letter_latin, letter_ar, count in pairs:
        if letter_latin in latin:
            latin[letter_latin] += count
        if letter_ar in arabic:
            arabic[letter_ar] += count
    return {"latin_letters": list(latin.items()), "arabic_letters": list(arabic.items())}


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

    description_field = "introduction"

    @cached_property
    def people(self):
        return Remembrance.objects.public()

    def filtered(self, params):
        """Apply the visitor's filters; unknown or malformed values are ignored, never an error."""
        qs = self.people
        active = {}
        place = clean_param(params, "place")
        if place:
            qs = qs.filter(place__translation_key__in=Place.objects.filter(slug=place).values("translation_key"))
            active["place"] = place
        fate = clean_param(params, "fate")
        if fate in Fate.values:
            qs = qs.filter(fate=fate)
            active["fate"] = fate
        year = clean_param(params, "year")
        if year.isdigit() and len(year) == 4:
            qs = qs.filter(death_date__year=int(year))
            active["year"] = year
        age = clean_param(params, "age")
        if age in AgeGroup.values:
            qs = qs.filter(age_group=age)
            active["age"] = age
        letter = clean_param(params, "letter", max_length=1)
        if letter.upper() in LATIN_LETTERS:
            qs = qs.filter(letter_latin=letter.upper())
            active["letter"] = letter.upper()
        elif letter in ARABIC_LETTERS:
            qs = qs.filter(letter_ar=letter)
            active["letter"] = letter
        return qs, active

    def places_named(self):
        """The places public people name, in this page's language: the choices of the place filter,
        kept until what the public sees changes (a person published, a place renamed)."""

        def read():
            named = Place.objects.filter(Exists(Remembrance.objects.public().filter(place=OuterRef("pk"))))
            same = named.values("translation_key")
            return list(Place.objects.filter(locale_id=self.locale_id, translation_key__in=same).order_by("name"))

        return remembered(f"names-places:{self.locale_id}", read)

    def listing_order(self, active):
        """Arabic letters and the Arabic site list names in Arabic order; otherwise in Latin order."""
        letter = active.get("letter", "")
        if letter in ARABIC_LETTERS or (not letter and (get_language() or "").startswith("ar")):
            return ("sort_name_ar", "pk")
        return ("sort_name", "pk")

    def listing_page(self, qs, active, number):
        """One page of the listing: ids from the covering index first, then only those rows.

        Counting and skipping walk the (live, sort, id) index alone, and a page in the second
        half is read from the end of the index, so the last page costs what the first does and
        the number of queries never depends on the page.
        """
        ids = NearerEndIds(qs, self.listing_order(active), count_name=count_name(active))
        paginator = Paginator(ids, LISTING_PAGE_SIZE)
        page = paginator.get_page(number)  # a bad or too-high number gives the first or last page
        page_ids = list(page.object_list)
        rows = Remembrance.objects.filter(pk__in=page_ids).for_display().in_bulk()
        page.object_list = [rows[pk] for pk in page_ids if pk in rows]
        return paginator, page

    @path("")
    def index_route(self, request):
        from .search import search_names  # the search reads these models: a top-level import would be circular

        qs, active = self.filtered(request.GET)
        query = clean_param(request.GET, "q", max_length=200)
        context = {
            "active_filters": active,
            "places": self.places_named(),
            "fates": Fate.choices,
            "age_groups": AgeGroup.choices,
            **letter_counts(),
            "publication_generation": generation(),
            "search_query": query,
        }
        if query:
            found = search_names(query, people=qs, limit=SEARCH_RESULTS)
            context.update(name_search=found, people=None, paginator=None)
            context["total_count"] = public_count()
        else:
            paginator, page = self.listing_page(qs, active, request.GET.get("page"))
            context.update(people=page, paginator=paginator)
            context["total_count"] = public_count() if active else paginator.count
        return self.render(request, context_overrides=context)

    @path("<int:pk>/<str:slug>/", name="person")
    @path("<int:pk>/", name="person_short")
    def person_route(self, request, pk, slug=None):
        person = get_object_or_404(Remembrance.objects.public().select_related("place", "photo"), pk=pk)
        if slug != person.slug:
            return redirect(person.get_url_under(self), permanent=True)
        testimony_page = Remembrance.testimony_link_model()._meta.get_field("page").related_model
        testimonies = testimony_page.objects.live().public().filter(people__person=person, locale_id=self.locale_id)
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
