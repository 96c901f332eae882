from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "memorial.accounts"
    label = "accounts"
    verbose_name = _("staff accounts")

    def ready(self):
        # Imported here, not at the top: the receivers import models, which exist only once apps are loaded.
        from . import sessions

        sessions.connect()
