from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "memorial.testimonies"
    label = "testimonies"
    verbose_name = "testimonies"

    def ready(self):
        # Imported here, not at the top: both define or import models, which exist only once apps are loaded.
        from memorial.core import navigation
        from memorial.publication import states

        from .models import TestimonyIndexPage, TestimonyPage

        # A theme links to the testimonies index, filtered to it.
        navigation.register_section("testimonies", TestimonyIndexPage)
        # Harvesters (OAI-PMH) collect testimonies.
        states.register_family("testimony", TestimonyPage)
