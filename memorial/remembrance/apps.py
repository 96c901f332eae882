from django.apps import AppConfig


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = "names memorial"

    def ready(self):
        # Imported here, not at the top: both define or import models, which exist only once apps are loaded.
        from memorial.publication import gate

        from .models import Remembrance

        # A person is public while live: merging, withdrawal and archive-only consent unpublish.
        gate.register_records(Remembrance, lambda queryset: queryset.filter(live=True))
