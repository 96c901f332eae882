"""Arabic translations of the demo's history articles and sample testimonies.

The loader's own Arabic pass creates the section pages, About, Contribute and the Arabic
places, themes and events; this module then translates the two articles and every sample
testimony. Each page is copied with Wagtail's ``copy_for_translation``, so both versions share
a translation key and the language switcher pairs them, and the copy is given its Arabic text
(``content_ar.ARTICLES`` and ``content_ar.TESTIMONIES``) and linked to the Arabic twins of its
places, themes, events and sources (a source with no Arabic twin stays the English one).

A page that already has an Arabic translation is left as it is, whoever made it: running the
loader again adds nothing and never overwrites an editor's work.

Sample testimonies stay marked as samples in both languages. Where the witness spoke Arabic,
the Arabic page holds the original account and the English page is told to say that it is a
translation; where the witness spoke English, the Arabic page says so.
"""

import json
import uuid

from wagtail.fields import StreamField
from wagtail.models import Page

from home.models import HomePage, HomePageFeaturedTestimony
from memorial.core.models import Place, Source, Theme
from memorial.history.models import Event
from memorial.testimonies.models import TestimonyLanguage, TestimonyPage

from . import content, content_ar, samples

TRANSLATED_FROM_ARABIC = (
    "<p><i>Translated from Arabic. The witness gave this account in Arabic; the original is on the Arabic "
    "version of this page.</i></p>"
)


def translate_demo_pages(loader):
    """Give the demo's articles and sample testimonies their Arabic versions (idempotent)."""
    if loader.ar is None or loader.home.get_translation_or_none(loader.ar) is None:
        return
    ArabicSources(loader).run()
    fill_arabic_home(loader)
    ArabicPages(loader).run()


def fill_arabic_home(loader):
    """Give the Arabic home page its Arabic text while it still shows the model's English defaults.

    The headings' defaults are English; an Arabic home page that still has them has never been
    edited, so filling it overwrites nobody's work.
    """
    ar_home = HomePage.objects.get(pk=loader.home.get_translation(loader.ar).pk)
    if ar_home.timeline_heading != HomePage._meta.get_field("timeline_heading").default:
        return
    for field, value in content_ar.HOME.items():
        setattr(ar_home, field, value)
    if ar_home.hero_image_id is None:
        ar_home.hero_image = getattr(loader, "hero", None)
    contribute = loader.pages["contribute"].get_translation_or_none(loader.ar)
    if ar_home.contribute_page_id is None and contribute is not None:
        ar_home.contribute_page = contribute
    ar_home.save_revision().publish()
    loader.created["home pages filled"] += 1


class ArabicSources:
    """Arabic versions of the demo's sources, and every Arabic page, place and event citing them.

    Until then the Arabic side cites the English records, whose descriptions are English.
    """

    def __init__(self, loader):
        self.loader = loader
        self.ar = loader.ar

    def run(self):
        twins = {}
        for key, english in self.loader.sources.items():
            twin = Source.objects.filter(locale=self.ar, translation_key=english.translation_key).first()
            if twin is None:
                twin = Source(
                    locale=self.ar,
                    translation_key=english.translation_key,
                    author=english.author,
                    kind=english.kind,
                    year=english.year,
                    url=english.url,
                    accessed=english.accessed,
                    **content_ar.SOURCES[key],
                )
                self.loader._save(twin)
                self.loader.created["sources (Arabic)"] += 1
            twins[english.pk] = twin
        self._relink(twins)

    def _relink(self, twins):
        def swap(sources):
            return [twins.get(source.pk, source) for source in sources]

        for place in Place.objects.filter(locale=self.ar).prefetch_related("sources"):
            current = list(place.sources.all())
            if swap(current) != current:
                place.sources.set(swap(current))
        for event in Event.objects.filter(locale=self.ar).prefetch_related("sources"):
            current = list(event.sources.all())
            if swap(current) != current:
                event.sources = swap(current)
                event.save()
        source_ids = {pk: twin.pk for pk, twin in twins.items()}
        for page in Page.objects.filter(locale=self.ar).live().specific():
            self._relink_page(page, swap, source_ids)

    def _relink_page(self, page, swap, source_ids):
        page = type(page).objects.get(pk=page.pk)  # fresh: publishing a stale copy could undo tree changes
        changed = False
        if hasattr(page, "sources"):
            current = list(page.sources.all())
            if swap(current) != current:
                page.sources = swap(current)
                changed = True
        for field in page._meta.get_fields():
            if isinstance(field, StreamField):
                raw = json.dumps(list(getattr(page, field.name).raw_data))
                localised = localise_sources(raw, source_ids)
                if json.loads(localised) != json.loads(raw):
                    setattr(page, field.name, localised)
                    changed = True
        if changed:
            page.save_revision().publish()


def localise_sources(raw_stream, source_ids):
    """StreamField JSON with every ``source`` id replaced by its Arabic twin's, where there is one."""

    def walk(node):
        if isinstance(node, dict):
            return {
                key: source_ids.get(value, value) if key == "source" else walk(value) for key, value in node.items()
            }
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return json.dumps(walk(json.loads(raw_stream)))


class ArabicPages:
    def __init__(self, loader):
        self.loader = loader
        self.ar = loader.ar
        self.created = loader.created
        self.places = self._twins(Place, loader.places.values())
        self.themes = self._twins(Theme, loader.themes.values())
        self.events = self._twins(Event, loader.events.values())
        self.sources = self._twins(Source, loader.sources.values())

    def run(self):
        for data in content.ARTICLES:
            self._article(self.loader.pages[data["slug"]], data, content_ar.ARTICLES[data["slug"]])
        new_testimonies = [
            self._testimony(self.loader.pages[data["slug"]], data, content_ar.TESTIMONIES[data["slug"]])
            for data in samples.TESTIMONIES
        ]
        if any(new_testimonies):
            self._feature_on_arabic_home()

    # --- lookups -------------------------------------------------------------------------

    def _twins(self, model, originals):
        """{original pk: Arabic twin, or the original itself if it has no Arabic version}"""
        originals = list(originals)
        twins = {
            obj.translation_key: obj
            for obj in model.objects.filter(locale=self.ar, translation_key__in=[o.translation_key for o in originals])
        }
        return {o.pk: twins.get(o.translation_key, o) for o in originals}

    def _related(self, twins, keys, found):
        return [twins[found[key].pk] for key in keys]

    def _stream(self, spec, cited=True):
        source_ids = {pk: twin.pk for pk, twin in self.sources.items()}
        return localise_sources(self.loader._stream(spec, cited=cited), source_ids)

    def _new_translation(self, page):
        """A fresh Arabic copy of page, or None if page already has an Arabic translation."""
        if page.get_translation_or_none(self.ar) is not None:
            return None
        copy = page.copy_for_translation(self.ar, copy_parents=True)
        # A fresh instance: publishing a stale one could write back old tree fields.
        return type(page).objects.get(pk=copy.pk)

    def _publish(self, page):
        page.save_revision().publish()
        self.created["pages (Arabic)"] += 1

    # --- pages ---------------------------------------------------------------------------

    def _article(self, english, data, arabic):
        page = self._new_translation(english)
        if page is None:
            return None
        page.title = arabic["title"]
        page.slug = english.slug
        page.introduction = arabic["introduction"]
        page.content_note = arabic["content_note"]
        page.body = self._stream(arabic["body"])
        page.places = self._related(self.places, data["places"], self.loader.places)
        page.events = self._related(self.events, data["events"], self.loader.events)
        page.sources = self._related(self.sources, data["sources"], self.loader.sources)
        self._publish(page)
        return page

    def _testimony(self, english, data, arabic):
        page = self._new_translation(english)
        if page is None:
            return None
        original_is_arabic = data["language"] == TestimonyLanguage.ARABIC
        page.title = arabic["title"]
        page.slug = english.slug
        page.is_sample = True
        page.witness_name = arabic.get("witness_name", "")
        page.witness_pseudonym = arabic.get("witness_pseudonym", "")
        page.interviewer = content_ar.SAMPLE_INTERVIEWER
        page.summary = arabic["summary"]
        page.content_note = arabic["content_note"]
        opening = [("p", content_ar.SAMPLE_TESTIMONY_NOTICE)]
        if not original_is_arabic:
            opening.append(("p", content_ar.TRANSLATED_FROM_ENGLISH))
        page.body = self._stream([*opening, *arabic["body"]], cited=False)
        page.places = self._related(self.places, data["places"], self.loader.places)
        page.events = self._related(self.events, data["events"], self.loader.events)
        page.themes = self._related(self.themes, data["themes"], self.loader.themes)
        page.sources = self._related(self.sources, data["sources"], self.loader.sources)
        notes = {self.loader.people[key].pk: arabic["people"][key] for key, _note in data["people"]}
        links = list(page.people.all())  # copied from the English page; only the notes change
        for link in links:
            link.note = notes.get(link.person_id, link.note)
        page.people = links
        self._publish(page)
        if original_is_arabic:
            self._mark_english_as_translation(english)
        return page

    def _mark_english_as_translation(self, english):
        """Open the English page of an Arabic-language testimony by saying it is a translation."""
        english = TestimonyPage.objects.get(pk=english.pk)
        raw = list(english.body.raw_data)
        if TRANSLATED_FROM_ARABIC in json.dumps(raw, ensure_ascii=False):
            return
        note = {"type": "paragraph", "value": TRANSLATED_FROM_ARABIC, "id": str(uuid.uuid4())}
        english.body = json.dumps([note, *raw])
        english.save_revision().publish()
        self.created["English testimonies marked as translations"] += 1

    def _feature_on_arabic_home(self):
        """Feature the Arabic versions of the English home page's samples, if nothing is featured yet."""
        ar_home = HomePage.objects.get(pk=self.loader.home.get_translation(self.ar).pk)
        if ar_home.featured_testimonies.exists():
            return
        featured = [self.loader.pages[slug].get_translation_or_none(self.ar) for slug in samples.FEATURED_TESTIMONIES]
        ar_home.featured_testimonies = [
            HomePageFeaturedTestimony(testimony_id=page.pk, sort_order=i)
            for i, page in enumerate(p for p in featured if p is not None)
        ]
        ar_home.save_revision().publish()
        self.created["featured testimonies (Arabic)"] += len(ar_home.featured_testimonies.all())
