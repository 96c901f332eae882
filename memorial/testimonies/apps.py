from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "memorial.testimonies"
    label = "testimonies"
    verbose_name = "testimonies"
