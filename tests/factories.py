"""Factories for every model of the archive.

Pages are built with wagtail_factories; a page takes its parent's locale unless told
otherwise, so a tree grown under the Arabic home page is Arabic throughout. Pages are
live by default; pass ``live=False`` for a draft.
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail import blocks
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import RichText

from home.models import HomePage, HomePageFeaturedTestimony
from memorial.core import blocks as core_blocks
from memorial.core.models import DatePrecision, Place, Source, StandardPage, Theme
from memorial.history.models import ArticlePage, Event, HistoryIndexPage, PlaceIndexPage, TimelinePage
from memorial.remembrance.models import Fate, Remembrance, RemembranceIndexPage
from memorial.testimonies.models import (
    TestimonyIndexPage,
    TestimonyLanguage,
    TestimonyPage,
    TestimonyPerson,
    WitnessDisplay,
)


def default_locale():
    return Locale.objects.get(language_code="en")


def home_page(language="en"):
    """The home page the migration made for a language, with the statement an editor would write."""
    home = HomePage.objects.get(locale__language_code=language)
    home.statement = "<p>We remember the people of Hama killed and disappeared in February 1982.</p>"
    home.save(update_fields=["statement"])
    return home


# --- Images -----------------------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail_factories would make a new root each time)."""

    title = factory.Sequence(lambda n: f"Photograph {n}")
    collection = factory.LazyFunction(lambda: Collection.get_first_root_node())
    file = factory.django.ImageField(width=32, height=24, color="grey")


# --- Vocabularies -----------------------------------------------------------------------


class TranslatableFactory(DjangoModelFactory):
    locale = factory.LazyFunction(default_locale)


class PlaceFactory(TranslatableFactory):
    name = factory.Sequence(lambda n: f"District {n}")
    kind = Place.Kind.DISTRICT
    other_names = factory.LazyAttribute(lambda o: f"{o.name} quarter")
    description = "A quarter of the old city."

    class Meta:
        model = Place
        skip_postgeneration_save = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create and extracted:
            self.sources.set(extracted)


class SourceFactory(TranslatableFactory):
    title = factory.Sequence(lambda n: f"Report on the events, part {n}")
    author = "Human Rights Observers"
    publisher = "Observers Press"
    kind = Source.Kind.REPORT
    year = 1983

    class Meta:
        model = Source


class ThemeFactory(TranslatableFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    description = "A subject heading."

    class Meta:
        model = Theme


class M2MPostGeneration:
    """Sets a ParentalManyToManyField from a post-generation hook and saves, which writes it."""

    @staticmethod
    def set_m2m(page, name, create, extracted):
        if create and extracted is not None:
            getattr(page, name).set(extracted)
            page.save()


class EventFactory(TranslatableFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    date = datetime.date(1982, 2, 2)
    date_precision = DatePrecision.DAY
    description = "What happened that day."

    class Meta:
        model = Event
        skip_postgeneration_save = True

    # ParentalManyToManyFields are only written to the database when the object is saved.
    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "places", create, extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "sources", create, extracted)


# --- Blocks -----------------------------------------------------------------------------


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.Sequence(lambda n: f"Section {n}")

    class Meta:
        model = core_blocks.HeadingBlock


class SourceChooserBlockFactory(wagtail_factories.blocks.ChooserBlockFactory):
    """A snippet chooser value: the Source itself."""

    class Meta:
        model = blocks.Block  # any block; the value is the chosen instance

    @classmethod
    def _build(cls, model_class, source=None):
        return source

    @classmethod
    def _create(cls, model_class, source=None):
        return source or SourceFactory()


class CitationBlockFactory(wagtail_factories.StructBlockFactory):
    source = factory.SubFactory(SourceChooserBlockFactory)
    locator = "p. 12"
    note = ""

    class Meta:
        model = core_blocks.CitationBlock


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    class Meta:
        model = blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs.get("value", "<p>The city was cut off from the outside world.</p>"))


class CitedParagraphBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.SubFactory(RichTextBlockFactory)
    citations = wagtail_factories.ListBlockFactory(CitationBlockFactory)

    class Meta:
        model = core_blocks.CitedParagraphBlock


class EstimateBlockFactory(wagtail_factories.StructBlockFactory):
    low = 1000
    high = None
    qualifier = "at_least"
    given_by = "A news agency"
    source = factory.SubFactory(SourceChooserBlockFactory)
    note = ""

    class Meta:
        model = core_blocks.EstimateBlock


class FiguresBlockFactory(wagtail_factories.StructBlockFactory):
    heading = "People killed"
    explanation = "Estimates differ widely."
    estimates = wagtail_factories.ListBlockFactory(EstimateBlockFactory)

    class Meta:
        model = core_blocks.FiguresBlock


class QuoteBlockFactory(wagtail_factories.StructBlockFactory):
    quote = "We did not know if anyone outside knew."
    attribution = "Sample witness A"
    source = None

    class Meta:
        model = core_blocks.QuoteBlock


class ArticleStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(CitedParagraphBlockFactory)
    figures = factory.SubFactory(FiguresBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)

    class Meta:
        model = core_blocks.ArticleStreamBlock


class TestimonyStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(RichTextBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)

    class Meta:
        model = core_blocks.TestimonyStreamBlock


class StandardStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(CitedParagraphBlockFactory)
    quote = factory.SubFactory(QuoteBlockFactory)

    class Meta:
        model = core_blocks.StandardStreamBlock


def article_body(**extra):
    """A heading, a paragraph citing two sources, and a disputed figure with two estimates."""
    params = {
        "0__heading__text": "The siege",
        "1__paragraph__text__value": "<p>The city was surrounded on 2 February.</p>",
        "1__paragraph__citations__0__locator": "p. 4",
        "1__paragraph__citations__1__locator": "para. 9",
        "2__figures__heading": "People killed",
        "2__figures__estimates__0__low": 10000,
        "2__figures__estimates__0__high": 40000,
        "2__figures__estimates__0__given_by": "A rights group",
        "2__figures__estimates__1__low": 2000,
        "2__figures__estimates__1__qualifier": "about",
        "2__figures__estimates__1__given_by": "The government",
        **extra,
    }
    return ArticleStreamBlockFactory(**params)


def testimony_body(text="<p>We hid in the cellar for nine days.</p>"):
    return TestimonyStreamBlockFactory(**{"0__heading__text": "The first days", "1__paragraph__value": text})


# --- Pages ------------------------------------------------------------------------------


class BasePageFactory(wagtail_factories.PageFactory):
    """A live page under ``parent``, in the parent's locale."""

    title = factory.Sequence(lambda n: f"Page {n}")
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.LazyAttribute(lambda o: o.first_published_at)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        if parent is not None and "locale" not in kwargs:
            kwargs["locale"] = parent.locale
        if not kwargs.get("live"):
            # A draft that was never published.
            kwargs.update(first_published_at=None, last_published_at=None, has_unpublished_changes=True)
        return super()._create_instance(model_class, parent, kwargs)


def _child_of_type(parent, model, factory_class):
    """The page of ``model`` under ``parent``, made with ``factory_class`` if there is none."""
    existing = model.objects.child_of(parent).first()
    return existing or factory_class(parent=parent)


def default_testimony_index():
    return _child_of_type(home_page(), TestimonyIndexPage, TestimonyIndexPageFactory)


def default_history_index():
    return _child_of_type(home_page(), HistoryIndexPage, HistoryIndexPageFactory)


class HomePageFactory(BasePageFactory):
    """A further home page; tests normally use the one the migration made (see ``home_page``)."""

    parent = factory.LazyFunction(lambda: Page.get_first_root_node())
    title = factory.Sequence(lambda n: f"Another home {n}")
    statement = "<p>We remember.</p>"

    class Meta:
        model = HomePage


class StandardPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = factory.Sequence(lambda n: f"About the archive {n}")
    introduction = "How the archive works."
    body = factory.LazyFunction(
        lambda: StandardStreamBlockFactory(
            **{"0__heading__text": "Who we are", "1__paragraph__citations__0__locator": "p. 1"}
        )
    )

    class Meta:
        model = StandardPage


class TestimonyIndexPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "Testimonies"
    slug = "testimonies"
    introduction = "The witnesses' own accounts."

    class Meta:
        model = TestimonyIndexPage


class TestimonyPageFactory(BasePageFactory):
    parent = factory.LazyFunction(default_testimony_index)
    title = factory.Sequence(lambda n: f"Testimony {n}")
    witness_display = WitnessDisplay.PSEUDONYM
    witness_name = factory.Sequence(lambda n: f"Realname{n} Hidden")
    witness_pseudonym = factory.Sequence(lambda n: f"Umm Pseudonym{n}")
    interview_date = datetime.date(2012, 5, 1)
    interviewer = "Archive team"
    language = TestimonyLanguage.ARABIC
    summary = "A survivor describes the first days of the siege."
    content_note = "Describes killing."
    body = factory.LazyFunction(testimony_body)

    class Meta:
        model = TestimonyPage
        skip_postgeneration_save = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "places", create, extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "themes", create, extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "sources", create, extracted)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "events", create, extracted)


class RemembranceIndexPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "Names memorial"
    slug = "names"
    introduction = "Every person killed or missing."

    class Meta:
        model = RemembranceIndexPage


class HistoryIndexPageFactory(BasePageFactory):
    parent = factory.LazyFunction(home_page)
    title = "History"
    slug = "history"
    introduction = "What happened, with sources."

    class Meta:
        model = HistoryIndexPage


class ArticlePageFactory(BasePageFactory):
    parent = factory.LazyFunction(default_history_index)
    title = factory.Sequence(lambda n: f"Article {n}")
    introduction = "How the siege began."
    content_note = "Describes violence."
    body = factory.LazyFunction(article_body)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "places", create, extracted)

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "sources", create, extracted)

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "events", create, extracted)


class TimelinePageFactory(BasePageFactory):
    parent = factory.LazyFunction(default_history_index)
    title = "Timeline"
    slug = "timeline"
    introduction = "The events in order."

    class Meta:
        model = TimelinePage


class PlaceIndexPageFactory(BasePageFactory):
    parent = factory.LazyFunction(default_history_index)
    title = "Places"
    slug = "places"
    introduction = "The districts and places."

    class Meta:
        model = PlaceIndexPage


# --- People -----------------------------------------------------------------------------


class RemembranceFactory(DjangoModelFactory):
    """A public (live) record; pass ``live=False`` for a draft."""

    name_latin = factory.Sequence(lambda n: f"Ahmad Person{n}")
    name_ar = factory.Sequence(lambda n: f"أحمد {n}")
    name_variants = ""
    birth_date = datetime.date(1950, 1, 1)
    birth_date_precision = DatePrecision.YEAR
    death_date = datetime.date(1982, 2, 10)
    death_date_precision = DatePrecision.DAY
    fate = Fate.KILLED
    circumstances = "Killed in the street outside his home."
    record_source = "List of the dead, 1983"
    live = True

    class Meta:
        model = Remembrance
        skip_postgeneration_save = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        M2MPostGeneration.set_m2m(self, "sources", create, extracted)


class TestimonyPersonFactory(DjangoModelFactory):
    page = factory.SubFactory(TestimonyPageFactory)
    person = factory.SubFactory(RemembranceFactory)
    note = "The witness's brother."

    class Meta:
        model = TestimonyPerson


class HomePageFeaturedTestimonyFactory(DjangoModelFactory):
    page = factory.LazyFunction(home_page)
    testimony = factory.SubFactory(TestimonyPageFactory)

    class Meta:
        model = HomePageFeaturedTestimony
