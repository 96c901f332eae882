from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "memorial.testimonies"
    label = "testimonies"
    verbose_name = "testimonies"

    def ready(self):
        # Imported here, not at the top: both define or import models, which exist only once apps are loaded.
        from memorial.core import navigation

        from .models import TestimonyIndexPage

        # A theme links to the testimonies index, filtered to it.
        navigation.register_section("testimonies", TestimonyIndexPage)
