from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "memorial.api"
    label = "memorial_api"
    verbose_name = _("open data: IIIF manifests and the JSON API")
