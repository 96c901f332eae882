from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorial.core"
    label = "core"
    verbose_name = "archive core"
