"""The shared vocabularies every page family links to: places, sources and themes."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index


def unique_slug_for(instance, base, field="slug"):
    """A slug unique among the instance's siblings in the same locale."""
    slug = slugify(base, allow_unicode=True)[:70] or "item"
    candidate, n = slug, 2
    model = type(instance)
    others = model._default_manager.exclude(pk=instance.pk)
    if hasattr(instance, "locale_id"):
        others = others.filter(locale_id=instance.locale_id)
    while others.filter(**{field: candidate}).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


class Place(TranslatableMixin, index.Indexed, models.Model):
    """A district, camp, prison or other place the archive's records concern."""

    class Kind(models.TextChoices):
        CITY = "city", _("city or town")
        DISTRICT = "district", _("district or quarter")
        LANDMARK = "landmark", _("landmark, mosque or building")
        CAMP = "camp", _("camp or place of assembly")
        PRISON = "prison", _("prison or detention centre")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200, help_text=_("The name most readers know the place by."))
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=True,
        blank=True,
        help_text=_("The last part of the place's address on the site; made from the name if left empty."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT, help_text=_("What sort of place it is.")
    )
    other_names = models.CharField(
        _("other names"),
        max_length=300,
        blank=True,
        help_text=_("Other spellings or names, separated by semicolons (for example: Kilaniyya; Kaylaniyya)."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("A short, sourced description of the place and what happened there.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, in decimal degrees."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Optional, in decimal degrees."),
    )
    sources = models.ManyToManyField(
        "core.Source",
        blank=True,
        related_name="places",
        verbose_name=_("sources"),
        help_text=_("Sources for the description."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("slug")]),
        FieldPanel("other_names"),
        FieldPanel("description"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], heading=_("Location")),
        FieldPanel("sources"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("other_names"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]
    api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("kind"),
        APIField("other_names"),
        APIField("description"),
        APIField("latitude"),
        APIField("longitude"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_place_slug_per_locale")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug_for(self, self.name)
        super().save(*args, **kwargs)


class Source(TranslatableMixin, index.Indexed, models.Model):
    """A published or archival source, cited wherever the archive states a fact or a figure."""

    class Kind(models.TextChoices):
        NEWS = "news", _("news report")
        BOOK = "book", _("book")
        ARTICLE = "article", _("journal article")
        REPORT = "report", _("report by an organisation")
        TESTIMONY = "testimony", _("testimony in this archive")
        DOCUMENT = "document", _("archival document")
        OTHER = "other", _("other")

    title = models.CharField(_("title"), max_length=400, help_text=_("The title of the work, article or document."))
    author = models.CharField(
        _("author"),
        max_length=300,
        blank=True,
        help_text=_("Person or organisation responsible, as the source names them."),
    )
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("Agency, newspaper, publisher or archive holding it.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Year of publication; leave empty if unknown.")
    )
    published = models.CharField(
        _("date published"),
        max_length=60,
        blank=True,
        help_text=_("The date as precisely as it is known, e.g. '2 February 2019'."),
    )
    url = models.URLField(
        _("web address"), max_length=500, blank=True, help_text=_("Where the source can be read, if online.")
    )
    accessed = models.DateField(
        _("accessed"), null=True, blank=True, help_text=_("When the web address was last checked.")
    )
    citation = models.TextField(
        _("full citation"),
        blank=True,
        help_text=_("The complete reference as it should be cited. Built from the fields above if left empty."),
    )
    reliability_note = models.TextField(
        _("note on the source"),
        blank=True,
        help_text=_("What readers should know: when it was written, whose account it gives, claims others dispute."),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("author"), FieldPanel("publisher")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year"), FieldPanel("published")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("accessed")]),
        FieldPanel("citation"),
        FieldPanel("reliability_note"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("author"),
        index.SearchField("publisher"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["author", "title"]

    def __str__(self):
        return self.short_citation

    @property
    def short_citation(self):
        who = self.author or self.publisher
        parts = [p for p in (who, self.title) if p]
        text = ", ".join(parts)
        return f"{text} ({self.year})" if self.year else text

    @property
    def full_citation(self):
        if self.citation:
            return self.citation
        parts = [
            self.author,
            f"“{self.title}”",
            self.publisher,
            self.published or (str(self.year) if self.year else ""),
        ]
        return ". ".join(p for p in parts if p) + "."


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A subject heading from the archive's controlled list (detention, displacement, the missing...)."""

    name = models.CharField(_("name"), max_length=120, help_text=_("The theme as readers will see it."))
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        allow_unicode=True,
        blank=True,
        help_text=_("Used in filter addresses; made from the name if left empty."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the theme covers, in a sentence or two.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_theme_slug_per_locale")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug_for(self, self.name)
        super().save(*args, **kwargs)
