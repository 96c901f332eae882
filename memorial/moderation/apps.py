from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "memorial.moderation"
    label = "moderation"
    verbose_name = "moderation"
