from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "memorial.consent"
    label = "consent"
    verbose_name = _("consent")

    def ready(self):
        from memorial.publication import lifecycle

        from .services import enforce_on_publish

        lifecycle.register_consent_rule(enforce_on_publish)
