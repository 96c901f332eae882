from django.apps import AppConfig


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = "names memorial"

    def ready(self):
        from memorial.publication import gate

        from .models import Remembrance

        # A person is public while live: merging, withdrawal and archive-only consent unpublish.
        gate.register_records(Remembrance, lambda queryset: queryset.filter(live=True))
