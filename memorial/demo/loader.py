"""Builds the demo site from the content modules, idempotently.

Everything is looked up by a stable key before it is created (a page by its slug under its
parent, a source by its title, a place or theme by its slug, an event by its title, a sample
person by their sample name, an image by its title, a user by username, a translation by its
translation key), and nothing that already exists is changed: running the loader twice adds
nothing, and an editor's later changes to demo records are never overwritten.
"""

import json
import uuid
from collections import Counter
from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Locale, Site
from wagtail.utils.file import hash_filelike

from home.models import HomePage, HomePageFeaturedTestimony
from memorial.core import groups
from memorial.core.models import Place, Source, StandardPage, Theme
from memorial.history.models import ArticlePage, Event, HistoryIndexPage, PlaceIndexPage, TimelinePage
from memorial.remembrance.models import Remembrance, RemembranceIndexPage
from memorial.testimonies.models import TestimonyIndexPage, TestimonyPage, TestimonyPerson

from . import content, content_ar, images, recordings, samples
from .moderation import load_moderation
from .translations_ar import translate_demo_pages

DEMO_PASSWORD = "memorial-demo-2026"  # noqa: S105 - development only, see MEMORIAL_CREATE_DEMO_USERS
# (username, role group or None, superuser?)
DEMO_USERS = [
    ("admin", None, True),
    ("editor", groups.EDITORS, False),
    ("moderator", groups.MODERATORS, False),
    ("contributor", groups.CONTRIBUTORS, False),
    ("archivist", groups.ARCHIVISTS, False),
]
HERO_TITLE = "Demo: abstract pattern for the home page"


def _date(value):
    return date.fromisoformat(value) if value else None


def _id():
    return str(uuid.uuid4())


class DemoError(Exception):
    pass


class DemoLoader:
    def __init__(self):
        self.created = Counter()
        self.users = []

    # --- entry point ---------------------------------------------------------------------

    def run(self):
        with transaction.atomic():
            self.en = Locale.objects.get(language_code="en")
            self.ar = Locale.objects.filter(language_code="ar").first()
            self.home = self._english_home()
            self._site_address()
            self.sources = self._sources()
            self.places = self._places()
            self.themes = self._themes()
            self.events = self._events()
            self.hero = self._image(HERO_TITLE, images.hero_image, "demo-hero.jpg")
            self.people = self._remembrances()
            self.pages = self._pages()
            self._fill_home()
            recordings.load_recordings(self)
            if self.ar is not None:
                self._arabic()
            translate_demo_pages(self)
            load_moderation(self.created)
            if getattr(settings, "MEMORIAL_CREATE_DEMO_USERS", False):
                self._users()
        return self.created

    # --- lookups -------------------------------------------------------------------------

    def _english_home(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage) or home.locale_id != self.en.pk:
            home = HomePage.objects.filter(locale=self.en).first()
        if home is None:
            raise DemoError("No English home page: run `manage.py migrate` first.")
        return home

    def _site_address(self):
        """The default site answers at SITE_BASE_URL, so citations and e-mails carry the address served."""
        address = urlsplit(getattr(settings, "SITE_BASE_URL", "") or "")
        if not address.hostname:
            return
        port = address.port or (443 if address.scheme == "https" else 80)
        Site.objects.filter(is_default_site=True).exclude(hostname=address.hostname, port=port).update(
            hostname=address.hostname, port=port
        )
        Site.clear_site_root_paths_cache()

    @staticmethod
    def _save(obj):
        """Validate like the admin would (lengths, choices, uniqueness) before saving, on any database."""
        obj.full_clean()
        obj.save()
        return obj

    def _source_ids(self, keys):
        return [self.sources[k] for k in keys]

    # --- StreamField data ----------------------------------------------------------------

    def _stream(self, spec, cited=True):
        """Raw StreamField JSON from the content modules' tuples (see content.py)."""
        blocks = []
        for item in spec:
            kind = item[0]
            if kind == "h":
                value = {"text": item[1]}
                block_type = "heading"
            elif kind == "p" and cited:
                block_type = "paragraph"
                keys = item[2] if len(item) > 2 else []
                value = {
                    "text": item[1],
                    "citations": [
                        {
                            "type": "item",
                            "id": _id(),
                            "value": {"source": self.sources[k].pk, "locator": "", "note": ""},
                        }
                        for k in keys
                    ],
                }
            elif kind == "p":
                block_type, value = "paragraph", item[1]
            elif kind == "quote":
                block_type = "quote"
                source_key = item[3] if len(item) > 3 else None
                value = {
                    "quote": item[1],
                    "attribution": item[2],
                    "source": self.sources[source_key].pk if source_key else None,
                }
            elif kind == "figures":
                block_type = "figures"
                value = {
                    "heading": item[1],
                    "explanation": item[2],
                    "estimates": [
                        {
                            "type": "item",
                            "id": _id(),
                            "value": {
                                "low": e["low"],
                                "high": e.get("high"),
                                "qualifier": e.get("qualifier", ""),
                                "given_by": e["given_by"],
                                "source": self.sources[e["source"]].pk if e.get("source") else None,
                                "note": e.get("note", ""),
                            },
                        }
                        for e in item[3]
                    ],
                }
            else:
                raise DemoError(f"Unknown block {kind!r}")
            blocks.append({"type": block_type, "value": value, "id": _id()})
        return json.dumps(blocks)

    # --- snippets ------------------------------------------------------------------------

    def _sources(self):
        found = {}
        for key, data in content.SOURCES.items():
            source = Source.objects.filter(locale=self.en, title=data["title"]).first()
            if source is None:
                source = self._save(Source(locale=self.en, **data))
                self.created["sources"] += 1
            found[key] = source
        return found

    def _places(self):
        found = {}
        for data in content.PLACES:
            data = dict(data)
            slug, source_keys = data.pop("slug"), data.pop("sources")
            place = Place.objects.filter(locale=self.en, slug=slug).first()
            if place is None:
                for coord in ("latitude", "longitude"):
                    if coord in data:
                        data[coord] = Decimal(data[coord])
                place = self._save(Place(locale=self.en, slug=slug, **data))
                place.sources.set(self._source_ids(source_keys))
                self.created["places"] += 1
            found[slug] = place
        return found

    def _themes(self):
        found = {}
        for data in content.THEMES:
            theme = Theme.objects.filter(locale=self.en, slug=data["slug"]).first()
            if theme is None:
                theme = self._save(Theme(locale=self.en, **data))
                self.created["themes"] += 1
            found[data["slug"]] = theme
        return found

    def _events(self):
        found = {}
        for data in content.EVENTS:
            event = Event.objects.filter(locale=self.en, title=data["title"]).first()
            if event is None:
                event = Event(
                    locale=self.en,
                    title=data["title"],
                    date=_date(data["date"]),
                    date_precision=data["date_precision"],
                    end_date=_date(data.get("end_date")),
                    sort_order=data.get("sort_order", 0),
                    description=data["description"],
                )
                event.places = [self.places[s] for s in data["places"]]
                event.sources = self._source_ids(data["sources"])
                self._save(event)
                self.created["timeline events"] += 1
            found[data["key"]] = event
        return found

    # --- images --------------------------------------------------------------------------

    def _image(self, title, make, filename):
        image_model = get_image_model()
        image = image_model.objects.filter(title=title).first()
        if image is not None:
            return image
        data = make()
        image = image_model(title=title, file=ImageFile(BytesIO(data), name=filename))
        image.file_size = len(data)
        image.file_hash = hash_filelike(BytesIO(data))
        image.save()
        self.created["images"] += 1
        return image

    # --- the names memorial --------------------------------------------------------------

    def _remembrances(self):
        found = {}
        for data in samples.REMEMBRANCES:
            person = Remembrance.objects.filter(is_sample=True, name_latin=data["name_latin"]).first()
            if person is None:
                birth, birth_precision = data.get("birth", (None, content.YEAR))
                death, death_precision = data.get("death", (None, content.DAY))
                photo = None
                if data.get("portrait"):
                    n = data["portrait"]
                    photo = self._image(
                        f"Sample portrait {n:02d} (not a real person)",
                        lambda n=n: images.sample_portrait(n, hue=n),
                        f"sample-portrait-{n:02d}.jpg",
                    )
                life_story = samples.SAMPLE_NOTICE + data.get("life_story", "")
                person = Remembrance(
                    is_sample=True,
                    name_latin=data["name_latin"],
                    name_ar=data["name_ar"],
                    name_variants=data["name_variants"],
                    birth_date=_date(birth),
                    birth_date_precision=birth_precision,
                    death_date=_date(death),
                    death_date_precision=death_precision,
                    age=data.get("age"),
                    fate=data["fate"],
                    place=self.places[data["place"]],
                    circumstances=data["circumstances"],
                    photo=photo,
                    record_source=samples.RECORD_SOURCE,
                    live=True,
                )
                person.life_story = self._stream([("p", life_story)], cited=False)
                self._save(person)
                person.save_revision().publish()
                self.created["people remembered (samples)"] += 1
            found[data["key"]] = person
        return found

    # --- pages ---------------------------------------------------------------------------

    def _child(self, parent, model, slug, relations=None, **fields):
        """The page with this slug under parent, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, locale_id=parent.locale_id, **fields)
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created["pages"] += 1
        return page

    def _index(self, parent, model, slug):
        data = content.INDEX_PAGES[slug]
        return self._child(parent, model, slug, show_in_menus=True, **data)

    def _standard(self, data, show_in_menus=False):
        return self._child(
            self.home,
            StandardPage,
            data["slug"],
            title=data["title"],
            introduction=data["introduction"],
            body=self._stream(data["body"]),
            show_in_menus=show_in_menus,
            relations={"sources": self._source_ids(data["sources"])},
        )

    def _pages(self):
        pages = {}
        pages["testimonies"] = self._index(self.home, TestimonyIndexPage, "testimonies")
        pages["names"] = self._index(self.home, RemembranceIndexPage, "names")
        pages["history"] = self._index(self.home, HistoryIndexPage, "history")
        for data in content.ARTICLES:
            pages[data["slug"]] = self._child(
                pages["history"],
                ArticlePage,
                data["slug"],
                title=data["title"],
                introduction=data["introduction"],
                content_note=data["content_note"],
                body=self._stream(data["body"]),
                relations={
                    "places": [self.places[s] for s in data["places"]],
                    "events": [self.events[k] for k in data["events"]],
                    "sources": self._source_ids(data["sources"]),
                },
            )
        pages["timeline"] = self._index(pages["history"], TimelinePage, "timeline")
        pages["places"] = self._index(pages["history"], PlaceIndexPage, "places")
        pages["about"] = self._standard(content.ABOUT_PAGE, show_in_menus=True)
        pages["contribute"] = self._standard(content.CONTRIBUTE_PAGE)

        for data in samples.TESTIMONIES:
            pages[data["slug"]] = self._child(
                pages["testimonies"],
                TestimonyPage,
                data["slug"],
                title=data["title"],
                is_sample=True,
                witness_display=data["witness_display"],
                witness_name=data.get("witness_name", ""),
                witness_pseudonym=data.get("witness_pseudonym", ""),
                witness_relation=data["witness_relation"],
                interview_date=_date(data["interview_date"]),
                interviewer=data["interviewer"],
                language=data["language"],
                summary=data["summary"],
                content_note=data["content_note"],
                body=self._stream(data["body"], cited=False),
                relations={
                    "places": [self.places[s] for s in data["places"]],
                    "events": [self.events[k] for k in data["events"]],
                    "themes": [self.themes[s] for s in data["themes"]],
                    "sources": self._source_ids(data["sources"]),
                    "people": [
                        TestimonyPerson(person=self.people[key], note=note, sort_order=i)
                        for i, (key, note) in enumerate(data["people"])
                    ],
                },
            )
        return pages

    def _fill_home(self):
        """Fill the English home page the migration left bare; leave it alone once filled."""
        # A fresh copy: publishing a stale instance would write back an old numchild and hide children.
        home = HomePage.objects.get(pk=self.home.pk)
        # The migration gives the page a statement but never an image: an image means it was filled.
        if home.hero_image_id is not None:
            return
        for field, value in content.HOME.items():
            setattr(home, field, value)
        home.hero_image = self.hero
        home.contribute_page = self.pages["contribute"]
        home.featured_testimonies = [
            HomePageFeaturedTestimony(testimony=self.pages[slug], sort_order=i)
            for i, slug in enumerate(samples.FEATURED_TESTIMONIES)
        ]
        home.save_revision().publish()
        self.created["home pages filled"] += 1

    # --- Arabic --------------------------------------------------------------------------

    def _translate(self, page, **fields):
        """The Arabic translation of page, created with Wagtail's translation copy if missing."""
        existing = page.get_translation_or_none(self.ar)
        if existing is not None:
            return existing.specific
        translation = page.copy_for_translation(self.ar, copy_parents=True)
        translation = type(page).objects.get(pk=translation.pk)
        for field, value in fields.items():
            setattr(translation, field, value)
        translation.save_revision().publish()
        self.created["pages (Arabic)"] += 1
        return translation

    def _arabic(self):
        ar_home = self.home.get_translation_or_none(self.ar)
        if ar_home is None:
            return
        ar_home = ar_home.specific
        for key in ("testimonies", "names", "history", "timeline", "places"):
            self._translate(self.pages[key], **content_ar.INDEX_PAGES[key])
        self._translate(
            self.pages["about"],
            title=content_ar.ABOUT_PAGE["title"],
            introduction=content_ar.ABOUT_PAGE["introduction"],
            body=self._stream(content_ar.ABOUT_PAGE["body"]),
        )
        contribute = self._translate(
            self.pages["contribute"],
            title=content_ar.CONTRIBUTE_PAGE["title"],
            introduction=content_ar.CONTRIBUTE_PAGE["introduction"],
            body=self._stream(content_ar.CONTRIBUTE_PAGE["body"]),
        )
        ar_home = HomePage.objects.get(pk=ar_home.pk)  # fresh: the copies above added its children
        if ar_home.hero_image_id is None:
            for field, value in content_ar.HOME.items():
                setattr(ar_home, field, value)
            ar_home.hero_image = self.hero
            ar_home.contribute_page = contribute
            ar_home.save_revision().publish()
            self.created["home pages filled"] += 1
        self._arabic_snippets()

    def _ar_twin(self, model, original):
        return model.objects.filter(locale=self.ar, translation_key=original.translation_key).first()

    def _arabic_snippets(self):
        ar_places = {}
        for slug, place in self.places.items():
            twin = self._ar_twin(Place, place)
            if twin is None:
                data = content_ar.PLACES[slug]
                twin = Place(
                    locale=self.ar,
                    translation_key=place.translation_key,
                    slug=place.slug,
                    kind=place.kind,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    name=data["name"],
                    other_names=data.get("other_names", ""),
                    description=data["description"],
                )
                self._save(twin)
                twin.sources.set(place.sources.all())
                self.created["places (Arabic)"] += 1
            ar_places[place.pk] = twin
        for slug, theme in self.themes.items():
            if self._ar_twin(Theme, theme) is None:
                self._save(
                    Theme(
                        locale=self.ar,
                        translation_key=theme.translation_key,
                        slug=theme.slug,
                        **content_ar.THEMES[slug],
                    )
                )
                self.created["themes (Arabic)"] += 1
        for key, event in self.events.items():
            if self._ar_twin(Event, event) is None:
                twin = Event(
                    locale=self.ar,
                    translation_key=event.translation_key,
                    date=event.date,
                    date_precision=event.date_precision,
                    end_date=event.end_date,
                    sort_order=event.sort_order,
                    **content_ar.EVENTS[key],
                )
                twin.places = [ar_places[p.pk] for p in event.places.all()]
                twin.sources = list(event.sources.all())
                self._save(twin)
                self.created["timeline events (Arabic)"] += 1

    # --- users ---------------------------------------------------------------------------

    def _users(self):
        user_model = get_user_model()
        for username, group_name, superuser in DEMO_USERS:
            user = user_model.objects.filter(username=username).first()
            if user is None:
                email = f"{username}@example.org"
                if superuser:
                    user = user_model.objects.create_superuser(username, email, DEMO_PASSWORD)
                else:
                    user = user_model.objects.create_user(
                        username, email, DEMO_PASSWORD, first_name=username.capitalize(), last_name="(demo)"
                    )
                self.created["users"] += 1
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            self.users.append((username, group_name or "superuser"))
