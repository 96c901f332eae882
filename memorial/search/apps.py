from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "memorial.search"
    label = "memorial_search"
    verbose_name = "site search"
