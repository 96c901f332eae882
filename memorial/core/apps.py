from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorial.core"
    label = "core"
    verbose_name = "archive core"

    def ready(self):
        from .navigation import connect_signals

        connect_signals()
