from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "memorial.demo"
    label = "demo"
    verbose_name = "Demo content"
