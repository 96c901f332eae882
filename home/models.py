"""The memorial's front page."""

from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from memorial.core import navigation
from memorial.core.models import BasePage
from memorial.remembrance.models import Remembrance, public_count
from memorial.testimonies.models import TestimonyPage

LATEST_COUNT = 6
LATEST_TESTIMONIES = 3


class HomePage(BasePage):
    """The memorial statement, featured testimonies, the count of names and the way in."""

    statement = RichTextField(
        _("memorial statement"),
        features=["bold", "italic", "link"],
        help_text=_("What the memorial is for, in a short paragraph; the first thing visitors read."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
        help_text=_("A calm image shown beside the statement; never of an identifiable witness."),
    )
    hero_image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it; leave empty if it is decorative."),
    )
    timeline_heading = models.CharField(_("timeline heading"), max_length=120, default="What happened in February 1982")
    timeline_text = models.TextField(
        _("timeline text"), blank=True, help_text=_("A sentence inviting readers into the timeline and history.")
    )
    contribute_heading = models.CharField(
        _("call to contribute: heading"), max_length=120, default="Share what you remember"
    )
    contribute_text = models.TextField(
        _("call to contribute: text"),
        blank=True,
        help_text=_(
            "Invites survivors and relatives to share a testimony or remember a person, and says how it is protected."
        ),
    )
    contribute_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("call to contribute: page"),
        help_text=_("The page explaining how to contribute."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("statement"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Image")),
        InlinePanel(
            "featured_testimonies", label=_("Featured testimony"), heading=_("Featured testimonies"), max_num=6
        ),
        MultiFieldPanel([FieldPanel("timeline_heading"), FieldPanel("timeline_text")], heading=_("Timeline")),
        MultiFieldPanel(
            [FieldPanel("contribute_heading"), FieldPanel("contribute_text"), PageChooserPanel("contribute_page")],
            heading=_("Call to contribute"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("statement")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "testimonies.TestimonyIndexPage",
        "remembrance.RemembranceIndexPage",
        "history.HistoryIndexPage",
        "core.StandardPage",
    ]

    class Meta:
        verbose_name = _("home page")

    description_field = "statement"

    @classmethod
    def description_from(cls, value):
        return strip_tags(value or "")[:300]

    def get_og_image(self):
        return self.hero_image

    def testimony_cards(self):
        """(featured, latest): the chosen testimonies in their order, and the latest three below this page.

        One query for both lists and one for each relation the cards show, however many are chosen.
        """
        public = TestimonyPage.objects.live().public()
        latest = public.descendant_of(self).order_by("-first_published_at", "-pk").values("pk")[:LATEST_TESTIMONIES]
        if "featured_testimonies" in getattr(self, "_cluster_related_objects", {}):
            # A preview: the choices in the edit form, not yet saved.
            featured_ids = [f.testimony_id for f in self.featured_testimonies.all()]
            chosen = Q(pk__in=featured_ids)
            order = Value(None, output_field=models.IntegerField())
        else:
            rows = HomePageFeaturedTestimony.objects.filter(page_id=self.pk)
            featured_ids = None
            chosen = Q(pk__in=rows.values("testimony_id"))
            order = Subquery(rows.filter(testimony_id=OuterRef("pk")).values("sort_order")[:1])
        cards = list(
            public.filter(chosen | Q(pk__in=latest))
            .annotate(
                is_featured=Case(When(chosen, then=True), default=False),
                featured_order=order,
                is_latest=Case(When(pk__in=latest, then=True), default=False),
            )
            .for_listing()
        )
        if featured_ids is None:
            featured = sorted(
                (c for c in cards if c.is_featured), key=lambda c: (c.featured_order is not None, c.featured_order or 0)
            )
        else:
            by_pk = {c.pk: c for c in cards}
            featured = [by_pk[pk] for pk in featured_ids if pk in by_pk]
        return featured, [c for c in cards if c.is_latest]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured, latest = self.testimony_cards()
        # Base pages suffice for links; they come from the shared cache of section pages.
        sections = {name: page for name, (page, _url) in navigation.section_pages(request, self.locale_id).items()}
        names_index = sections.get("names")
        names_url = names_index.get_url(request) if names_index else ""
        latest_people = list(Remembrance.objects.public().order_by("-created_at", "-pk")[:LATEST_COUNT])
        context.update(
            featured_testimonies=featured,
            latest_testimonies=latest,
            names_count=public_count(),
            latest_people=[(p, p.get_url_under(names_index, names_url)) for p in latest_people] if names_index else [],
            testimony_index=sections.get("testimonies"),
            names_index=names_index,
            history_index=sections.get("history"),
            timeline=sections.get("timeline"),
        )
        return context


class HomePageFeaturedTestimony(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_testimonies")
    testimony = models.ForeignKey(
        "testimonies.TestimonyPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("testimony")
    )

    panels = [PageChooserPanel("testimony")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured testimony")
