from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "memorial.history"
    label = "history"
    verbose_name = "historical context"
