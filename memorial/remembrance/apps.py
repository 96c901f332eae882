from django.apps import AppConfig


class RemembranceConfig(AppConfig):
    name = "memorial.remembrance"
    label = "remembrance"
    verbose_name = "names memorial"

    def ready(self):
        # Imported here, not at the top: they define or import models, which exist only once apps are loaded.
        from django.db.models.signals import post_migrate

        from memorial.core import navigation
        from memorial.publication import gate, identifiers, states

        from . import keyindex
        from .models import Remembrance, RemembranceIndexPage

        # On SQLite a migration that rebuilds the people's table drops the triggers keeping the name
        # index: after every migration, whatever is missing is made again (nothing when all is there).
        post_migrate.connect(keyindex.ensure_after_migrate, sender=self, dispatch_uid="memorial_name_index")

        # A person is public while live: merging, withdrawal and archive-only consent unpublish.
        gate.register_records(Remembrance, lambda queryset: queryset.filter(gate.live()))
        # A person's address, and the names of a place, are under the names index of the visitor's language.
        navigation.register_section("names", RemembranceIndexPage)
        navigation.register_route("person", RemembranceIndexPage, "person")
        # A person's permanent identifier (/id/<uuid>/) sends the visitor to the record's page.
        identifiers.register(
            "person",
            Remembrance,
            Remembrance.public_address,
            field="identifier",
            successor=lambda person: person.merged_into,  # a merged record leads to the one kept
        )
        # Harvesters (OAI-PMH) collect the people's records.
        states.register_family("person", Remembrance, field="identifier")
