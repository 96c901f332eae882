"""Recompute every person's search keys, sort fields and the spelling vocabulary (after the name rules change)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from memorial.publication import lifecycle
from memorial.remembrance.indexing import rebuild
from memorial.remembrance.models import NameKey, NameSpelling, Remembrance


class Command(BaseCommand):
    help = "Recompute the name search keys and sort fields of every person, in one transaction."

    def handle(self, *args, **options):
        with transaction.atomic():
            rebuild(Remembrance, NameKey, NameSpelling)
            # What a name search finds has changed: no cached search page or vocabulary outlives it.
            lifecycle.changed()
        self.stdout.write(f"Rebuilt the name keys of {Remembrance.objects.count()} people.")
