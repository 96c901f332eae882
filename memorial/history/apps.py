from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "memorial.history"
    label = "history"
    verbose_name = "historical context"

    def ready(self):
        # Imported here, not at the top: both define or import models, which exist only once apps are loaded.
        from memorial.core import navigation
        from memorial.publication import lifecycle

        from .models import Event, HistoryIndexPage, PlaceIndexPage, TimelinePage

        # Pages show events: a save or delete tells the caches.
        lifecycle.register_shown(Event)

        # Other pages link to a place and to an event through these sections.
        navigation.register_section("history", HistoryIndexPage)
        navigation.register_section("places", PlaceIndexPage)
        navigation.register_section("timeline", TimelinePage)
        navigation.register_route("place", PlaceIndexPage, "place_route")
