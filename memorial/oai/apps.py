from django.apps import AppConfig


class OaiConfig(AppConfig):
    name = "memorial.oai"
    label = "oai"
    verbose_name = "OAI-PMH"
