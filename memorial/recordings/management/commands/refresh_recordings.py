"""Remake public copies of recordings whose withheld moments changed (run daily: seals end on dates)."""

from django.core.management.base import BaseCommand

from memorial.publication import lifecycle
from memorial.recordings.models import Recording
from memorial.recordings.signals import refresh_recording


class Command(BaseCommand):
    help = "Make or update the public copies of recordings (silenced where withheld, metadata stripped)."

    def handle(self, *args, **options):
        made = 0
        for recording in Recording.objects.select_related("media", "alternative").iterator():
            made += bool(refresh_recording(recording))
        # Run from cron in its own process: the web workers learn of changed copies from the generation.
        lifecycle.changed()
        self.stdout.write(f"{made} public copies made or updated.")
