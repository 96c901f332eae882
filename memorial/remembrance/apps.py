from django.apps import AppConfig


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = "names memorial"
