from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "memorial.publication"
    label = "publication"
    verbose_name = _("publication")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import lifecycle, page_cache, tasks  # noqa: F401 (page_cache registers its Wagtail hook, tasks its schedule)

        lifecycle.connect()
