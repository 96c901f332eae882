"""The memorial's front page."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from memorial.core.models import BasePage
from memorial.core.querysets import exclude_restricted
from memorial.history.models import HistoryIndexPage, TimelinePage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage

LATEST_COUNT = 6


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

    def default_description(self):
        return strip_tags(self.statement)[:300]

    def get_og_image(self):
        return self.hero_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [f.testimony_id for f in self.featured_testimonies.all()]
        featured = {p.pk: p for p in TestimonyPage.objects.live().public().filter(pk__in=featured_ids).for_listing()}
        # Base pages suffice for links; their type is read from the cached content type.
        sections = {
            page.specific_class: page
            for page in exclude_restricted(self.get_descendants().live())
            .type(TestimonyIndexPage, RemembranceIndexPage, HistoryIndexPage, TimelinePage)
            .order_by("path")
        }
        names_index = sections.get(RemembranceIndexPage)
        names_url = names_index.get_url(request) if names_index else ""
        latest_people = list(Remembrance.objects.public().order_by("-created_at", "-pk")[:LATEST_COUNT])
        context.update(
            featured_testimonies=[featured[i] for i in featured_ids if i in featured],
            latest_testimonies=TestimonyPage.objects.descendant_of(self).live().public().for_listing()[:3],
            names_count=Remembrance.objects.public().count(),
            latest_people=[(p, p.get_url_under(names_index, names_url)) for p in latest_people] if names_index else [],
            testimony_index=sections.get(TestimonyIndexPage),
            names_index=names_index,
            history_index=sections.get(HistoryIndexPage),
            timeline=sections.get(TimelinePage),
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
