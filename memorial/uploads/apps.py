from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    name = "memorial.uploads"
    label = "uploads"
    verbose_name = _("safe uploads")

    def ready(self):
        # Imported here, not at the top: both import models, which exist only once apps are loaded.
        from . import held, signals

        signals.connect()
        held.connect()
