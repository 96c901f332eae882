from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "memorial.history"
    label = "history"
    verbose_name = "historical context"

    def ready(self):
        # Imported here, not at the top: both define or import models, which exist only once apps are loaded.
        from memorial.core import navigation
        from memorial.core.models import Place
        from memorial.publication import identifiers, lifecycle, states

        from .models import ArticlePage, Event, HistoryIndexPage, PlaceIndexPage, TimelinePage

        # Pages show events: a save or delete tells the caches.
        lifecycle.register_shown(Event)

        # Other pages link to a place and to an event through these sections.
        navigation.register_section("history", HistoryIndexPage)
        navigation.register_section("places", PlaceIndexPage)
        navigation.register_section("timeline", TimelinePage)
        navigation.register_route("place", PlaceIndexPage, "place_route")

        # Places and events have permanent identifiers (/id/<uuid>/) shared by their translations.
        identifiers.register("place", Place, PlaceIndexPage.public_address)
        identifiers.register("event", Event, Event.public_address)
        # Harvesters (OAI-PMH) collect the articles.
        states.register_family("article", ArticlePage)
