from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    name = "memorial.preservation"
    label = "preservation"
    verbose_name = _("preservation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: it imports models, which exist only once apps are loaded.
        from . import fixity

        fixity.connect()
