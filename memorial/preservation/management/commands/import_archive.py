"""Restore a full export into an empty site."""

from django.core.management.base import BaseCommand, CommandError

from memorial.preservation.bag import BagRefused
from memorial.preservation.restore import import_archive


class Command(BaseCommand):
    help = (
        "Restore a full export (a BagIt bag made by export_archive) into a freshly migrated, empty database and "
        "empty storage. The bag is validated first; nothing is written if it fails, and a failure half-way "
        "leaves nothing behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="The folder holding the bag.")

    def handle(self, *args, **options):
        try:
            result = import_archive(options["src"])
        except BagRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {result.rows} records and {result.files} files from {options['src']}.")
