from django.apps import AppConfig


class StructuredDataConfig(AppConfig):
    name = "memorial.structured_data"
    label = "structured_data"
    verbose_name = "structured data"
