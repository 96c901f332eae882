from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "memorial.submissions"
    label = "submissions"
    verbose_name = _("public submissions")

    def ready(self):
        # Here, not at the top: publishing uses models, which exist only once the apps are loaded.
        from . import publishing

        publishing.connect()
