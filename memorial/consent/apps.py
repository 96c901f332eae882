from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "memorial.consent"
    label = "consent"
    verbose_name = _("consent")

    def ready(self):
        # Here, not at the top: the services use models, which exist only once the apps are loaded.
        # Publication sits below consent; consent gives it the rules it cannot import.
        from memorial.publication import gate, lifecycle

        from .services import enforce_on_publish, holds_back

        gate.register_hold_back(holds_back)
        lifecycle.register_consent_rule(enforce_on_publish)
