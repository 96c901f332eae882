from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordingsConfig(AppConfig):
    name = "memorial.recordings"
    label = "recordings"
    verbose_name = _("recordings and transcripts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: the signals import models, which exist only once apps are loaded.
        from . import signals

        signals.connect()
