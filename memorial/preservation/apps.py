from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    name = "memorial.preservation"
    label = "preservation"
    verbose_name = _("preservation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: they import models, which exist only once apps are loaded
        # (tasks registers the daily check with the schedule).
        from . import fixity, tasks  # noqa: F401

        fixity.connect()
