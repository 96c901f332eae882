from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "memorial.submissions"
    label = "submissions"
    verbose_name = _("public submissions")

    def ready(self):
        # Here, not at the top: these use models, which exist only once the apps are loaded.
        from memorial.remembrance import panels

        from . import publishing
        from .models import Submission

        publishing.connect()
        # The review panels on a person's record and a testimony show the submission they came from.
        panels.register_submissions(Submission)
